import { describe, expect, it } from 'vitest';
import { match } from './uuid';

describe('the uuid route matcher', () => {
	it('takes a UUID in either case', () => {
		expect(match('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
		expect(match('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(true);
	});
	it('refuses anything else', () => {
		for (const bad of [
			'',
			'\u0000',
			'0f8fad5b-d9cb-469f-a165-70867728950',
			'0f8fad5b-d9cb-469f-a165-70867728950e/x',
			'x'.repeat(5000),
			'%00'
		])
			expect(match(bad), JSON.stringify(bad.slice(0, 20))).toBe(false);
	});
});
