/**
 * The availability engine: worked examples, then properties over daylight-saving change days
 * checked against a brute-force oracle that knows nothing of the engine's internals — it asks
 * `Intl` (not @internationalized/date) for the zone's wall clock minute by minute and applies the
 * rule literally: a slot at instant s is available when the wall clock reads a candidate minute
 * at s and reads the range's date and a minute inside the range for every minute of [s, s + d).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CalendarDateTime, toZoned } from '@internationalized/date';
import {
	availableDates,
	availableTimes,
	busyIntervalOf,
	dayBoundsUtc,
	localParts,
	type Interval,
	type LocalRange,
	type ScheduleRules,
	type SlotRequest
} from './availability';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SYDNEY = 'Australia/Sydney';
const LONG_AGO = new Date('2000-01-01T00:00:00Z');
/** Notice and horizon that never bite (from LONG_AGO). */
const UNBOUNDED = { minNoticeMinutes: 0, horizonDays: 100_000 };

const range = (from: string, to: string): LocalRange => ({ startMinute: minuteOf(from), endMinute: minuteOf(to) });
function minuteOf(hhmm: string): number {
	const [h, m] = hhmm.split(':').map(Number);
	return (h ?? 0) * 60 + (m ?? 0);
}
function hhmm(minute: number): string {
	return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
/** "YYYY-MM-DD HH:MM" in the zone. */
function local(instant: Date, timeZone = SYDNEY): string {
	const { date, minute } = localParts(instant, timeZone);
	return `${date} ${hhmm(minute)}`;
}
/** The UTC offset of `instant` in `timeZone`, "+10:00"-style, as `Intl` reports it. */
function offsetName(instant: Date, timeZone: string): string {
	const name = new Intl.DateTimeFormat('en-AU', { timeZone, timeZoneName: 'longOffset' })
		.formatToParts(instant)
		.find((p) => p.type === 'timeZoneName')?.value;
	return (name ?? '').replace('GMT', '') || '+00:00';
}

/** Mon–Fri 09:00–17:00 in Sydney, 30-minute steps. */
const weekdayClinic: ScheduleRules = {
	timeZone: SYDNEY,
	weeklyHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, ranges: [range('09:00', '17:00')] })),
	overrides: [],
	slotIntervalMinutes: 30,
	...UNBOUNDED
};
/** A 60-minute appointment type with 15 minutes of padding each side. */
const hourWithPadding: SlotRequest = { durationMinutes: 60, paddingBeforeMinutes: 15, paddingAfterMinutes: 15 };
const noPadding = (durationMinutes: number): SlotRequest => ({
	durationMinutes,
	paddingBeforeMinutes: 0,
	paddingAfterMinutes: 0
});
/** Rules whose only hours are `ranges` on `date` (an override). */
function onlyOn(timeZone: string, date: string, ranges: LocalRange[], slotIntervalMinutes = 30): ScheduleRules {
	return { timeZone, weeklyHours: [], overrides: [{ date, ranges }], slotIntervalMinutes, ...UNBOUNDED };
}
const times = (date: string, rules: ScheduleRules, request: SlotRequest, busy: Interval[] = [], now = LONG_AGO) =>
	availableTimes(rules, request, date, busy, now).map((t) => local(t, rules.timeZone).slice(11));

// -------------------------------------------------------------------------------------------
// Examples
// -------------------------------------------------------------------------------------------

