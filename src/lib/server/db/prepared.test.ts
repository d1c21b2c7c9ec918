import { describe, expect, it } from 'vitest';
import type { Executor } from './client';
import { placeholderNames, placeholderValues, preparedPerShape } from './prepared';

const exec = (name: string) => ({ name }) as unknown as Executor;

describe('preparedPerShape', () => {
	it('builds one query per shape and executor, and gives it back for the same shape', () => {
		const built: string[] = [];
		const query = preparedPerShape(
			4,
			(n: number) => String(n),
			(e, n) => {
				built.push(`${(e as unknown as { name: string }).name}:${n}`);
				return { n };
			}
		);
		const a = exec('a');
		const b = exec('b');
		expect(query(a, 2)).toBe(query(a, 2));
		expect(query(a, 3)).not.toBe(query(a, 2));
		expect(query(b, 2)).not.toBe(query(a, 2));
		expect(built).toEqual(['a:2', 'a:3', 'b:2']);
	});

	it('answers null for an input without a shape, and for new shapes past the limit (the caller then builds its own)', () => {
		const query = preparedPerShape(
			2,
			(n: number) => (n > 10 ? null : String(n)),
			(_e, n) => ({ n })
		);
		const a = exec('a');
		expect(query(a, 11)).toBeNull();
		expect(query(a, 1)).toEqual({ n: 1 });
		expect(query(a, 2)).toEqual({ n: 2 });
		expect(query(a, 3)).toBeNull();
		// Shapes already kept still answer.
		expect(query(a, 1)).toEqual({ n: 1 });
		expect(query(exec('b'), 2)).toEqual({ n: 2 });
	});
});

describe('placeholder names and values', () => {
	it('names n placeholders after a prefix and fills them in order', () => {
		expect(placeholderNames('id', 3)).toEqual(['id0', 'id1', 'id2']);
		expect(placeholderValues('id', ['x', 'y'])).toEqual({ id0: 'x', id1: 'y' });
		expect(placeholderNames('id', 0)).toEqual([]);
	});
});
