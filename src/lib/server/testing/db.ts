/**
 * A fresh, migrated database for one test file: PGlite in memory, or — in the "postgres" vitest
 * project — a new database created on TEST_DATABASE_URL's server, so parallel files never share state.
 *
 * Neither is migrated from scratch each time: the migrations run once into a template named after a
 * hash of the migration files, and every test database is a copy of it (with its
 * drizzle.__drizzle_migrations rows, so `migrate()` afterwards finds nothing to do).
 * - PostgreSQL: a template database (`ime_tmpl_<hash>`), built once per server under an advisory lock,
 *   then `CREATE DATABASE … TEMPLATE` (a file copy) per test database.
 * - PGlite: a tarball of the migrated data directory in the temp directory, built once per machine,
 *   loaded into each new in-memory PGlite instead of running initdb and the migrations.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrationsFolder, openPglite, openPostgres, type Database, type OpenOptions } from '../db/client';

export const testDbKind = (): 'pglite' | 'postgres' =>
	process.env.TEST_DB_KIND === 'postgres' && process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** Names and contents of every file under the migrations folder (SQL and journal), hashed. */
async function migrationsHash(extra: string): Promise<string> {
	const folder = migrationsFolder();
	const files = (await readdir(folder, { recursive: true, withFileTypes: true }))
		.filter((e) => e.isFile())
		.map((e) => path.relative(folder, path.join(e.parentPath, e.name)))
		.sort();
	const hash = createHash('sha256').update(extra);
	for (const file of files) hash.update(`\0${file}\0`).update(await readFile(path.join(folder, file)));
	return hash.digest('hex').slice(0, 16);
}

let pgliteTemplate: Promise<Blob> | undefined;

/** The migrated PGlite data directory; the file is written once (atomically) and read by every later worker. */
async function buildPgliteTemplate(): Promise<Blob> {
	const { version } = JSON.parse(
		await readFile(path.join(path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8')
	) as { version: string };
	const file = path.join(tmpdir(), `ime-pglite-template-${await migrationsHash(`pglite ${version}`)}.tar`);
	try {
		return new Blob([await readFile(file)]);
	} catch {
		// Not built yet (two workers starting together may both build it; the rename keeps the file whole).
	}
	const database = await openPglite(undefined);
	let tarball: Blob;
	try {
		await database.migrate();
		tarball = await database.dumpDataDir();
	} finally {
		await database.close();
	}
	const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
	await writeFile(partial, Buffer.from(await tarball.arrayBuffer()));
	await rename(partial, file).catch(() => rm(partial, { force: true }));
	return tarball;
}

async function openPgliteTestDatabase(options: OpenOptions): Promise<Database> {
	pgliteTemplate ??= buildPgliteTemplate().catch((error: unknown) => {
		pgliteTemplate = undefined;
		throw error;
	});
	const database = await openPglite(undefined, { ...options, loadDataDir: await pgliteTemplate });
	// Finds the template's migrations applied; runs any it lacks, as on a fresh database.
	await database.migrate();
	return database;
}

/** Key for pg_advisory_lock while a template database is built (another test process may be building it). */
const TEMPLATE_LOCK = 0x1_3e_b0_0d;
let postgresTemplate: Promise<string> | undefined;

const databaseUrl = (adminUrl: string, name: string) => {
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return url.toString();
};

const sqlState = (error: unknown) => (error as { code?: unknown } | null)?.code;

async function buildPostgresTemplate(adminUrl: string): Promise<string> {
	const name = `ime_tmpl_${await migrationsHash('postgres')}`;
	const { default: postgres } = await import('postgres');
	// One connection: the session-level advisory lock and the checks run on the same session.
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	try {
		const ready = async () => (await admin`select 1 from pg_database where datname = ${name} and datistemplate`).length > 0;
		if (await ready()) return name;
		await admin`select pg_advisory_lock(${TEMPLATE_LOCK})`;
		try {
			if (await ready()) return name;
			// A build that died half-way left a database not yet marked as a template: start again.
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.unsafe(`create database ${name}`);
			const database = await openPostgres(databaseUrl(adminUrl, name), 2);
			try {
				await database.migrate();
			} finally {
				await database.close();
			}
			// Marked only when complete. Nobody may connect to it afterwards: CREATE DATABASE … TEMPLATE
			// fails while any session is connected to the template.
			await admin.unsafe(`alter database ${name} with is_template true allow_connections false`);
			return name;
		} finally {
			await admin`select pg_advisory_unlock(${TEMPLATE_LOCK})`.catch(() => {});
		}
	} finally {
		await admin.end();
	}
}

async function openPostgresTestDatabase(options: OpenOptions): Promise<Database> {
	const adminUrl = process.env.TEST_DATABASE_URL!;
	const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	const { default: postgres } = await import('postgres');
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	try {
		for (let attempt = 1; ; attempt++) {
			postgresTemplate ??= buildPostgresTemplate(adminUrl).catch((error: unknown) => {
				postgresTemplate = undefined;
				throw error;
			});
			const template = await postgresTemplate;
			try {
				await admin.unsafe(`create database ${name} template ${template}`);
				break;
			} catch (error) {
				if (attempt >= 10) throw error;
				const state = sqlState(error);
				// 55006: a session was still connected to the template (e.g. its builder's, closing).
				if (state === '55006') await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
				// 3D000: the template is gone (dropped by hand): build it again.
				else if (state === '3D000') postgresTemplate = undefined;
				else throw error;
			}
		}
		// Commits need not wait for the WAL to reach the disk (about 3 ms each here): a test database
		// never outlives a crash, and what other sessions see is unchanged.
		await admin.unsafe(`alter database ${name} set synchronous_commit = off`);
	} finally {
		await admin.end();
	}
	const database = await openPostgres(databaseUrl(adminUrl, name), 5, options);
	// Finds the template's migrations applied; runs any it lacks, as on a fresh database.
	await database.migrate();
	return {
		...database,
		close: async () => {
			await database.close();
			const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
			await cleanup.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
			await cleanup.end();
		}
	};
}

export async function openTestDatabase(options: OpenOptions = {}): Promise<Database> {
	return testDbKind() === 'pglite' ? openPgliteTestDatabase(options) : openPostgresTestDatabase(options);
}
