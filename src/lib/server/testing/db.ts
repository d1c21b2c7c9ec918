/**
 * A fresh, migrated database for one test file: PGlite in memory, or — in the "postgres" vitest
 * project — a new database created on TEST_DATABASE_URL's server, so parallel files never share state.
 */
import { randomBytes } from 'node:crypto';
import { openPglite, openPostgres, type Database, type OpenOptions } from '../db/client';

export const testDbKind = (): 'pglite' | 'postgres' =>
	process.env.TEST_DB_KIND === 'postgres' && process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export async function openTestDatabase(options: OpenOptions = {}): Promise<Database> {
	if (testDbKind() === 'pglite') {
		const database = await openPglite(undefined, options);
		await database.migrate();
		return database;
	}
	const adminUrl = process.env.TEST_DATABASE_URL!;
	const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	const { default: postgres } = await import('postgres');
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const database = await openPostgres(url.toString(), 5, options);
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
