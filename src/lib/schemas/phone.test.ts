import { describe, expect, it } from 'vitest';
import { auMobileToE164 } from './phone';

describe('Australian mobile numbers', () => {
	it.each([
		['0412 345 678', '+61412345678'],
		['0412345678', '+61412345678'],
		['+61 412 345 678', '+61412345678'],
		['61412345678', '+61412345678'],
		[' 0412-345-678 ', '+61412345678'],
		['(04) 1234.5678', '+61412345678']
	])('writes %s as %s (E.164)', (input, e164) => {
		expect(auMobileToE164(input)).toBe(e164);
	});

	it.each([
		['a landline', '02 9876 5432'],
		['a short number', '0412 345 67'],
		['a long number', '0412 345 6789'],
		['a New Zealand mobile', '+64 21 123 4567'],
		['letters', '0412 ABC 678'],
		['a plus sign in the middle', '04+12345678'],
		['nothing', '']
	])('refuses %s', (_, input) => {
		expect(auMobileToE164(input)).toBeUndefined();
	});
});
