/**
 * A query of fixed shape, built once per executor (its SQL text is not rebuilt by Drizzle on every
 * call) and, on PostgreSQL, a named prepared statement (parsed and described once per connection).
 * Values go in as `sql.placeholder(name)`s, given to `execute({ name: value })`. Placeholders skip
 * the column's encoder: dates go as ISO strings, JSON as text. A transaction is an executor of its
 * own: its queries are built for it (as unprepared ones would be), then dropped with it.
 */
import type { Executor } from './client';

export function preparedPerExecutor<Q>(build: (exec: Executor) => Q): (exec: Executor) => Q {
	const built = new WeakMap<Executor, Q>();
	return (exec) => {
		let query = built.get(exec);
		if (!query) built.set(exec, (query = build(exec)));
		return query;
	};
}

/**
 * A query whose SQL text varies with its input (which filters are set, how many ids a list holds):
 * one prepared query per shape, built with placeholders the first time that shape is asked for, so
 * a shape seen again is neither rebuilt by Drizzle nor described again by PostgreSQL (a statement
 * with parameters that is not prepared costs the postgres driver two round trips: describe, then
 * run). `keyOf` names the shape: two inputs with the same key must build the same SQL text. At most
 * `maxShapes` shapes are kept (the server keeps each as a statement on every connection): past
 * that, and for inputs `keyOf` answers null to, the answer is null and the caller builds its query
 * per call, as an unprepared one. The cache holds SQL text only, never values.
 */
export function preparedPerShape<S, Q>(
	maxShapes: number,
	keyOf: (shape: S) => string | null,
	build: (exec: Executor, shape: S) => Q
): (exec: Executor, shape: S) => Q | null {
	const shapes = new Map<string, (exec: Executor) => Q>();
	return (exec, shape) => {
		const key = keyOf(shape);
		if (key === null) return null;
		let forShape = shapes.get(key);
		if (!forShape) {
			if (shapes.size >= maxShapes) return null;
			shapes.set(key, (forShape = preparedPerExecutor((e) => build(e, shape))));
		}
		return forShape(exec);
	};
}

/** `n` placeholders named `<prefix>0` … `<prefix>n-1`, and the values object that fills them. */
export const placeholderNames = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
export function placeholderValues(prefix: string, values: readonly unknown[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	values.forEach((v, i) => (out[`${prefix}${i}`] = v));
	return out;
}
