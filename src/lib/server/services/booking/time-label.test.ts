import { describe, expect, it } from 'vitest';
import { timeLabel } from './booking-views';

// 9:30 am on Friday 27 November 2026 in Sydney (daylight time, UTC+11).
const at = new Date('2026-11-26T22:30:00Z');

describe('timeLabel', () => {
	it('writes each instant in each zone as its own label, asked once or many times', () => {
		expect(timeLabel(at, 'Australia/Sydney')).toBe('Fri, 27 Nov 2026, 9:30 am AEDT');
		expect(timeLabel(at, 'Australia/Sydney')).toBe('Fri, 27 Nov 2026, 9:30 am AEDT');
		expect(timeLabel(at, 'Australia/Perth')).toBe('Fri, 27 Nov 2026, 6:30 am AWST');
		expect(timeLabel(new Date(at.getTime() + 60_000), 'Australia/Sydney')).toBe('Fri, 27 Nov 2026, 9:31 am AEDT');
		expect(timeLabel(new Date('2027-06-01T00:00:00Z'), 'Australia/Sydney')).toBe('Tue, 1 June 2027, 10:00 am AEST');
	});
});
