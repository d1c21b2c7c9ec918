import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateTime } from '@internationalized/date';
import { addDays, businessDaysBetween, dueOn, examDate } from './business-days';
import { isBusinessDay } from '../scheduling/holidays';

/** The instant of a wall-clock time in a zone (a skipped time moves forward). */
const fromZonedWall = (wall: string, zone: string): Date => parseDateTime(wall).toDate(zone, 'later');

const STATES = ['NSW', 'VIC', 'QLD', 'WA', 'SA', 'TAS', 'ACT', 'NT', null] as const;
const ZONES = ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane', 'Australia/Perth', 'Australia/Adelaide'] as const;
/** Any instant in 2025–2028. */
const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) }).map((ms) => new Date(ms));

describe('dueOn', () => {
	it('is a business day, strictly before the examination date, exactly N business days before it', () => {
		fc.assert(
			fc.property(instant, fc.constantFrom(...ZONES), fc.constantFrom(...STATES), fc.integer({ min: 1, max: 60 }), (at, zone, state, n) => {
				const due = dueOn(at, zone, n, state);
				const exam = examDate(at, zone);
				expect(isBusinessDay(due, state)).toBe(true);
				expect(due < exam).toBe(true);
				// N business days after the due date, up to and including the day before the examination.
				expect(businessDaysBetween(due, addDays(exam, -1), state)).toBe(n - 1);
				// Counting up to the examination's date itself adds it when it is a business day.
				expect(businessDaysBetween(due, exam, state)).toBe(n - 1 + (isBusinessDay(exam, state) ? 1 : 0));
			}),
			{ numRuns: 300 }
		);
	});

	it('with N = 0 is the examination date when it is a business day, else the business day before', () => {
		fc.assert(
			fc.property(instant, fc.constantFrom(...ZONES), fc.constantFrom(...STATES), (at, zone, state) => {
				const due = dueOn(at, zone, 0, state);
				const exam = examDate(at, zone);
				expect(isBusinessDay(due, state)).toBe(true);
				expect(due <= exam).toBe(true);
				if (isBusinessDay(exam, state)) expect(due).toBe(exam);
			}),
			{ numRuns: 200 }
		);
	});

	it('counts one more business day for each extra day asked (monotonic)', () => {
		fc.assert(
			fc.property(instant, fc.constantFrom(...ZONES), fc.constantFrom(...STATES), fc.integer({ min: 1, max: 59 }), (at, zone, state, n) => {
				const a = dueOn(at, zone, n, state);
				const b = dueOn(at, zone, n + 1, state);
				expect(b < a).toBe(true);
				expect(businessDaysBetween(b, a, state)).toBe(1);
			}),
			{ numRuns: 200 }
		);
	});
});

describe('dueOn around public holidays', () => {
	it('skips Easter (Good Friday and Easter Monday 2026) everywhere', () => {
		// Examination Wednesday 8 April 2026, 10:00 Sydney. 2 business days back: Tue 7, then Thu 2 April.
		const at = fromZonedWall('2026-04-08T10:00', 'Australia/Sydney');
		expect(dueOn(at, 'Australia/Sydney', 1, 'NSW')).toBe('2026-04-07');
		expect(dueOn(at, 'Australia/Sydney', 2, 'NSW')).toBe('2026-04-02');
		expect(dueOn(at, 'Australia/Melbourne', 2, 'VIC')).toBe('2026-04-02');
	});

	it('skips Christmas, Boxing Day and New Year', () => {
		// Examination Monday 4 January 2027; 25 Dec 2026 is a Friday, 28 Dec the Boxing Day substitute, 1 Jan a Friday.
		const at = fromZonedWall('2027-01-04T09:00', 'Australia/Sydney');
		expect(dueOn(at, 'Australia/Sydney', 1, 'NSW')).toBe('2026-12-31');
		expect(dueOn(at, 'Australia/Sydney', 4, 'NSW')).toBe('2026-12-24');
	});

	it('skips Melbourne Cup day in Victoria only', () => {
		// Melbourne Cup: Tuesday 3 November 2026. Examination Wednesday 4 November.
		expect(isBusinessDay('2026-11-03', 'VIC')).toBe(false);
		expect(isBusinessDay('2026-11-03', 'NSW')).toBe(true);
		const vic = fromZonedWall('2026-11-04T10:00', 'Australia/Melbourne');
		expect(dueOn(vic, 'Australia/Melbourne', 1, 'VIC')).toBe('2026-11-02');
		const nsw = fromZonedWall('2026-11-04T10:00', 'Australia/Sydney');
		expect(dueOn(nsw, 'Australia/Sydney', 1, 'NSW')).toBe('2026-11-03');
	});

	it("skips the King's Birthday on each state's own day", () => {
		// NSW/VIC: Monday 8 June 2026; QLD: Monday 5 October 2026.
		expect(isBusinessDay('2026-06-08', 'NSW')).toBe(false);
		expect(isBusinessDay('2026-06-08', 'QLD')).toBe(true);
		expect(isBusinessDay('2026-10-05', 'QLD')).toBe(false);
		const june = fromZonedWall('2026-06-09T10:00', 'Australia/Sydney');
		expect(dueOn(june, 'Australia/Sydney', 1, 'NSW')).toBe('2026-06-05');
		const juneQ = fromZonedWall('2026-06-09T10:00', 'Australia/Brisbane');
		expect(dueOn(juneQ, 'Australia/Brisbane', 1, 'QLD')).toBe('2026-06-08');
		const oct = fromZonedWall('2026-10-06T10:00', 'Australia/Brisbane');
		expect(dueOn(oct, 'Australia/Brisbane', 1, 'QLD')).toBe('2026-10-02');
	});

	it('counts business days between dates across holidays, negative once past', () => {
		expect(businessDaysBetween('2026-04-02', '2026-04-08', 'NSW')).toBe(2);
		expect(businessDaysBetween('2026-04-08', '2026-04-02', 'NSW')).toBe(-2);
		expect(businessDaysBetween('2026-04-08', '2026-04-08', 'NSW')).toBe(0);
		expect(businessDaysBetween('2026-11-02', '2026-11-04', 'VIC')).toBe(1);
		expect(businessDaysBetween('2026-11-02', '2026-11-04', 'NSW')).toBe(2);
	});

	it('is antisymmetric and additive', () => {
		const day = fc.integer({ min: 0, max: 1400 }).map((d) => addDays('2025-01-01', d));
		fc.assert(
			fc.property(day, day, day, fc.constantFrom(...STATES), (a, b, c, state) => {
				expect(businessDaysBetween(a, b, state) + businessDaysBetween(b, a, state)).toBe(0);
				expect(businessDaysBetween(a, c, state)).toBe(businessDaysBetween(a, b, state) + businessDaysBetween(b, c, state));
			}),
			{ numRuns: 150 }
		);
	});
});