describe('availableTimes — examples', () => {
	it('offers every 30 minutes from opening until the last hour that fits before closing (padding does not shrink the day)', () => {
		// Tuesday 10 March 2026, AEDT (+11:00).
		const slots = availableTimes(weekdayClinic, hourWithPadding, '2026-03-10', [], LONG_AGO);
		expect(slots.map((t) => local(t))).toEqual(
			[
				'09:00',
				'09:30',
				'10:00',
				'10:30',
				'11:00',
				'11:30',
				'12:00',
				'12:30',
				'13:00',
				'13:30',
				'14:00',
				'14:30',
				'15:00',
				'15:30',
				'16:00'
			].map((t) => `2026-03-10 ${t}`)
		);
		expect(slots[0]?.toISOString()).toBe('2026-03-09T22:00:00.000Z');
		// After daylight saving ends, 09:00 is +10:00.
		expect(availableTimes(weekdayClinic, hourWithPadding, '2026-05-12', [], LONG_AGO)[0]?.toISOString()).toBe('2026-05-11T23:00:00.000Z');
		// No weekly hours on the weekend.
		expect(availableTimes(weekdayClinic, hourWithPadding, '2026-03-15', [], LONG_AGO)).toEqual([]);
	});

	it('a date override with no ranges closes that date only', () => {
		const rules = { ...weekdayClinic, overrides: [{ date: '2026-03-11', ranges: [] }] };
		expect(times('2026-03-11', rules, hourWithPadding)).toEqual([]);
		expect(times('2026-03-12', rules, hourWithPadding)).toHaveLength(15);
		expect(times('2026-03-10', rules, hourWithPadding)).toHaveLength(15);
	});

	it('a date override opens a Saturday (and replaces, not adds to, the weekly hours of a weekday)', () => {
		const rules = {
			...weekdayClinic,
			overrides: [
				{ date: '2026-03-14', ranges: [range('10:00', '12:00')] },
				{ date: '2026-03-16', ranges: [range('13:00', '14:30')] }
			]
		};
		expect(times('2026-03-14', rules, hourWithPadding)).toEqual(['10:00', '10:30', '11:00']);
		expect(times('2026-03-21', rules, hourWithPadding)).toEqual([]); // the next Saturday is still closed
		expect(times('2026-03-16', rules, hourWithPadding)).toEqual(['13:00', '13:30']);
	});

	it('a closed date (a public holiday) offers nothing, unless an override opens it as an extra session', () => {
		const closedOn = (date: string) => date === '2026-12-25' || date === '2026-12-28';
		const rules = { ...weekdayClinic, closedOn, overrides: [{ date: '2026-12-28', ranges: [range('09:00', '11:00')] }] };
		expect(times('2026-12-25', rules, hourWithPadding)).toEqual([]); // Christmas Day, a Friday
		expect(times('2026-12-24', rules, hourWithPadding)).toHaveLength(15);
		expect(times('2026-12-28', rules, hourWithPadding)).toEqual(['09:00', '09:30', '10:00']);
		expect(availableDates(rules, hourWithPadding, '2026-12', [], LONG_AGO)).not.toContain('2026-12-25');
	});

	it('weekly hours follow the ISO weekday (7 = Sunday) and several ranges a day', () => {
		const rules: ScheduleRules = {
			...weekdayClinic,
			weeklyHours: [{ weekday: 7, ranges: [range('08:00', '09:00'), range('13:00', '14:00')] }]
		};
		expect(times('2026-03-15', rules, noPadding(30))).toEqual(['08:00', '08:30', '13:00', '13:30']); // Sunday
		expect(times('2026-03-16', rules, noPadding(30))).toEqual([]); // Monday
	});

	it('a busy interval removes the slots whose padded interval overlaps it, on both sides; touching is fine', () => {
		// Another 60-minute appointment at 11:00 with the same 15-minute padding: busy 10:45–12:15.
		const other = new Date('2026-03-10T00:00:00Z'); // 11:00 AEDT
		const busy = busyIntervalOf(other, 60, 15, 15);
		expect([local(busy.start), local(busy.end)]).toEqual(['2026-03-10 10:45', '2026-03-10 12:15']);
		// A 09:30 slot's padded interval is 09:15–10:45 (ends where busy starts): kept.
		// 10:00–12:00 slots reach into 10:45–12:15: removed. 12:30's padded interval starts at 12:15: kept.
		expect(times('2026-03-10', weekdayClinic, hourWithPadding, [busy])).toEqual([
			'09:00',
			'09:30',
			'12:30',
			'13:00',
			'13:30',
			'14:00',
			'14:30',
			'15:00',
			'15:30',
			'16:00'
		]);
		// A bare 11:00–12:00 busy interval: with 15 minutes' padding each side 10:00–12:00 clash
		// (10:00 pads to 09:45–11:15, 12:00 to 11:45–13:15); without padding only 10:30–11:30 do.
		const bare = { start: other, end: new Date('2026-03-10T01:00:00Z') };
		expect(times('2026-03-10', weekdayClinic, hourWithPadding, [bare])).toEqual([
			'09:00',
			'09:30',
			'12:30',
			'13:00',
			'13:30',
			'14:00',
			'14:30',
			'15:00',
			'15:30',
			'16:00'
		]);
		expect(times('2026-03-10', weekdayClinic, noPadding(60), [bare])).toEqual([
			'09:00',
			'09:30',
			'10:00',
			'12:00',
			'12:30',
			'13:00',
			'13:30',
			'14:00',
			'14:30',
			'15:00',
			'15:30',
			'16:00'
		]);
		// An empty busy interval blocks nothing.
		const empty = { start: other, end: other };
		expect(times('2026-03-10', weekdayClinic, hourWithPadding, [empty])).toHaveLength(15);
	});

	it('minimum notice and horizon cut the first and last slots', () => {
		const rules = { ...weekdayClinic, minNoticeMinutes: 60, horizonDays: 1 };
		const now = new Date('2026-03-09T23:10:00Z'); // Tuesday 10 March, 10:10 AEDT
		// Earliest start 11:10.
		expect(times('2026-03-10', rules, hourWithPadding, [], now)[0]).toBe('11:30');
		expect(times('2026-03-10', rules, hourWithPadding, [], now)).toHaveLength(10);
		// Horizon: strictly before Wednesday 10:10.
		expect(times('2026-03-11', rules, hourWithPadding, [], now)).toEqual(['09:00', '09:30', '10:00']);
		expect(times('2026-03-12', rules, hourWithPadding, [], now)).toEqual([]);
		// A start exactly at now + notice is allowed; exactly at the horizon is not.
		const exact = { ...weekdayClinic, minNoticeMinutes: 50, horizonDays: 1 };
		expect(times('2026-03-10', exact, hourWithPadding, [], now)[0]).toBe('11:00');
		const atNine = new Date('2026-03-09T22:00:00Z'); // 09:00 AEDT
		expect(times('2026-03-11', { ...weekdayClinic, minNoticeMinutes: 0, horizonDays: 1 }, hourWithPadding, [], atNine)).toEqual([]);
		expect(times('2026-03-10', { ...weekdayClinic, minNoticeMinutes: 0, horizonDays: 1 }, hourWithPadding, [], atNine)[0]).toBe('09:00');
	});
});

