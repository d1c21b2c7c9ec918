/**
 * Applies the SQL migrations in ./drizzle to DATABASE_URL (PostgreSQL), for the one-off task that runs
 * before a rollout. Plain JavaScript with production dependencies only (postgres, drizzle-orm), so the
 * runtime image runs it as is: `node scripts/migrate.mjs` from /app.
 *
 * Settings: DATABASE_URL (required), DATABASE_PASSWORD, DATABASE_SSL and DATABASE_CA_FILE as the app reads them, and
 * MIGRATIONS_DIR (unset: the drizzle/ folder next to scripts/). The app's advisory lock is held while
 * migrating, so a starting instance with DB_MIGRATE_ON_START=true waits instead of racing.
 * Prints one line and exits 0 when done (also when nothing was pending), 1 otherwise; never a stack.
 * The data migration that groups bookings into cases needs the app's keys: the app runs it at start.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { DATABASE_SSL_MODES, MIGRATION_LOCK, describeDatabaseError, postgresTlsOptions } from '../src/lib/server/db/postgres-tls.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Empty means unset, as in the app's configuration. */
const setting = (name) => process.env[name] || undefined;

/** The settings, or the first problem with them (named like the app names them). */
function settings() {
	const url = setting('DATABASE_URL');
	const mode = setting('DATABASE_SSL');
	const caFile = setting('DATABASE_CA_FILE');
	if (!url) return { problem: 'DATABASE_URL is required (postgres://…)' };
	if (!/^postgres(ql)?:\/\//.test(url)) return { problem: 'DATABASE_URL must start with postgres:// or postgresql://' };
	if (mode && !DATABASE_SSL_MODES.includes(mode)) return { problem: `DATABASE_SSL must be one of ${DATABASE_SSL_MODES.join(', ')}` };
	if (caFile && mode !== 'verify-full') return { problem: 'DATABASE_CA_FILE is used only with DATABASE_SSL=verify-full' };
	const password = setting('DATABASE_PASSWORD');
	if (password) {
		// Handed apart by the secrets manager, as the app takes it: it replaces the URL's.
		const parsed = new URL(url);
		parsed.password = encodeURIComponent(password);
		return { url: parsed.toString(), mode, caFile, folder: path.resolve(setting('MIGRATIONS_DIR') ?? path.join(here, '..', 'drizzle')) };
	}
	return { url, mode, caFile, folder: path.resolve(setting('MIGRATIONS_DIR') ?? path.join(here, '..', 'drizzle')) };
}

/** How many migrations the database records as applied (0 before the first). */
async function appliedCount(sql) {
	const [{ present }] = await sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`;
	if (!present) return 0;
	const [{ n }] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
	return n;
}

async function main() {
	const s = settings();
	if (s.problem) return `Migrations not applied: ${s.problem}`;
	let sql;
	try {
		sql = postgres(s.url, {
			max: 2,
			onnotice: () => {},
			connect_timeout: 10,
			...(await postgresTlsOptions({ mode: s.mode, caFile: s.caFile }))
		});
		// The lock lives on one session; the migrations run on the pool, as in the app.
		const reserved = await sql.reserve();
		try {
			await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
			const before = await appliedCount(reserved);
			await migrate(drizzle({ client: sql }), { migrationsFolder: s.folder });
			const after = await appliedCount(reserved);
			console.log(
				after === before ? `Migrations: none pending (${after} applied).` : `Migrations applied: ${after - before} new, ${after} in all.`
			);
			return undefined;
		} finally {
			await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
			reserved.release();
		}
	} catch (err) {
		return `Migrations not applied: ${describeDatabaseError(err)}`;
	} finally {
		await sql?.end({ timeout: 5 }).catch(() => {});
	}
}

const problem = await main();
if (problem) {
	console.error(problem.replace(/\s+/g, ' '));
	process.exitCode = 1;
}
