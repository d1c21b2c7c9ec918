import { describe, expect, it } from 'vitest';
import { formatRanges, parseRanges, specialistProfileSchema, weeklyHoursSchema } from './specialist';

describe('opening hours as people type them', () => {
	it('reads ranges in any order and writes them back the same way', () => {
		const r = parseRanges('13:30-17:00, 9:00 – 12.30');
		expect(r).toEqual([
			{ startMinute: 540, endMinute: 750 },
			{ startMinute: 810, endMinute: 1020 }
		]);
		expect(formatRanges(r)).toBe('9:00-12:30, 13:30-17:00');
		expect(parseRanges('  ')).toEqual([]);
		expect(parseRanges('0:00-24:00')).toEqual([{ startMinute: 0, endMinute: 1440 }]);
	});

	it.each([
		['9-5', /not a time range/],
		['17:00-9:00', /must end after it starts/],
		['9:00-12:00, 11:00-13:00', /overlap/],
		['25:00-26:00', /not a time range/]
	])('refuses %s', (text, message) => {
		expect(() => parseRanges(text)).toThrow(message);
	});

	it('names the weekday that is wrong', () => {
		const r = weeklyHoursSchema.safeParse({ days: ['9:00-17:00', 'nine to five', '', '', '', '', ''] });
		expect(r.success).toBe(false);
		expect(r.error!.issues[0]!.path).toEqual(['days', 1]);
	});

	it('checks an AHPRA registration number', () => {
		const base = { displayName: 'Dr A', state: 'NSW', timeZone: 'Australia/Sydney', modes: ['in_person'] };
		expect(specialistProfileSchema.parse({ ...base, registrationNumber: 'med0001234567' }).registrationNumber).toBe('MED0001234567');
		expect(specialistProfileSchema.safeParse({ ...base, registrationNumber: '12345' }).success).toBe(false);
	});
});