describe('availableTimes — daylight saving examples', () => {
	it('spring forward (Sydney, 4 Oct 2026): 02:00–02:59 does not exist and yields no slot', () => {
		const rules = onlyOn(SYDNEY, '2026-10-04', [range('01:00', '04:00')]);
		const slots = availableTimes(rules, noPadding(30), '2026-10-04', [], LONG_AGO);
		expect(slots.map((t) => local(t).slice(11))).toEqual(['01:00', '01:30', '03:00', '03:30']);
		// 01:30 +10:00 ends at 02:00 +10:00, which is 03:00 +11:00: fits.
		expect(slots.map((t) => t.toISOString())).toEqual([
			'2026-10-03T15:00:00.000Z',
			'2026-10-03T15:30:00.000Z',
			'2026-10-03T16:00:00.000Z',
			'2026-10-03T16:30:00.000Z'
		]);
	});

	it('spring forward: durations are real minutes, so the range is an hour shorter', () => {
		const rules = onlyOn(SYDNEY, '2026-10-04', [range('01:00', '04:00')], 60);
		// 01:00 + 2 h real = 04:00 +11:00 (fits exactly); 03:00 + 2 h = 05:00 (does not).
		expect(times('2026-10-04', rules, noPadding(120))).toEqual(['01:00']);
		expect(times('2026-10-04', rules, noPadding(150))).toEqual([]);
		// A range ending inside the gap ends when the clock jumps: 01:00–02:30 lasts one real hour.
		const intoGap = onlyOn(SYDNEY, '2026-10-04', [range('01:00', '02:30')], 30);
		expect(times('2026-10-04', intoGap, noPadding(60))).toEqual(['01:00']);
		expect(times('2026-10-04', intoGap, noPadding(30))).toEqual(['01:00', '01:30']);
		// A range starting inside the gap starts when the clock lands.
		const fromGap = onlyOn(SYDNEY, '2026-10-04', [range('02:30', '04:00')], 30);
		expect(times('2026-10-04', fromGap, noPadding(60))).toEqual(['03:00']);
	});

	it("fall back (Sydney, 5 Apr 2026): 02:00–02:59 happens twice and yields both instants, 'earlier' first", () => {
		const rules = onlyOn(SYDNEY, '2026-04-05', [range('01:00', '04:00')]);
		const slots = availableTimes(rules, noPadding(30), '2026-04-05', [], LONG_AGO);
		expect(slots.map((t) => `${local(t).slice(11)}${offsetName(t, SYDNEY)}`)).toEqual([
			'01:00+11:00',
			'01:30+11:00',
			'02:00+11:00',
			'02:30+11:00',
			'02:00+10:00',
			'02:30+10:00',
			'03:00+10:00',
			'03:30+10:00'
		]);
		// They are exactly @internationalized/date's 'earlier' and 'later' readings of 02:00.
		const twoAm = new CalendarDateTime(2026, 4, 5, 2, 0);
		expect(slots[2]?.getTime()).toBe(toZoned(twoAm, SYDNEY, 'earlier').toDate().getTime());
		expect(slots[4]?.getTime()).toBe(toZoned(twoAm, SYDNEY, 'later').toDate().getTime());
	});

	it('fall back: durations are real minutes, so the range is an hour longer', () => {
		const rules = onlyOn(SYDNEY, '2026-04-05', [range('01:00', '04:00')], 60);
		// 01:00 +11 + 3 h = 03:00 +10; 02:00 +11 + 3 h = 04:00 +10 (fits exactly); 02:00 +10 + 3 h = 05:00.
		const slots = availableTimes(rules, noPadding(180), '2026-04-05', [], LONG_AGO);
		expect(slots.map((t) => `${local(t).slice(11)}${offsetName(t, SYDNEY)}`)).toEqual(['01:00+11:00', '02:00+11:00']);
		expect(times('2026-04-05', rules, noPadding(240))).toEqual(['01:00']);
	});

	it('fall back: a repeated time yields an instant only when that instant fits the range', () => {
		// 01:00–02:30 is two pieces: 01:00–02:30 +11:00 and 02:00–02:30 +10:00 (in between the clock reads 02:30–02:59).
		const rules = onlyOn(SYDNEY, '2026-04-05', [range('01:00', '02:30')]);
		const labelled = (d: number) =>
			availableTimes(rules, noPadding(d), '2026-04-05', [], LONG_AGO).map((t) => `${local(t).slice(11)}${offsetName(t, SYDNEY)}`);
		expect(labelled(30)).toEqual(['01:00+11:00', '01:30+11:00', '02:00+11:00', '02:00+10:00']);
		expect(labelled(60)).toEqual(['01:00+11:00', '01:30+11:00']);
		// Starting inside the repeated hour: 02:30–04:00 is 02:30–03:00 +11:00 then 02:30–04:00 +10:00.
		const late = onlyOn(SYDNEY, '2026-04-05', [range('02:30', '04:00')]);
		expect(
			availableTimes(late, noPadding(30), '2026-04-05', [], LONG_AGO).map((t) => `${local(t).slice(11)}${offsetName(t, SYDNEY)}`)
		).toEqual(['02:30+11:00', '02:30+10:00', '03:00+10:00', '03:30+10:00']);
		expect(times('2026-04-05', late, noPadding(60))).toEqual(['02:30', '03:00']);
	});

	it('Lord Howe shifts by 30 minutes: 02:00–02:29 is skipped in October, 01:30–01:59 repeats in April', () => {
		const tz = 'Australia/Lord_Howe';
		const oct = availableTimes(onlyOn(tz, '2026-10-04', [range('01:00', '03:30')], 15), noPadding(15), '2026-10-04', [], LONG_AGO);
		expect(oct.map((t) => local(t, tz).slice(11))).toEqual(['01:00', '01:15', '01:30', '01:45', '02:30', '02:45', '03:00', '03:15']);
		const apr = availableTimes(onlyOn(tz, '2026-04-05', [range('01:00', '02:30')], 15), noPadding(15), '2026-04-05', [], LONG_AGO);
		expect(apr.map((t) => `${local(t, tz).slice(11)}${offsetName(t, tz)}`)).toEqual([
			'01:00+11:00',
			'01:15+11:00',
			'01:30+11:00',
			'01:45+11:00',
			'01:30+10:30',
			'01:45+10:30',
			'02:00+10:30',
			'02:15+10:30'
		]);
	});

	it('zones without daylight saving and with odd offsets', () => {
		const at9 = (tz: string) =>
			availableTimes(onlyOn(tz, '2026-10-04', [range('09:00', '10:00')]), noPadding(60), '2026-10-04', [], LONG_AGO);
		expect(at9('Australia/Brisbane')[0]?.toISOString()).toBe('2026-10-03T23:00:00.000Z');
		expect(at9('Australia/Darwin')[0]?.toISOString()).toBe('2026-10-03T23:30:00.000Z');
		expect(at9('Australia/Perth')[0]?.toISOString()).toBe('2026-10-04T01:00:00.000Z');
		expect(at9('Australia/Eucla')[0]?.toISOString()).toBe('2026-10-04T00:15:00.000Z');
		expect(at9('Australia/Adelaide')[0]?.toISOString()).toBe('2026-10-03T22:30:00.000Z'); // +10:30 after the change
		expect(at9('Australia/Hobart')[0]?.toISOString()).toBe('2026-10-03T22:00:00.000Z');
		expect(at9('Australia/Melbourne')[0]?.toISOString()).toBe('2026-10-03T22:00:00.000Z');
	});
});

