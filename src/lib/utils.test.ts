import { describe, expect, it } from 'vitest';
import { monthWeeks } from './utils';

describe('monthWeeks', () => {
	it('lays a month out Monday first, padding the edges', () => {
		const weeks = monthWeeks('2026-11'); // 1 November 2026 is a Sunday
		expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-11-01']);
		expect(weeks.at(-1)).toEqual(['2026-11-30', null, null, null, null, null, null]);
		expect(weeks.flat().filter(Boolean)).toHaveLength(30);
		expect(weeks.every((w) => w.length === 7)).toBe(true);
	});

	it('handles a leap February starting on a Monday', () => {
		const weeks = monthWeeks('2027-02'); // 1 February 2027 is a Monday
		expect(weeks[0]![0]).toBe('2027-02-01');
		expect(monthWeeks('2028-02').flat().filter(Boolean)).toHaveLength(29);
	});
});
