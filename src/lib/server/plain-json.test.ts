import { describe, expect, it } from 'vitest';
import superjson from 'superjson';
import { isPlainJson, serialize } from './plain-json';

class Point {
	constructor(
		public x: number,
		public y: number
	) {}
}

const shared = { id: 'a' };
const circular: Record<string, unknown> = { name: 'loop' };
circular.self = circular;
const withProto = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
const sparse: unknown[] = [1];
sparse[2] = 3;

const plain: [string, unknown][] = [
	['a string', 'text'],
	['a number', 42.5],
	['zero', 0],
	['false', false],
	['null', null],
	['an empty object', {}],
	['an empty array', []],
	['the times answer', { slots: [{ startsAt: '2027-05-03T23:00:00.000Z', clinicTimeZone: 'Australia/Brisbane' }], stale: false }],
	['nested arrays and objects', { a: [[1, 2], { b: { c: ['d', null, true] } }] }],
	['an object without prototype', Object.assign(Object.create(null) as object, { k: 'v' })],
	['equal but distinct objects', [{ id: 'a' }, { id: 'a' }]]
];

const notPlain: [string, unknown][] = [
	['undefined', undefined],
	['an undefined field', { a: undefined }],
	['a Date', new Date('2027-01-01T00:00:00Z')],
	['a Date in a list', { rows: [{ at: new Date(0) }] }],
	['NaN', Number.NaN],
	['Infinity', Number.POSITIVE_INFINITY],
	['minus zero', -0],
	['a bigint', 10n],
	['a Map', new Map([['k', 1]])],
	['a Set', new Set([1])],
	['a RegExp', /x/],
	['a class instance', new Point(1, 2)],
	['an Error', new Error('boom')],
	['one object met twice', [shared, shared]],
	['a circular object', circular],
	['a sparse array', sparse],
	['a function field', { f: () => 1 }]
];

describe('superjson without its walk for plain JSON', () => {
	it.each(plain)('answers %s as superjson does, without meta', (_, value) => {
		expect(isPlainJson(value)).toBe(true);
		expect(serialize(value)).toEqual(superjson.serialize(value));
		expect(JSON.stringify(serialize(value))).toBe(JSON.stringify(superjson.serialize(value)));
		expect(superjson.serialize(value).meta).toBeUndefined();
	});

	it.each(notPlain)('leaves %s to superjson', (_, value) => {
		expect(isPlainJson(value)).toBe(false);
		expect(JSON.stringify(serialize(value))).toBe(JSON.stringify(superjson.serialize(value)));
	});

	it('still refuses what superjson refuses', () => {
		expect(isPlainJson(withProto)).toBe(false);
		expect(() => serialize(withProto)).toThrow();
		expect(() => serialize({ nested: { constructor: 1 } })).toThrow();
	});
});