describe('helpers', () => {
	it('dayBoundsUtc: local midnight to local midnight, 23/25 h on Sydney change days, 23.5/24.5 h on Lord Howe', () => {
		const hours = (date: string, tz: string) => {
			const b = dayBoundsUtc(date, tz);
			return (b.end.getTime() - b.start.getTime()) / HOUR;
		};
		expect(dayBoundsUtc('2026-04-05', SYDNEY)).toEqual({
			start: new Date('2026-04-04T13:00:00Z'),
			end: new Date('2026-04-05T14:00:00Z')
		});
		expect(hours('2026-04-05', SYDNEY)).toBe(25);
		expect(hours('2026-10-04', SYDNEY)).toBe(23);
		expect(hours('2026-10-05', SYDNEY)).toBe(24);
		expect(hours('2026-04-05', 'Australia/Lord_Howe')).toBe(24.5);
		expect(hours('2026-10-04', 'Australia/Lord_Howe')).toBe(23.5);
		expect(hours('2026-10-04', 'Australia/Adelaide')).toBe(23);
		expect(hours('2026-10-04', 'Australia/Brisbane')).toBe(24);
		expect(dayBoundsUtc('2026-03-10', 'Australia/Eucla').start).toEqual(new Date('2026-03-09T15:15:00Z'));
		// Samoa skipped 30 December 2011 entirely.
		expect(dayBoundsUtc('2011-12-30', 'Pacific/Apia')).toEqual({
			start: new Date('2011-12-30T10:00:00Z'),
			end: new Date('2011-12-30T10:00:00Z')
		});
		expect(
			availableTimes(onlyOn('Pacific/Apia', '2011-12-30', [range('00:00', '24:00')]), noPadding(30), '2011-12-30', [], LONG_AGO)
		).toEqual([]);
	});

	it('dayBoundsUtc answers the same when asked again (remembered), and a caller changing its answer changes nothing', () => {
		const first = dayBoundsUtc('2026-04-05', SYDNEY);
		first.start.setTime(0);
		first.end.setTime(0);
		expect(dayBoundsUtc('2026-04-05', SYDNEY)).toEqual({ start: new Date('2026-04-04T13:00:00Z'), end: new Date('2026-04-05T14:00:00Z') });
		expect(dayBoundsUtc('2026-04-05', 'Australia/Perth')).toEqual({
			start: new Date('2026-04-04T16:00:00Z'),
			end: new Date('2026-04-05T16:00:00Z')
		});
		expect(() => dayBoundsUtc('2026-02-30', SYDNEY)).toThrow(RangeError);
		expect(() => dayBoundsUtc('2026-02-30', SYDNEY)).toThrow(RangeError);
	});

	it('localParts gives the local date and minute, the same for both readings of a repeated time', () => {
		expect(localParts(new Date('2026-03-09T22:00:00Z'), SYDNEY)).toEqual({ date: '2026-03-10', minute: 540 });
		expect(localParts(new Date('2026-03-09T22:00:00Z'), 'Australia/Eucla')).toEqual({ date: '2026-03-10', minute: 405 });
		expect(localParts(new Date('2026-04-04T15:30:59Z'), SYDNEY)).toEqual({ date: '2026-04-05', minute: 150 });
		expect(localParts(new Date('2026-04-04T16:30:00Z'), SYDNEY)).toEqual({ date: '2026-04-05', minute: 150 });
	});

	it('busyIntervalOf pads both sides', () => {
		const b = busyIntervalOf(new Date('2026-03-10T00:00:00Z'), 45, 10, 20);
		expect(b).toEqual({ start: new Date('2026-03-09T23:50:00Z'), end: new Date('2026-03-10T01:05:00Z') });
	});

	it('rejects invalid input instead of looping or guessing', () => {
		const request = noPadding(30);
		const call =
			(rules: ScheduleRules, q = request, date = '2026-03-10', busy: Interval[] = [], now = LONG_AGO) =>
			() =>
				availableTimes(rules, q, date, busy, now);
		expect(call({ ...weekdayClinic, slotIntervalMinutes: 0 })).toThrow(RangeError);
		expect(call(weekdayClinic, noPadding(0))).toThrow(RangeError);
		expect(call(weekdayClinic, { ...request, paddingAfterMinutes: -5 })).toThrow(RangeError);
		expect(call(weekdayClinic, request, '2026-02-30')).toThrow(RangeError);
		expect(call(weekdayClinic, request, '10/03/2026')).toThrow(RangeError);
		expect(call({ ...weekdayClinic, timeZone: 'Mars/Olympus' })).toThrow(RangeError);
		expect(call(onlyOn(SYDNEY, '2026-03-10', [range('10:00', '09:00')]))).toThrow(RangeError);
		expect(call(onlyOn(SYDNEY, '2026-03-10', [{ startMinute: 0, endMinute: 1441 }]))).toThrow(RangeError);
		expect(call({ ...weekdayClinic, weeklyHours: [{ weekday: 0, ranges: [] }] })).toThrow(RangeError);
		expect(call(weekdayClinic, request, '2026-03-10', [{ start: new Date(Number.NaN), end: LONG_AGO }])).toThrow(RangeError);
		expect(call(weekdayClinic, request, '2026-03-10', [], new Date(Number.NaN))).toThrow(RangeError);
		expect(() => availableDates(weekdayClinic, request, '2026-3', [], LONG_AGO)).toThrow(RangeError);
		// The same rules, valid, do not throw.
		expect(call(weekdayClinic)()).toHaveLength(16);
	});
});

