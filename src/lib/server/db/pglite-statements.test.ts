import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { withNamedStatements, type StatementStats } from './pglite-statements';
import { openPglite } from './client';

/** One initdb for the file: each test starts from a copy of this data directory. */
let template: Blob;
let bare: PGlite;
let db: PGlite;
let stats: StatementStats;

const serverStatements = async () =>
	(await bare.query<{ name: string }>(`select name from pg_prepared_statements order by name`)).rows.map((r) => r.name);

beforeAll(async () => {
	const first = new PGlite('memory://');
	await first.exec(`
		create table t (
			id int primary key,
			at timestamptz,
			doc jsonb,
			big int8,
			tags text[],
			ok boolean,
			ref uuid
		);
		insert into t values
			(1, '2026-12-03T01:02:03Z', '{"a":1}', 9007199254740993, '{x,y}', true, '00000000-0000-4000-8000-000000000001'),
			(2, null, null, null, null, null, null);
	`);
	template = await first.dumpDataDir('none');
	await first.close();
});

beforeEach(async () => {
	bare = new PGlite('memory://', { loadDataDir: template });
	({ client: db, stats } = withNamedStatements(bare, 3));
});

afterEach(async () => {
	await bare.close();
});

const ALL = `select id, at, doc, big, tags, ok, ref from t where id = any($1::int[]) order by id`;

