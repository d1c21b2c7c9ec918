import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openPglite, type PgliteDatabase } from './client';
import { withEventLoopTurns } from './pglite-turns';

/**
 * Runs `queries` one after another and reports how many had finished when a callback queued on the
 * event loop at the start (as an incoming connection or request would be) got to run.
 */
async function doneBeforeTheLoopRan(queries: number, run: () => Promise<unknown>) {
	let done = 0;
	let seen = -1;
	setImmediate(() => (seen = done));
	for (let i = 0; i < queries; i++) {
		await run();
		done++;
	}
	// Let the callback run if it has not yet.
	await new Promise((r) => setImmediate(r));
	return seen;
}

/** A client whose promises settle at once, as PGlite's do. */
const instantClient = () => ({
	calls: [] as string[],
	async query(text: string) {
		this.calls.push(`query ${text}`);
		return { rows: [] };
	},
	async exec(text: string) {
		this.calls.push(`exec ${text}`);
		return [];
	},
	async transaction<T>(fn: (tx: unknown) => Promise<T>) {
		this.calls.push('transaction');
		return fn({});
	}
});

describe('withEventLoopTurns', () => {
	it('lets the event loop run between queries that settle at once (without it, not before all of them)', async () => {
		const bare = instantClient();
		expect(await doneBeforeTheLoopRan(20, () => bare.query('select 1'))).toBe(20);
		const turning = withEventLoopTurns(instantClient());
		expect(await doneBeforeTheLoopRan(20, () => turning.query('select 1'))).toBeLessThan(20);
	});

	it('passes query, exec and transaction through to the client with their arguments and results', async () => {
		const client = withEventLoopTurns(instantClient());
		expect(await client.query('select 2')).toEqual({ rows: [] });
		expect(await client.exec('vacuum')).toEqual([]);
		expect(await client.transaction(async () => 'committed')).toBe('committed');
		expect(client.calls).toEqual(['query select 2', 'exec vacuum', 'transaction']);
	});

	it('passes a failing query on as the same rejection', async () => {
		const failing = withEventLoopTurns({
			...instantClient(),
			query: async () => {
				throw new Error('syntax error');
			}
		});
		await expect(failing.query()).rejects.toThrow('syntax error');
	});
});

describe('the embedded database', () => {
	let database: PgliteDatabase;
	beforeAll(async () => {
		database = await openPglite(undefined);
	});
	afterAll(() => database.close());

	it('gives the event loop a turn between queries, so connections and requests are taken in while others are worked on', async () => {
		expect(await doneBeforeTheLoopRan(20, () => database.db.execute(sql`select 1`))).toBeLessThan(20);
	});
});