describe('availableDates — example', () => {
	it('lists the dates of the month with a slot left, in the clinic zone', () => {
		const rules: ScheduleRules = {
			...weekdayClinic,
			minNoticeMinutes: 60,
			horizonDays: 14,
			overrides: [
				{ date: '2026-03-11', ranges: [] },
				{ date: '2026-03-14', ranges: [range('10:00', '12:00')] }
			]
		};
		const now = new Date('2026-03-10T05:30:00Z'); // Tuesday 10 March, 16:30 AEDT: today's last slot (16:00) is gone
		// Thursday 12th's only free slot is 09:00 (padded 08:45–10:15) next to a booking: still listed.
		const busy = [{ start: new Date('2026-03-11T23:15:00Z'), end: new Date('2026-03-12T06:00:00Z') }]; // 12th 10:15–17:00
		expect(availableDates(rules, hourWithPadding, '2026-03', busy, now)).toEqual([
			'2026-03-12',
			'2026-03-13',
			'2026-03-14',
			'2026-03-16',
			'2026-03-17',
			'2026-03-18',
			'2026-03-19',
			'2026-03-20',
			'2026-03-23',
			'2026-03-24' // the horizon ends on the 24th at 16:30
		]);
		// Fully booked: the 12th drops out.
		const allDay = [{ start: new Date('2026-03-11T22:00:00Z'), end: new Date('2026-03-12T06:00:00Z') }];
		expect(availableDates(rules, hourWithPadding, '2026-03', allDay, now)).not.toContain('2026-03-12');
		expect(availableDates(rules, hourWithPadding, '2026-05', [], now)).toEqual([]);
	});
});

// -------------------------------------------------------------------------------------------
// Properties
// -------------------------------------------------------------------------------------------

