import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatForReader, formatInZones, readerZones, sameClock, timeInZones, utcOffset, zoneAbbreviation, zoneName } from './format';
import { canonicalTimeZone, defaultViewZone, timeZoneChoices, timeZoneLabel, zonesWith } from './time-zones';
import { AUSTRALIAN_TIME_ZONES } from './schemas/scheduling';

// 2:30 pm in Sydney on Tuesday 8 December 2026 (daylight time, UTC+11); 11:30 am in Perth (UTC+8).
const december = new Date('2026-12-08T03:30:00Z');
// 1:30 pm in Sydney on Wednesday 8 July 2026 (standard time, UTC+10); 11:30 am in Perth.
const july = new Date('2026-07-08T03:30:00Z');

describe('formatInZones', () => {
	it('writes Perth first and Sydney beside it: three hours apart in December, two in July', () => {
		expect(formatInZones(december, 'Australia/Perth', 'Australia/Sydney')).toBe('Tue, 8 Dec, 11:30 am AWST (2:30 pm in Sydney)');
		expect(formatInZones(july, 'Australia/Perth', 'Australia/Sydney')).toBe('Wed, 8 July, 11:30 am AWST (1:30 pm in Sydney)');
	});

	it('compares the clocks at that instant, not the names: Brisbane and Sydney differ in summer and agree in winter', () => {
		expect(formatInZones(december, 'Australia/Brisbane', 'Australia/Sydney')).toBe('Tue, 8 Dec, 1:30 pm AEST (2:30 pm in Sydney)');
		expect(formatInZones(july, 'Australia/Brisbane', 'Australia/Sydney')).toBe('Wed, 8 July, 1:30 pm AEST');
		expect(formatInZones(december, 'Australia/Melbourne', 'Australia/Sydney')).toBe('Tue, 8 Dec, 2:30 pm AEDT');
		expect(sameClock(july, 'Australia/Brisbane', 'Australia/Sydney')).toBe(true);
		expect(sameClock(december, 'Australia/Brisbane', 'Australia/Sydney')).toBe(false);
	});

	it('writes one time for one zone, or when there is no other', () => {
		expect(formatInZones(december, 'Australia/Sydney', 'Australia/Sydney')).toBe('Tue, 8 Dec, 2:30 pm AEDT');
		expect(formatInZones(december, 'Australia/Perth', null)).toBe('Tue, 8 Dec, 11:30 am AWST');
		expect(timeInZones(december, 'Australia/Perth', undefined)).toEqual({ first: 'Tue, 8 Dec, 11:30 am AWST', beside: null });
	});

	it('names the other day when the other clock is on another one', () => {
		expect(formatInZones(december, 'America/New_York', 'Australia/Sydney')).toBe(
			'Mon, 7 Dec, 10:30 pm GMT-5 (Tue, 8 Dec, 2:30 pm in Sydney)'
		);
	});

	it('has a year for lists, the full date for pages and the wording of notices for emails and deadlines', () => {
		expect(formatInZones(december, 'Australia/Perth', 'Australia/Melbourne', 'list')).toBe(
			'Tue, 8 Dec 2026, 11:30 am AWST (2:30 pm in Melbourne)'
		);
		expect(formatInZones(december, 'Australia/Perth', 'Australia/Melbourne', 'long')).toBe(
			'Tuesday 8 December 2026 at 11:30 am AWST (2:30 pm in Melbourne)'
		);
		expect(formatInZones(december, 'Australia/Perth', 'Australia/Melbourne', 'notice')).toBe(
			'Tuesday, 8 December 2026 at 11:30 am (Perth time; 2:30 pm in Melbourne)'
		);
		// Unchanged from the clinic-only wording when the zones agree.
		expect(formatInZones(december, 'Australia/Sydney', 'Australia/Sydney', 'notice')).toBe(
			'Tuesday, 8 December 2026 at 2:30 pm (Sydney time)'
		);
	});

	it("always starts with the reader's zone exactly as Intl writes it, and adds the other only where the clocks differ", () => {
		const zones = [...AUSTRALIAN_TIME_ZONES, 'Pacific/Auckland', 'Asia/Singapore', 'Europe/London', 'America/New_York', 'UTC'];
		const options: Intl.DateTimeFormatOptions = {
			weekday: 'short',
			day: 'numeric',
			month: 'short',
			hour: 'numeric',
			minute: '2-digit',
			timeZoneName: 'short'
		};
		fc.assert(
			fc.property(
				fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-01-01T00:00:00Z'), noInvalidDate: true }),
				fc.constantFrom(...zones),
				fc.constantFrom(...zones),
				(at, zone, other) => {
					const own = new Intl.DateTimeFormat('en-AU', { ...options, timeZone: zone }).format(at);
					const text = formatInZones(at, zone, other);
					expect(text.startsWith(own)).toBe(true);
					const rest = text.slice(own.length);
					const sameWallClock =
						new Intl.DateTimeFormat('en-AU', { dateStyle: 'short', timeStyle: 'short', timeZone: zone }).format(at) ===
						new Intl.DateTimeFormat('en-AU', { dateStyle: 'short', timeStyle: 'short', timeZone: other }).format(at);
					if (sameWallClock) expect(rest).toBe('');
					else expect(rest).toMatch(new RegExp(` \\(.+ in ${zoneName(other)}\\)$`));
				}
			),
			{ numRuns: 500 }
		);
	});
});

