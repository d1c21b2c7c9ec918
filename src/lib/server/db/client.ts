/**
 * One Drizzle database over either PostgreSQL (postgres driver) or PGlite on disk, with the same
 * schema and migrations. Both are opened lazily: `vite build` imports server modules and must not
 * start a database.
 */
import path from 'node:path';
import { sql, type Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Config } from '../../config';
import * as schema from './schema';
import { withEventLoopTurns } from './pglite-turns';
import { withNamedStatements } from './pglite-statements';
import { MIGRATION_LOCK, postgresTlsOptions, type DatabaseTls } from './postgres-tls.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that runs queries: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
	kind: 'postgres' | 'pglite';
	db: Db;
	migrate(): Promise<void>;
	ping(): Promise<void>;
	close(): Promise<void>;
}

export const migrationsFolder = () => path.resolve(process.env.MIGRATIONS_DIR ?? path.join(process.cwd(), 'drizzle'));

export async function openDatabase(db: Config['database']): Promise<Database> {
	if (db.kind === 'pglite') return openPglite(db.dir);
	return openPostgres(db.url, db.poolMax, {}, { mode: db.ssl, caFile: db.caFile });
}

/** Optional hooks; none of them changes what the database does. */
export interface OpenOptions {
	/** Sees every statement Drizzle sends (the SQL snapshot test captures the text). */
	logger?: Logger;
	/** PGlite in memory only: start from this data directory (a `dumpDataDir()` tarball) instead of initdb (tests clone a migrated one). */
	loadDataDir?: Blob;
}

/** PGlite, plus a tarball of its data directory (tests migrate one database and clone it). */
export type PgliteDatabase = Database & { dumpDataDir(): Promise<Blob> };

export async function openPglite(dir: string | undefined, options: OpenOptions = {}): Promise<PgliteDatabase> {
	const [{ PGlite }, { drizzle }, { migrate }, { btree_gist }, { pg_trgm }] = await Promise.all([
		import('@electric-sql/pglite'),
		import('drizzle-orm/pglite'),
		import('drizzle-orm/pglite/migrator'),
		// The exclusion constraint against double bookings needs btree_gist (as on PostgreSQL).
		import('@electric-sql/pglite/contrib/btree_gist'),
		// Fuzzy people search (word_similarity), as on PostgreSQL.
		import('@electric-sql/pglite/contrib/pg_trgm')
	]);
	if (dir) {
		const { mkdir } = await import('node:fs/promises');
		await mkdir(dir, { recursive: true });
	}
	// (An undefined first argument would make PGlite ignore the options.)
	// Statements with parameters prepared once by name (pglite-statements.ts); each query after a
	// turn of the event loop: PGlite works on this thread (pglite-turns.ts).
	const client = withEventLoopTurns(
		withNamedStatements(
			new PGlite(dir ?? 'memory://', {
				extensions: { btree_gist, pg_trgm },
				...(dir ? {} : { loadDataDir: options.loadDataDir })
			})
		).client
	);
	const orm = drizzle({ client, schema, logger: options.logger });
	return {
		kind: 'pglite',
		db: orm as unknown as Db,
		// PGlite has no cross-process lock: migrations run in the one process that owns the directory.
		migrate: () => migrate(orm, { migrationsFolder: migrationsFolder() }),
		ping: async () => {
			await client.query('select 1');
		},
		close: () => client.close(),
		dumpDataDir: () => client.dumpDataDir('none')
	};
}

/** `tls`: DATABASE_SSL and DATABASE_CA_FILE (postgres-tls.js); empty: the URL's sslmode decides. */
export async function openPostgres(url: string, poolMax = 10, options: OpenOptions = {}, tls: DatabaseTls = {}): Promise<Database> {
	const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
		import('postgres'),
		import('drizzle-orm/postgres-js'),
		import('drizzle-orm/postgres-js/migrator')
	]);
	const client = postgres(url, {
		max: poolMax,
		onnotice: () => {},
		connect_timeout: 5,
		// Short OLTP queries: JIT compilation costs more than it saves.
		connection: { jit: 'off' },
		// Fail fast when the server is gone instead of queueing forever.
		idle_timeout: 30,
		...(await postgresTlsOptions(tls))
	});
	const orm = drizzle({ client, schema, logger: options.logger });
	return {
		kind: 'postgres',
		db: orm as unknown as Db,
		migrate: async () => {
			const reserved = await client.reserve();
			try {
				await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
				await migrate(orm, { migrationsFolder: migrationsFolder() });
			} finally {
				await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
				reserved.release();
			}
		},
		ping: async () => {
			await orm.execute(sql`select 1`);
		},
		close: () => client.end({ timeout: 5 })
	};
}