/** `Intl`'s wall clock for an instant, written as UTC epoch ms (so wall − instant = offset). */
const intlFormatters = new Map<string, Intl.DateTimeFormat>();
function intlWall(ms: number, timeZone: string): number {
	let f = intlFormatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		intlFormatters.set(timeZone, f);
	}
	const part = (type: string) => Number(f.formatToParts(ms).find((p) => p.type === type)?.value);
	return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}
/**
 * Australian offsets are whole quarter hours and change at whole UTC quarter hours, so asking
 * `Intl` once per UTC quarter hour gives the wall clock of every minute.
 */
const quarterOffsets = new Map<string, number>();
function oracleWall(ms: number, timeZone: string): number {
	const quarter = Math.floor(ms / (15 * MIN)) * 15 * MIN;
	const key = `${timeZone}|${quarter}`;
	let offset = quarterOffsets.get(key);
	if (offset === undefined) {
		offset = intlWall(quarter, timeZone) - quarter;
		quarterOffsets.set(key, offset);
	}
	return ms + offset;
}

/** The candidate minutes of a range: start + k·interval below its end. */
function candidateMinutes(r: LocalRange, interval: number): number[] {
	const out: number[] = [];
	for (let m = r.startMinute; m < r.endMinute; m += interval) out.push(m);
	return out;
}

/** Brute force: the instants the rule says are available on `date` (no busy, notice, horizon). */
function oracle(timeZone: string, date: string, ranges: LocalRange[], interval: number, duration: number): number[] {
	const [y, m, d] = date.split('-').map(Number);
	const midnight = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1);
	const from = midnight - 15 * HOUR;
	const count = (39 + 13) * 60 + duration; // minutes in the window
	const walls: number[] = [];
	const byWall = new Map<number, number[]>(); // wall → window indices reading it
	for (let i = 0; i < count; i++) {
		const wall = oracleWall(from + i * MIN, timeZone);
		walls.push(wall);
		const readers = byWall.get(wall);
		if (readers) readers.push(i);
		else byWall.set(wall, [i]);
	}
	const found = new Set<number>();
	for (const r of ranges) {
		const lo = midnight + r.startMinute * MIN;
		const hi = midnight + r.endMinute * MIN;
		const inside = [0]; // prefix sums of "this minute's wall clock is inside the range"
		for (const wall of walls) inside.push((inside[inside.length - 1] ?? 0) + (wall >= lo && wall < hi ? 1 : 0));
		for (const minute of candidateMinutes(r, interval)) {
			for (const i of byWall.get(midnight + minute * MIN) ?? []) {
				const through = (inside[i + duration] ?? Number.NaN) - (inside[i] ?? 0);
				if (through === duration) found.add(from + i * MIN);
			}
		}
	}
	return [...found].sort((a, b) => a - b);
}

const DST_ZONES = ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Adelaide', 'Australia/Hobart', 'Australia/Lord_Howe'];
const FIXED_ZONES: Record<string, number> = {
	'Australia/Brisbane': 600,
	'Australia/Darwin': 570,
	'Australia/Perth': 480,
	'Australia/Eucla': 525
};

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** First Sunday of April or October of `year` (the change days since 2008), shifted by `shift` days. */
function changeDay(year: number, month: 4 | 10, shift: number): string {
	const first = Date.UTC(year, month - 1, 1);
	const toSunday = (7 - new Date(first).getUTCDay()) % 7;
	return isoDate(first + (toSunday + shift) * DAY);
}
const dstDateArb = fc
	.record({
		year: fc.integer({ min: 2008, max: 2037 }),
		month: fc.constantFrom<4 | 10>(4, 10),
		// Mostly the change day itself.
		shift: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -2, max: 2 }) })
	})
	.map(({ year, month, shift }) => changeDay(year, month, shift));
const anyDateArb = fc.integer({ min: Date.UTC(2010, 0, 1) / DAY, max: Date.UTC(2040, 11, 31) / DAY }).map((d) => isoDate(d * DAY));

const quarterOrAny = fc.oneof(
	fc.integer({ min: 0, max: 96 }).map((q) => q * 15),
	fc.integer({ min: 0, max: 1440 })
);
const rangeArb: fc.Arbitrary<LocalRange> = fc.oneof(
	// Covering the change hours: start 00:00–02:00, end 03:00–05:00.
	fc.record({
		startMinute: fc.integer({ min: 0, max: 8 }).map((q) => q * 15),
		endMinute: fc.integer({ min: 12, max: 20 }).map((q) => q * 15)
	}),
	// Starting and/or ending inside the change hours.
	fc.tuple(fc.integer({ min: 60, max: 240 }), fc.integer({ min: 60, max: 240 })).map(([a, b]) => ({
		startMinute: Math.min(a, b),
		endMinute: Math.max(a, b)
	})),
	fc.tuple(quarterOrAny, quarterOrAny).map(([a, b]) => ({ startMinute: Math.min(a, b), endMinute: Math.max(a, b) }))
);
const rangesArb = fc.array(rangeArb, { minLength: 1, maxLength: 3 });
const intervalArb = fc.oneof(fc.constantFrom(5, 10, 15, 20, 30, 45, 60, 90), fc.integer({ min: 1, max: 180 }));
const durationArb = fc.oneof(fc.constantFrom(15, 30, 45, 60, 90, 120, 180), fc.integer({ min: 1, max: 300 }));

