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