describe('dueOn across daylight-saving changes', () => {
	it("reads the examination's date in the clinic's zone just after local midnight (Sydney, April and October)", () => {
		// DST ends Sunday 5 April 2026 and starts Sunday 4 October 2026 in Sydney.
		for (const wall of ['2026-04-06T00:05', '2026-04-07T00:01', '2026-10-05T00:05', '2026-10-06T00:30']) {
			const at = fromZonedWall(wall, 'Australia/Sydney');
			expect(examDate(at, 'Australia/Sydney')).toBe(wall.slice(0, 10));
			// In UTC it is still the day before: the due date must not be.
			expect(at.toISOString().slice(0, 10)).toBe(addDays(wall.slice(0, 10), -1));
		}
		// Tuesday 7 April 2026 00:01 Sydney (after Easter Monday): 1 business day back is Thursday 2 April.
		expect(dueOn(fromZonedWall('2026-04-07T00:01', 'Australia/Sydney'), 'Australia/Sydney', 1, 'NSW')).toBe('2026-04-02');
		// Tuesday 6 October 2026 00:30 Sydney (after Labour Day, 5 October, a NSW holiday): Friday 2 October.
		expect(dueOn(fromZonedWall('2026-10-06T00:30', 'Australia/Sydney'), 'Australia/Sydney', 1, 'NSW')).toBe('2026-10-02');
	});

	it('gives Perth and Brisbane (no daylight saving) their own local dates', () => {
		const perth = fromZonedWall('2026-10-06T00:30', 'Australia/Perth');
		expect(examDate(perth, 'Australia/Perth')).toBe('2026-10-06');
		expect(dueOn(perth, 'Australia/Perth', 1, 'WA')).toBe('2026-10-05');
		const brisbane = fromZonedWall('2026-04-07T00:01', 'Australia/Brisbane');
		expect(dueOn(brisbane, 'Australia/Brisbane', 1, 'QLD')).toBe('2026-04-02');
	});

	it('for any wall time on the days around the changes, the due date follows the local date', () => {
		const days = ['2026-04-04', '2026-04-05', '2026-04-06', '2026-10-03', '2026-10-04', '2026-10-05', '2027-04-04', '2027-10-03'];
		fc.assert(
			fc.property(
				fc.constantFrom(...days),
				fc.integer({ min: 0, max: 1439 }),
				fc.constantFrom('Australia/Sydney', 'Australia/Perth', 'Australia/Brisbane'),
				fc.integer({ min: 1, max: 15 }),
				(day, minute, zone, n) => {
					const hh = String(Math.floor(minute / 60)).padStart(2, '0');
					const mm = String(minute % 60).padStart(2, '0');
					const at = fromZonedWall(`${day}T${hh}:${mm}`, zone);
					const local = examDate(at, zone);
					// Skipped wall times (2:00–2:59 on the October change) land on the same date anyway.
					expect(local).toBe(day);
					const state = zone === 'Australia/Sydney' ? 'NSW' : zone === 'Australia/Perth' ? 'WA' : 'QLD';
					const noon = fromZonedWall(`${day}T12:00`, zone);
					expect(dueOn(at, zone, n, state)).toBe(dueOn(noon, zone, n, state));
				}
			),
			{ numRuns: 300 }
		);
	});
});