/** The rules, either as weekly hours for every weekday or as an override for the date. */
function rulesFor(timeZone: string, date: string, ranges: LocalRange[], interval: number, viaOverride: boolean): ScheduleRules {
	return viaOverride
		? onlyOn(timeZone, date, ranges, interval)
		: {
				timeZone,
				weeklyHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, ranges })),
				overrides: [],
				slotIntervalMinutes: interval,
				...UNBOUNDED
			};
}

const dstCase = fc.record({
	timeZone: fc.constantFrom(...DST_ZONES),
	date: dstDateArb,
	ranges: rangesArb,
	interval: intervalArb,
	duration: durationArb,
	viaOverride: fc.boolean()
});

describe('availableTimes — properties over daylight-saving change days', () => {
	it('equals the brute-force oracle: no slot lost, none doubled, none shifted, sorted', () => {
		fc.assert(
			fc.property(dstCase, ({ timeZone, date, ranges, interval, duration, viaOverride }) => {
				const rules = rulesFor(timeZone, date, ranges, interval, viaOverride);
				const slots = availableTimes(rules, noPadding(duration), date, [], LONG_AGO).map((t) => t.getTime());

				// Strictly ascending: sorted and no instant twice.
				expect(slots.filter((s, i) => i > 0 && s <= (slots[i - 1] ?? Number.POSITIVE_INFINITY))).toEqual([]);
				// Not shifted: each slot reads, on that date, a candidate minute of one of the ranges.
				const shifted = slots
					.map((s) => localParts(new Date(s), timeZone))
					.filter(
						({ date: slotDate, minute }) =>
							slotDate !== date ||
							!ranges.some((r) => minute >= r.startMinute && minute < r.endMinute && (minute - r.startMinute) % interval === 0)
					);
				expect(shifted).toEqual([]);
				// Not lost, not doubled: exactly the oracle's instants, per candidate minute.
				expect(slots).toEqual(oracle(timeZone, date, ranges, interval, duration));
			}),
			{ numRuns: 150 }
		);
	});

	it('a non-existent wall-clock time yields nothing; a repeated one yields its earlier/later instants, each only when it fits', () => {
		fc.assert(
			fc.property(
				dstCase.filter((c) => c.interval >= 10),
				({ timeZone, date, ranges, interval, duration, viaOverride }) => {
					const rules = rulesFor(timeZone, date, ranges, interval, viaOverride);
					const slots = availableTimes(rules, noPadding(duration), date, [], LONG_AGO).map((t) => t.getTime());
					const parts = slots.map((s) => localParts(new Date(s), timeZone));
					const [y, mo, d] = date.split('-').map(Number);
					const midnight = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1);
					for (const r of ranges) {
						for (const minute of candidateMinutes(r, interval)) {
							const wall = new CalendarDateTime(y ?? 0, mo ?? 1, d ?? 1, Math.floor(minute / 60), minute % 60);
							const readings = [
								...new Set(
									(['earlier', 'later'] as const)
										.map((how) => toZoned(wall, timeZone, how))
										.filter((z) => z.hour * 60 + z.minute === minute && z.day === d) // a gap reading lands elsewhere
										.map((z) => z.toDate().getTime())
								)
							];
							const atMinute = slots.filter((_, i) => parts[i]?.date === date && parts[i]?.minute === minute);
							// Whatever is offered at this minute is one of its real readings (none in a gap).
							expect(atMinute.filter((s) => !readings.includes(s))).toEqual([]);
							// Each reading that fits the range in real time is offered.
							for (const reading of readings) {
								let fits = true;
								for (let t = reading; t < reading + duration * MIN && fits; t += MIN) {
									const clock = oracleWall(t, timeZone);
									fits = clock >= midnight + r.startMinute * MIN && clock < midnight + r.endMinute * MIN;
								}
								if (fits && !atMinute.includes(reading)) expect.fail(`${new Date(reading).toISOString()} fits but is not offered`);
							}
						}
					}
				}
			),
			{ numRuns: 100 }
		);
	});

	it('without daylight saving (Brisbane, Darwin, Perth, Eucla) the slots are the arithmetic ones at the fixed offset', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...Object.keys(FIXED_ZONES)),
				anyDateArb,
				rangesArb,
				intervalArb,
				durationArb,
				fc.boolean(),
				(timeZone, date, ranges, interval, duration, viaOverride) => {
					const rules = rulesFor(timeZone, date, ranges, interval, viaOverride);
					const slots = availableTimes(rules, noPadding(duration), date, [], LONG_AGO).map((t) => t.getTime());
					const minutes = new Set<number>();
					for (const r of ranges) for (const m of candidateMinutes(r, interval)) if (m + duration <= r.endMinute) minutes.add(m);
					const offset = (FIXED_ZONES[timeZone] ?? Number.NaN) * MIN;
					const midnight = Date.parse(`${date}T00:00:00Z`);
					expect(slots).toHaveLength(minutes.size);
					expect(slots).toEqual([...minutes].sort((a, b) => a - b).map((m) => midnight + m * MIN - offset));
				}
			),
			{ numRuns: 150 }
		);
	});

	it('busy intervals remove exactly the slots whose padded interval overlaps one', () => {
		const busyArb = fc.array(
			fc.record({
				from: fc.integer({ min: -6 * 60, max: 30 * 60 }),
				length: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 240 })) // empty intervals block nothing
			}),
			{ maxLength: 6 }
		);
		fc.assert(
			fc.property(
				dstCase,
				busyArb,
				fc.integer({ min: 0, max: 60 }),
				fc.integer({ min: 0, max: 60 }),
				({ timeZone, date, ranges, interval, duration, viaOverride }, busySpec, before, after) => {
					const rules = rulesFor(timeZone, date, ranges, interval, viaOverride);
					const request = { durationMinutes: duration, paddingBeforeMinutes: before, paddingAfterMinutes: after };
					const dayStart = dayBoundsUtc(date, timeZone).start.getTime();
					const busy = busySpec.map(({ from, length }) => ({
						start: new Date(dayStart + from * MIN),
						end: new Date(dayStart + (from + length) * MIN)
					}));
					const free = availableTimes(rules, request, date, [], LONG_AGO).map((t) => t.getTime());
					const slots = availableTimes(rules, request, date, busy, LONG_AGO).map((t) => t.getTime());
					const clashes = (s: number) =>
						busy.some((b) => {
							const [bs, be] = [b.start.getTime(), b.end.getTime()];
							const [ps, pe] = [s - before * MIN, s + (duration + after) * MIN];
							return bs < be && ps < be && bs < pe; // half-open, non-empty
						});
					expect(slots.filter(clashes)).toEqual([]);
					expect(slots).toEqual(free.filter((s) => !clashes(s)));
				}
			),
			{ numRuns: 150 }
		);
	});

	it('notice and horizon keep exactly the slots in [now + notice, now + horizon)', () => {
		fc.assert(
			fc.property(
				dstCase,
				fc.integer({ min: -3 * 24 * 60, max: 2 * 24 * 60 }),
				fc.integer({ min: 0, max: 48 * 60 }),
				fc.integer({ min: 0, max: 4 }),
				({ timeZone, date, ranges, interval, duration, viaOverride }, nowFromDayStart, notice, horizon) => {
					const rules = rulesFor(timeZone, date, ranges, interval, viaOverride);
					const now = dayBoundsUtc(date, timeZone).start.getTime() + nowFromDayStart * MIN;
					const free = availableTimes(rules, noPadding(duration), date, [], LONG_AGO).map((t) => t.getTime());
					const limited = { ...rules, minNoticeMinutes: notice, horizonDays: horizon };
					const slots = availableTimes(limited, noPadding(duration), date, [], new Date(now)).map((t) => t.getTime());
					expect(slots).toEqual(free.filter((s) => s >= now + notice * MIN && s < now + horizon * DAY));
				}
			),
			{ numRuns: 100 }
		);
	});
});

