import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOLD_WARNING_MS, formatHoldLeft, holdAnnouncement, holdLeft, holdPhase } from './hold-countdown';

describe('the hold countdown', () => {
	it('reads as minutes and seconds, rounded down', () => {
		expect(formatHoldLeft(10 * 60_000)).toBe('10:00');
		expect(formatHoldLeft(9 * 60_000 + 41_999)).toBe('9:41');
		expect(formatHoldLeft(59_000)).toBe('0:59');
		expect(formatHoldLeft(999)).toBe('0:00');
		expect(formatHoldLeft(-5)).toBe('0:00');
	});

	it('counts down to zero and stays there', () => {
		const until = new Date('2026-03-01T00:10:00Z');
		expect(holdLeft(until, Date.parse('2026-03-01T00:00:00Z'))).toBe(600_000);
		expect(holdLeft(until.toISOString(), Date.parse('2026-03-01T00:11:00Z'))).toBe(0);
	});

	it('warns at two minutes and ends at zero', () => {
		expect(holdPhase(HOLD_WARNING_MS + 1)).toBe('held');
		expect(holdPhase(HOLD_WARNING_MS)).toBe('ending');
		expect(holdPhase(1)).toBe('ending');
		expect(holdPhase(0)).toBe('ended');
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 3_600_000 }), fc.integer({ min: 0, max: 3_600_000 }), (a, b) => {
				const order = ['ended', 'ending', 'held'];
				// Less time left never means an earlier phase.
				if (a <= b) expect(order.indexOf(holdPhase(a))).toBeLessThanOrEqual(order.indexOf(holdPhase(b)));
			})
		);
	});

	it('says something aloud only when the hold is ending or has ended', () => {
		expect(holdAnnouncement('held')).toBe('');
		expect(holdAnnouncement('ending')).toContain('2 minutes');
		expect(holdAnnouncement('ended')).toContain('ended');
	});
});