describe('readerZones', () => {
	const clinic = 'Australia/Melbourne';
	it("leads with a referrer's own zone, the clinic's beside it", () => {
		expect(readerZones({ role: 'user', timeZone: 'Australia/Perth' }, clinic)).toEqual(['Australia/Perth', clinic]);
		expect(formatForReader(december, { role: 'user', timeZone: 'Australia/Perth' }, clinic)).toBe(
			'Tue, 8 Dec, 11:30 am AWST (2:30 pm in Melbourne)'
		);
	});
	it("leads with the clinic's zone for an admin, their own beside it", () => {
		expect(readerZones({ role: 'admin', timeZone: 'Australia/Perth' }, clinic)).toEqual([clinic, 'Australia/Perth']);
		expect(formatForReader(december, { role: 'admin', timeZone: 'Australia/Perth' }, clinic)).toBe(
			'Tue, 8 Dec, 2:30 pm AEDT (11:30 am in Perth)'
		);
	});
	it("shows a specialist, and anyone whose zone is not known yet, the clinic's time alone", () => {
		expect(readerZones({ role: 'specialist', timeZone: 'Australia/Perth' }, clinic)).toEqual([clinic, clinic]);
		expect(readerZones({ role: 'user', timeZone: null }, clinic)).toEqual([clinic, clinic]);
		expect(readerZones(null, clinic)).toEqual([clinic, clinic]);
		expect(formatForReader(december, { role: 'user', timeZone: null }, clinic)).toBe('Tue, 8 Dec, 2:30 pm AEDT');
	});
});

describe('time zones', () => {
	it('accepts any zone the runtime knows, as the runtime names it, and nothing else', () => {
		expect(canonicalTimeZone('Australia/Perth')).toBe('Australia/Perth');
		expect(canonicalTimeZone('Pacific/Auckland')).toBe('Pacific/Auckland');
		expect(canonicalTimeZone('australia/perth')).toBe('Australia/Perth');
		expect(canonicalTimeZone('UTC')).toBe('UTC');
		expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
		for (const bad of ['Mars/Olympus_Mons', '', 'x'.repeat(65), 42, null, undefined, { timeZone: 'UTC' }, '+08:00'])
			expect(canonicalTimeZone(bad)).toBeNull();
	});

	it('labels a zone with its abbreviation and offset at that instant', () => {
		expect(timeZoneLabel('Australia/Perth', december)).toBe('Perth (AWST, UTC+8)');
		expect(timeZoneLabel('Australia/Sydney', december)).toBe('Sydney (AEDT, UTC+11)');
		expect(timeZoneLabel('Australia/Sydney', july)).toBe('Sydney (AEST, UTC+10)');
		expect(timeZoneLabel('Australia/Adelaide', december)).toBe('Adelaide (ACDT, UTC+10:30)');
		expect(timeZoneLabel('Pacific/Auckland', december)).toBe('Pacific/Auckland (NZDT, UTC+13)');
		expect(timeZoneLabel('America/New_York', december)).toBe('America/New York (UTC−5)');
		expect(timeZoneLabel('UTC', december)).toBe('UTC');
		expect(utcOffset(december, 'Asia/Kolkata')).toBe('UTC+5:30');
		expect(zoneAbbreviation(december, 'Asia/Kolkata')).toBeNull();
	});

	it('lists the Australian zones first, then every other zone the runtime knows', () => {
		const { australia, elsewhere } = timeZoneChoices(december);
		expect(australia.map((z) => z.value)).toEqual(AUSTRALIAN_TIME_ZONES);
		expect(australia.find((z) => z.value === 'Australia/Perth')?.label).toBe('Perth (AWST, UTC+8)');
		const others = elsewhere.map((z) => z.value);
		expect(others).toContain('Pacific/Auckland');
		expect(others).toContain('UTC');
		expect(others.some((z) => AUSTRALIAN_TIME_ZONES.includes(z))).toBe(false);
		expect(others).toEqual([...others].sort());
		for (const z of others) expect(canonicalTimeZone(z)).toBe(z);
	});

	it("opens lists in a referrer's own zone, and offers it beside the Australian ones", () => {
		expect(defaultViewZone({ role: 'user', timeZone: 'Pacific/Auckland' }, 'Australia/Sydney')).toBe('Pacific/Auckland');
		expect(defaultViewZone({ role: 'user', timeZone: null }, 'Australia/Sydney')).toBe('Australia/Sydney');
		expect(defaultViewZone({ role: 'admin', timeZone: 'Australia/Perth' }, 'Australia/Sydney')).toBe('Australia/Sydney');
		expect(zonesWith('Australia/Perth', null)).toEqual(AUSTRALIAN_TIME_ZONES);
		expect(zonesWith('Pacific/Auckland', 'Pacific/Auckland', 'Australia/Perth')).toEqual([...AUSTRALIAN_TIME_ZONES, 'Pacific/Auckland']);
	});
});