describe('availableDates — property', () => {
	it('is the dates of the month (in the clinic zone) on which availableTimes offers something', () => {
		const weeklyArb = fc.array(fc.record({ weekday: fc.integer({ min: 1, max: 7 }), ranges: fc.array(rangeArb, { maxLength: 2 }) }), {
			maxLength: 5
		});
		fc.assert(
			fc.property(
				fc.constantFrom(...DST_ZONES, ...Object.keys(FIXED_ZONES)),
				fc.integer({ min: 2008, max: 2037 }),
				fc.constantFrom(3, 4, 5, 9, 10, 11),
				weeklyArb,
				fc.array(fc.record({ day: fc.integer({ min: 1, max: 31 }), ranges: fc.array(rangeArb, { maxLength: 2 }) }), { maxLength: 4 }),
				intervalArb,
				durationArb,
				fc.integer({ min: 0, max: 40 }),
				(timeZone, year, month, weeklyHours, overrideSpec, interval, duration, nowDay) => {
					const mm = String(month).padStart(2, '0');
					const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
					const overrides = overrideSpec
						.filter((o) => o.day <= daysInMonth)
						.map((o) => ({ date: `${year}-${mm}-${String(o.day).padStart(2, '0')}`, ranges: o.ranges }));
					const rules: ScheduleRules = {
						timeZone,
						weeklyHours,
						overrides,
						slotIntervalMinutes: interval,
						minNoticeMinutes: 120,
						horizonDays: 21
					};
					const now = new Date(Date.UTC(year, month - 1, 1) + (nowDay - 5) * DAY + 11 * HOUR);
					const busy = [busyIntervalOf(new Date(Date.UTC(year, month - 1, 10)), 600, 0, 0)];
					const request = noPadding(duration);
					const expected: string[] = [];
					for (let day = 1; day <= daysInMonth; day++) {
						const date = `${year}-${mm}-${String(day).padStart(2, '0')}`;
						if (availableTimes(rules, request, date, busy, now).length > 0) expected.push(date);
					}
					expect(availableDates(rules, request, `${year}-${mm}`, busy, now)).toEqual(expected);
				}
			),
			{ numRuns: 40 }
		);
	});
});
