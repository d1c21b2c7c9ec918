import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GRID_KEYS, inRows, nextGridIndex } from './grid-keys';

/** A grid with some cells enabled, and one enabled cell to start from. */
const grids = fc
	.record({ count: fc.integer({ min: 1, max: 60 }), columns: fc.integer({ min: 1, max: 8 }) })
	.chain(({ count, columns }) =>
		fc.record({
			count: fc.constant(count),
			columns: fc.constant(columns),
			mask: fc.array(fc.boolean(), { minLength: count, maxLength: count }),
			start: fc.integer({ min: 0, max: count - 1 })
		})
	)
	.map(({ count, columns, mask, start }) => {
		mask[start] = true;
		return { count, columns, mask, start, enabled: (i: number) => mask[i] === true };
	});
const keys = fc.constantFrom(...GRID_KEYS);

describe('nextGridIndex', () => {
	it('moves like a calendar in a full grid', () => {
		const g = { count: 35, columns: 7 };
		expect(nextGridIndex('ArrowRight', 6, g)).toBe(7); // Sunday to the next Monday
		expect(nextGridIndex('ArrowLeft', 7, g)).toBe(6);
		expect(nextGridIndex('ArrowDown', 3, g)).toBe(10);
		expect(nextGridIndex('ArrowUp', 3, g)).toBe(3); // top row: stays
		expect(nextGridIndex('ArrowDown', 30, g)).toBe(30); // bottom row: stays
		expect(nextGridIndex('Home', 10, g)).toBe(7);
		expect(nextGridIndex('End', 10, g)).toBe(13);
		expect(nextGridIndex('Home', 10, g, true)).toBe(0);
		expect(nextGridIndex('End', 10, g, true)).toBe(34);
		expect(nextGridIndex('ArrowRight', 34, g)).toBe(34);
		expect(nextGridIndex('ArrowLeft', 0, g)).toBe(0);
	});

	it('skips cells that cannot take focus', () => {
		// Free days on the 2nd, 5th and 16th of a month whose 1st is a Wednesday (cells 2 + day - 1).
		const free = new Set([3, 6, 17]);
		const g = { count: 35, columns: 7, enabled: (i: number) => free.has(i) };
		expect(nextGridIndex('ArrowRight', 3, g)).toBe(6);
		expect(nextGridIndex('ArrowRight', 6, g)).toBe(17);
		expect(nextGridIndex('ArrowLeft', 17, g)).toBe(6);
		expect(nextGridIndex('ArrowDown', 3, g)).toBe(17); // the same weekday two weeks on
		expect(nextGridIndex('ArrowDown', 6, g)).toBe(6); // no later free Saturday: stays
		expect(nextGridIndex('Home', 6, g)).toBe(3);
		expect(nextGridIndex('End', 3, g)).toBe(6);
		expect(nextGridIndex('End', 17, g)).toBe(17);
	});

	it('handles a short last row of times', () => {
		const g = { count: 10, columns: 4 };
		expect(nextGridIndex('ArrowDown', 5, g)).toBe(9);
		expect(nextGridIndex('ArrowDown', 6, g)).toBe(6); // nothing below: stays
		expect(nextGridIndex('End', 8, g)).toBe(9);
		expect(nextGridIndex('End', 8, g, true)).toBe(9);
	});

	it('leaves every other key to the browser', () => {
		for (const key of ['Enter', ' ', 'Tab', 'PageDown', 'a']) expect(nextGridIndex(key, 0, { count: 5, columns: 2 })).toBeNull();
	});

	it('always lands on an enabled cell inside the grid', () => {
		fc.assert(
			fc.property(grids, keys, fc.boolean(), ({ count, columns, enabled, start }, key, ctrl) => {
				const next = nextGridIndex(key, start, { count, columns, enabled }, ctrl)!;
				expect(next).toBeGreaterThanOrEqual(0);
				expect(next).toBeLessThan(count);
				expect(enabled(next)).toBe(true);
			})
		);
	});

	it('goes to the nearest enabled cell in the direction of the arrow, never past one', () => {
		fc.assert(
			fc.property(grids, ({ count, columns, enabled, start }) => {
				const g = { count, columns, enabled };
				const right = nextGridIndex('ArrowRight', start, g)!;
				const left = nextGridIndex('ArrowLeft', start, g)!;
				const down = nextGridIndex('ArrowDown', start, g)!;
				const up = nextGridIndex('ArrowUp', start, g)!;
				const between = (a: number, b: number, step = 1) => {
					for (let i = a + step; i < b; i += step) if (enabled(i)) return true;
					return false;
				};
				if (right !== start) expect(right > start && !between(start, right)).toBe(true);
				else expect(between(start, count)).toBe(false);
				if (left !== start) expect(left < start && !between(left, start)).toBe(true);
				if (down !== start) {
					expect(down % columns).toBe(start % columns);
					expect(down > start && !between(start, down, columns)).toBe(true);
				}
				if (up !== start) {
					expect(up % columns).toBe(start % columns);
					expect(up < start && !between(up, start, columns)).toBe(true);
				}
			})
		);
	});

	it('undoes a move with the opposite arrow', () => {
		fc.assert(
			fc.property(grids, ({ count, columns, enabled, start }) => {
				const g = { count, columns, enabled };
				for (const [there, back] of [
					['ArrowRight', 'ArrowLeft'],
					['ArrowLeft', 'ArrowRight'],
					['ArrowDown', 'ArrowUp'],
					['ArrowUp', 'ArrowDown']
				] as const) {
					const moved = nextGridIndex(there, start, g)!;
					expect(nextGridIndex(back, moved, g)).toBe(moved === start ? nextGridIndex(back, start, g) : start);
				}
			})
		);
	});

	it('keeps Home and End in the row, and Ctrl+Home and Ctrl+End at the ends of the grid', () => {
		fc.assert(
			fc.property(grids, ({ count, columns, enabled, start }) => {
				const g = { count, columns, enabled };
				const row = (i: number) => Math.floor(i / columns);
				const home = nextGridIndex('Home', start, g)!;
				const end = nextGridIndex('End', start, g)!;
				expect(row(home)).toBe(row(start));
				expect(row(end)).toBe(row(start));
				expect(home).toBeLessThanOrEqual(start);
				expect(end).toBeGreaterThanOrEqual(start);
				const all = Array.from({ length: count }, (_, i) => i).filter(enabled);
				expect(nextGridIndex('Home', start, g, true)).toBe(all[0]);
				expect(nextGridIndex('End', start, g, true)).toBe(all.at(-1));
			})
		);
	});
});

describe('inRows', () => {
	it('cuts items into rows of the given width, in order, the last one short', () => {
		expect(inRows([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(inRows([], 3)).toEqual([]);
		fc.assert(
			fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 9 }), (items, columns) => {
				const rows = inRows(items, columns);
				expect(rows.flat()).toEqual(items);
				expect(rows.every((r, i) => r.length === columns || (i === rows.length - 1 && r.length > 0))).toBe(true);
			})
		);
	});
});
