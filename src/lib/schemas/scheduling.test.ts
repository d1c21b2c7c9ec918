import { describe, expect, it } from 'vitest';
import { isKnownTimeZone, timesQuery } from './scheduling';

describe('time zones in availability queries', () => {
	const query = (timeZone: string) => ({
		specialistId: '0b9c2d4e-1f3a-4b5c-8d6e-7f8091a2b3c4',
		appointmentTypeId: '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
		date: '2027-03-14',
		timeZone
	});

	it('accepts a zone the runtime knows, every time it is asked (checked once, then remembered)', () => {
		expect(isKnownTimeZone('Australia/Perth')).toBe(true);
		expect(isKnownTimeZone('Australia/Perth')).toBe(true);
		expect(timesQuery.safeParse(query('Australia/Perth')).success).toBe(true);
	});

	it('refuses a zone the runtime does not know, however often it is asked', () => {
		expect(isKnownTimeZone('Australia/Atlantis')).toBe(false);
		expect(isKnownTimeZone('Australia/Atlantis')).toBe(false);
		const parsed = timesQuery.safeParse(query('Australia/Atlantis'));
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0]?.message).toBe('Unknown time zone.');
	});
});
