/**
 * For tests that put two writers in each other's way on PostgreSQL: one transaction holds an
 * uncommitted row, the code under test writes and must wait for it, and the test goes on only once
 * that wait is seen in `pg_stat_activity` (so what it checks is the order it meant, not a chance).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/** Sessions of this database waiting for a lock. */
export async function lockWaiters(db: Db): Promise<number> {
	const result = await db.execute(
		sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`
	);
	const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
	return rows[0]!.n;
}

/** True once some session waits for a lock; false if none has within `timeoutMs`. */
export async function untilAWriteWaits(db: Db, timeoutMs = 10_000): Promise<boolean> {
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
		if ((await lockWaiters(db)) > 0) return true;
		await new Promise((r) => setTimeout(r, 20));
	}
	return false;
}

/** Thrown from a test's own transaction to roll it back on purpose. */
export class RolledBack extends Error {}

/**
 * Runs `write` into a deadlock: another transaction inserts `first` (uncommitted), `write` is started
 * and waits for it, then the other inserts `second`, which waits for `write`'s row: PostgreSQL aborts
 * the writer that waited first, `write`. The other transaction then rolls back; `write`'s answer (after
 * whatever retry it makes) is returned, with whether both waits were seen.
 */
export async function deadlocked<T>(
	db: Db,
	insert: (tx: Parameters<Parameters<Db['transaction']>[0]>[0], which: 'first' | 'second') => Promise<unknown>,
	write: () => Promise<T>
): Promise<{ waited: boolean[]; result: Promise<T> }> {
	let attempt: Promise<T> | undefined;
	const waited: boolean[] = [];
	await db
		.transaction(async (tx) => {
			await insert(tx, 'first');
			attempt = write();
			attempt.catch(() => undefined);
			waited.push(await untilAWriteWaits(db));
			// Closes the cycle; returns once PostgreSQL has aborted `write`'s statement.
			await insert(tx, 'second');
			// Run again, `write` now waits for this transaction.
			waited.push(await untilAWriteWaits(db));
			throw new RolledBack();
		})
		.catch((err: unknown) => {
			if (!(err instanceof RolledBack)) throw err;
		});
	return { waited, result: attempt! };
}