describe('withNamedStatements', () => {
	it('returns what PGlite itself returns, in object and array row modes', async () => {
		// The same statement through the named path and through PGlite's own query (the prototype's).
		const named = await db.query(ALL, [[1, 2]]);
		const own = await PGlite.prototype.query.call(bare, ALL, [[1, 2]]);
		expect(named.rows).toEqual(own.rows);
		expect(named.fields).toEqual(own.fields);
		const namedArrays = await db.query(ALL, [[1, 2]], { rowMode: 'array' });
		const ownArrays = await PGlite.prototype.query.call(bare, ALL, [[1, 2]], { rowMode: 'array' });
		expect(namedArrays.rows).toEqual(ownArrays.rows);
		expect(named.rows[0]).toMatchObject({ id: 1, doc: { a: 1 }, tags: ['x', 'y'], ok: true });
		expect(named.rows[1]).toEqual({ id: 2, at: null, doc: null, big: null, tags: null, ok: null, ref: null });
		expect(stats.executed).toBe(2);
	});

	it('lets a query’s own parsers win over the client’s, and the client’s parse the rest', async () => {
		// As Drizzle asks: timestamps left as text, everything else as PGlite parses it.
		const options = { rowMode: 'array' as const, parsers: { 1184: (v: string) => `raw:${v}` } };
		const named = await db.query(ALL, [[1]], options);
		const own = await PGlite.prototype.query.call(bare, ALL, [[1]], options);
		expect(named.rows).toEqual(own.rows);
		expect(named.rows[0]).toEqual([
			1,
			expect.stringMatching(/^raw:2026-12-03 01:02:03/),
			{ a: 1 },
			9007199254740993n,
			['x', 'y'],
			true,
			expect.any(String)
		]);
		// The options object the caller passed is left as it was, and a later query without it parses timestamps.
		expect(Object.keys(options.parsers)).toEqual(['1184']);
		expect((await db.query<{ at: Date }>(ALL, [[1]])).rows[0]!.at).toBeInstanceOf(Date);
	});

	it('answers as PGlite does for writes, text, empty and null values, odd column names, notices and errors', async () => {
		const own = <T>(text: string, params: unknown[], options?: QueryOptions) =>
			PGlite.prototype.query.call(bare, text, params, options) as Promise<Results<T>>;
		const same = async (text: string, params: (id: number) => unknown[], options?: QueryOptions) => {
			const named = await db.query(text, params(100), options);
			const theirs = await own(text, params(200), options);
			expect({ ...named, rows: named.rows.length }).toEqual({ ...theirs, rows: theirs.rows.length });
			return [named, theirs] as const;
		};
		// Writes: command, affected rows and row count, with and without RETURNING.
		await same(`insert into t (id, doc) values ($1, $2)`, (id) => [id, { é: 'ü' }]);
		await same(`insert into t (id, tags) values ($1 + 1, $2), ($1 + 2, $2) returning id`, (id) => [id, ['x']]);
		await same(`update t set ok = $2 where id between $1 and $1 + 2`, (id) => [id, true]);
		await same(`delete from t where id = $1 + 2`, (id) => [id]);
		// Text in several scripts, the empty string apart from null, a column named __proto__ and a repeated name.
		const [texts, theirTexts] = await same(
			`select $2::text as a, ''::text as b, null::text as c, $2::text as "__proto__", 1 as d, 2 as d from t where id = $1`,
			(id) => [id, 'Zoë Ngô — 東京 🙂']
		);
		expect(texts.rows).toEqual(theirTexts.rows);
		expect(Object.getPrototypeOf(texts.rows[0])).toBe(Object.prototype);
		expect(texts.rows[0]).toMatchObject({ a: 'Zoë Ngô — 東京 🙂', b: '', c: null, d: 2 });
		expect(Object.keys(texts.rows[0] as object)).toContain('__proto__');
		// A notice reaches whoever asked for it; nobody asking, the answer is the same.
		await bare.exec(`create function noted(n int) returns int language plpgsql as $$ begin raise notice 'noted %', n; return n; end $$`);
		const notices: string[] = [];
		const noted = await db.query(`select noted($1) as n`, [7], { onNotice: (n) => notices.push(n.message ?? '') });
		expect(noted.rows).toEqual([{ n: 7 }]);
		expect(notices).toEqual(['noted 7']);
		expect((await db.query(`select noted($1) as n`, [8])).rows).toEqual([{ n: 8 }]);
		// Read by PGlite's parser (a notice was wanted), a query's own parsers still come first.
		const own4 = { onNotice: () => undefined, parsers: { 23: (v: string) => `int:${v}` } };
		expect((await db.query(`select noted($1) as n`, [9], own4)).rows).toEqual([{ n: 'int:9' }]);
		// An error carries what PGlite's own carries.
		const failing = `insert into t (id) values ($1)`;
		const error = await db.query(failing, [1]).catch((e: unknown) => e);
		const theirError = await own(failing, [1]).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(Error);
		for (const key of ['code', 'message', 'detail', 'constraint', 'table', 'severity'])
			expect((error as Record<string, unknown>)[key], key).toEqual((theirError as Record<string, unknown>)[key]);
	});

	it('parses a statement once and runs it by name after that', async () => {
		for (let i = 0; i < 4; i++) expect((await db.query(`select id from t where id = $1`, [1])).rows).toEqual([{ id: 1 }]);
		expect(stats).toEqual({ prepared: 1, executed: 4, closed: 0 });
		expect(await serverStatements()).toEqual(['pgl_1']);
	});

	it('serialises values by the types the server described (dates, JSON, arrays, null, bigints)', async () => {
		await db.query(`insert into t (id, at, doc, big, tags, ok, ref) values ($1, $2, $3, $4, $5, $6, $7)`, [
			3,
			new Date('2026-01-02T03:04:05.678Z'),
			{ b: [1, 'two'] },
			9007199254740993n,
			['p', 'q r'],
			false,
			null
		]);
		const row = (await db.query<Record<string, unknown>>(`select at, doc, big::text as big, tags, ok, ref from t where id = $1`, [3]))
			.rows[0];
		expect(row).toEqual({
			at: new Date('2026-01-02T03:04:05.678Z'),
			doc: { b: [1, 'two'] },
			big: '9007199254740993',
			tags: ['p', 'q r'],
			ok: false,
			ref: null
		});
	});

	it('keeps a bounded number of statements, closing the least recently used on the server', async () => {
		await db.query(`select $1::int + 1 as n`, [1]);
		await db.query(`select $1::int + 2 as n`, [1]);
		await db.query(`select $1::int + 3 as n`, [1]);
		await db.query(`select $1::int + 1 as n`, [1]); // used again: the "+ 2" one is now the oldest
		expect((await db.query(`select $1::int + 4 as n`, [1])).rows).toEqual([{ n: 5 }]);
		expect(stats.closed).toBe(1);
		expect(await serverStatements()).toEqual(['pgl_1', 'pgl_3', 'pgl_4']);
		expect((await db.query(`select $1::int + 2 as n`, [1])).rows).toEqual([{ n: 3 }]);
		expect(stats.prepared).toBe(5);
	});

	it('passes an error on with its SQLSTATE, and the statement still works after it', async () => {
		const insert = `insert into t (id) values ($1)`;
		await expect(db.query(insert, [1])).rejects.toMatchObject({ code: '23505' });
		await db.query(insert, [10]);
		expect(stats.prepared).toBe(1);
		await expect(db.query(`selec $1`, [1])).rejects.toMatchObject({ code: '42601' });
		expect(stats.prepared).toBe(1);
		expect((await db.query(`select count(*)::int as n from t where id >= $1`, [0])).rows).toEqual([{ n: 3 }]);
	});

	it('prepares again a statement the server refuses after the table changed under it', async () => {
		const text = `select id, ok from t where id = $1`;
		expect((await db.query(text, [1])).rows).toEqual([{ id: 1, ok: true }]);
		await bare.exec(`alter table t alter column ok type text`);
		await expect(db.query(text, [1])).rejects.toMatchObject({ code: '0A000' });
		expect((await db.query(text, [1])).rows).toEqual([{ id: 1, ok: 'true' }]);
	});

	it('runs statements in transactions by name too: a rollback undoes their writes, the statements stay', async () => {
		const insert = `insert into t (id) values ($1)`;
		await expect(
			db.transaction(async (tx) => {
				await tx.query(insert, [20]);
				expect((await tx.query(`select count(*)::int as n from t where id = $1`, [20])).rows).toEqual([{ n: 1 }]);
				throw new Error('undo');
			})
		).rejects.toThrow('undo');
		expect((await db.query(`select count(*)::int as n from t where id = $1`, [20])).rows).toEqual([{ n: 0 }]);
		await db.transaction(async (tx) => {
			await tx.query(insert, [21]);
		});
		expect((await db.query(`select count(*)::int as n from t where id = $1`, [21])).rows).toEqual([{ n: 1 }]);
		expect(stats.prepared).toBe(2);
		expect(stats.executed).toBe(5);
	});

	it('waits for an open transaction before running a statement outside it', async () => {
		let release!: () => void;
		const held = new Promise<void>((r) => (release = r));
		const tx = db.transaction(async (t) => {
			await t.query(`insert into t (id) values ($1)`, [30]);
			await held;
		});
		const outside = db.query(`select count(*)::int as n from t where id = $1`, [30]);
		let settled = false;
		void outside.then(() => (settled = true));
		await new Promise((r) => setTimeout(r, 20));
		expect(settled).toBe(false);
		release();
		await tx;
		expect((await outside).rows).toEqual([{ n: 1 }]);
	});

	it('leaves statements without parameters to PGlite', async () => {
		expect((await db.query(`select 1 as one`)).rows).toEqual([{ one: 1 }]);
		expect((await db.query(`select 2 as two`, [])).rows).toEqual([{ two: 2 }]);
		expect(stats).toEqual({ prepared: 0, executed: 0, closed: 0 });
	});

	it("runs the embedded database's statements with parameters (the application's) by name", async () => {
		const database = await openPglite(undefined);
		try {
			const { db: orm } = database;
			for (let i = 0; i < 3; i++) await orm.execute(sql`select ${i}::int as n`);
			const named = await orm.execute(sql`select count(*)::int as n from pg_prepared_statements`);
			expect((named as unknown as { rows: unknown[] }).rows).toEqual([{ n: 1 }]);
		} finally {
			await database.close();
		}
	});
});
