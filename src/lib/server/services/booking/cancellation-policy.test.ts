import { describe, expect, it } from 'vitest';
import { cancellationTerms, noticeDeadline } from './cancellation-policy';
import { isBusinessDay } from '../scheduling/holidays';

const SYDNEY = 'Australia/Sydney';
const MELBOURNE = 'Australia/Melbourne';

describe('business days', () => {
	it('are weekdays that are not national or state public holidays', () => {
		expect(isBusinessDay('2027-02-05', 'NSW')).toBe(true); // Friday
		expect(isBusinessDay('2027-02-06', 'NSW')).toBe(false); // Saturday
		expect(isBusinessDay('2027-01-26', null)).toBe(false); // Australia Day
		expect(isBusinessDay('2027-03-29', 'NSW')).toBe(false); // Easter Monday
		expect(isBusinessDay('2027-03-08', 'VIC')).toBe(false); // Labour Day (VIC)
		expect(isBusinessDay('2027-03-08', 'NSW')).toBe(true);
		expect(isBusinessDay('2027-08-02', 'NSW')).toBe(true); // NSW bank holiday: banks only
	});
});

describe('the notice deadline', () => {
	it('is clinic midnight at the start of the second business day before the appointment', () => {
		// Tuesday 9 Feb 2027 10:00 in Sydney: Monday and Friday must both be notice → Friday 00:00.
		expect(noticeDeadline(new Date('2027-02-08T23:00:00Z'), SYDNEY, 'NSW')).toEqual(new Date('2027-02-04T13:00:00Z'));
	});

	it('skips Easter in NSW', () => {
		// Tuesday 30 Mar 2027: Easter Monday, Sunday, Saturday and Good Friday are not business days.
		expect(noticeDeadline(new Date('2027-03-29T23:00:00Z'), SYDNEY, 'NSW')).toEqual(new Date('2027-03-23T13:00:00Z'));
	});

	it('depends on the clinic’s state', () => {
		const tuesday = new Date('2027-03-08T23:00:00Z'); // Tue 9 Mar 10:00 in both zones (AEDT)
		expect(noticeDeadline(tuesday, MELBOURNE, 'VIC')).toEqual(new Date('2027-03-03T13:00:00Z')); // Thursday
		expect(noticeDeadline(tuesday, SYDNEY, 'NSW')).toEqual(new Date('2027-03-04T13:00:00Z')); // Friday
	});

	it('crosses a year end', () => {
		// Monday 4 Jan 2027 NSW: Fri 1 Jan holiday, Thu 31 Dec, Wed 30 Dec 2026.
		expect(noticeDeadline(new Date('2027-01-03T23:00:00Z'), SYDNEY, 'NSW')).toEqual(new Date('2026-12-29T13:00:00Z'));
	});
});

describe('the terms of a cancellation', () => {
	const base = { startsAt: new Date('2027-02-08T23:00:00Z'), clinicTimeZone: SYDNEY, state: 'NSW', priceCents: 165_000 };

	it('are free before the deadline and cost the full price from it', () => {
		expect(cancellationTerms({ ...base, now: new Date('2027-02-04T12:59:59Z') })).toMatchObject({ late: false, feeCents: 0 });
		expect(cancellationTerms({ ...base, now: new Date('2027-02-04T13:00:00Z') })).toMatchObject({ late: true, feeCents: 165_000 });
	});

	it('take a different percentage when asked', () => {
		expect(cancellationTerms({ ...base, now: new Date('2027-02-08T00:00:00Z'), feePercent: 50 }).feeCents).toBe(82_500);
	});
});
