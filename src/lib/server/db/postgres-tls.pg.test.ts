/**
 * PostgreSQL over TLS as RDS with rds.force_ssl asks for it, and the one-off migration task
 * (`node scripts/migrate.mjs`). The local server has ssl=off, so a proxy answers PostgreSQL's
 * SSLRequest and terminates TLS with a throwaway CA's certificate (testing/tls-proxy.ts).
 * PostgreSQL only: runs in the "postgres" vitest project (TEST_DATABASE_URL set).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import { createApp } from '../app';
import { createLogger } from '../logger';
import { testDbKind } from '../testing/db';
import { makeTestCa, startTlsProxy, type TestCa, type TlsProxy } from '../testing/tls-proxy';
import { openPostgres } from './client';
import { describeDatabaseError, MIGRATION_LOCK, type DatabaseTls } from './postgres-tls.js';

// Only the postgres project collects this file (*.pg.test.ts); the guard keeps a direct run honest.
const enabled = testDbKind() === 'postgres';
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://unset';
const script = fileURLToPath(new URL('../../../../scripts/migrate.mjs', import.meta.url));
const journal = fileURLToPath(new URL('../../../../drizzle/meta/_journal.json', import.meta.url));

/** The URL with another host, port and database (the proxy in front of the same server). */
function via(port: number, host = '127.0.0.1', database?: string, query = '') {
	const url = new URL(adminUrl);
	url.hostname = host;
	url.port = String(port);
	if (database) url.pathname = `/${database}`;
	url.search = query;
	return url.toString();
}

let ca: TestCa;
let proxy: TlsProxy;
/** Same CA, a certificate for another host name. */
let otherHost: TlsProxy;

beforeAll(async () => {
	if (!enabled) return;
	const target = new URL(adminUrl);
	ca = await makeTestCa();
	const to = { host: target.hostname, port: Number(target.port || 5432) };
	proxy = await startTlsProxy({ target: to, cert: ca.server, mode: 'postgres' });
	otherHost = await startTlsProxy({ target: to, cert: await ca.issue(['db.elsewhere.example']), mode: 'postgres' });
});

afterAll(async () => {
	await proxy?.close();
	await otherHost?.close();
	await ca?.close();
});

/** The driver's error code (Drizzle wraps the driver's error as its cause). */
const driverCode = (err: unknown) => ((err as { cause?: { code?: string } }).cause ?? (err as { code?: string })).code;

/** Opens, runs `select 1`, closes; resolves with the error if the connection fails. */
async function selectOne(url: string, tls: DatabaseTls): Promise<unknown> {
	const database = await openPostgres(url, 1, {}, tls);
	try {
		await database.ping();
		return undefined;
	} catch (err) {
		return err;
	} finally {
		await database.close();
	}
}

describe.skipIf(!enabled)('PostgreSQL over TLS (the app)', () => {
	it('verify-full with DATABASE_CA_FILE connects over TLS and runs select 1, by IP address and by name', async () => {
		const before = proxy.tlsSessions;
		expect(await selectOne(via(proxy.port), { mode: 'verify-full', caFile: ca.caFile })).toBeUndefined();
		expect(await selectOne(via(proxy.port, 'localhost'), { mode: 'verify-full', caFile: ca.caFile })).toBeUndefined();
		expect(proxy.tlsSessions).toBe(before + 2);
	});

	it('verify-full without the CA is refused, and said in one line naming the setting', async () => {
		const err = await selectOne(via(proxy.port), { mode: 'verify-full' });
		expect(driverCode(err)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
		const said = describeDatabaseError(err);
		expect(said).toMatch(/^the database server's TLS certificate was refused \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
		expect(said).toContain('DATABASE_CA_FILE');
		expect(said).not.toContain('\n');
	});

	it('verify-full refuses a certificate from the trusted CA that names another host', async () => {
		const err = await selectOne(via(otherHost.port), { mode: 'verify-full', caFile: ca.caFile });
		expect(driverCode(err)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
		expect(describeDatabaseError(err)).toMatch(/^the database server's TLS certificate was refused \(ERR_TLS_CERT_ALTNAME_INVALID/);
	});

	it('require encrypts without checking the certificate', async () => {
		const before = proxy.tlsSessions;
		expect(await selectOne(via(proxy.port), { mode: 'require' })).toBeUndefined();
		expect(proxy.tlsSessions).toBe(before + 1);
	});

	it("unset follows the URL's sslmode (none: plain); disable overrides sslmode=require", async () => {
		const tls = proxy.tlsSessions;
		const plain = proxy.plainSessions;
		expect(await selectOne(via(proxy.port, '127.0.0.1', undefined, '?sslmode=require'), {})).toBeUndefined();
		expect(proxy.tlsSessions).toBe(tls + 1);
		expect(await selectOne(via(proxy.port), {})).toBeUndefined();
		expect(await selectOne(via(proxy.port, '127.0.0.1', undefined, '?sslmode=require'), { mode: 'disable' })).toBeUndefined();
		expect(proxy.plainSessions).toBe(plain + 2);
		expect(proxy.tlsSessions).toBe(tls + 1);
	});

	it('the app does not start against a refused certificate, and says why in one line', async () => {
		const config = parseConfig({
			NODE_ENV: 'test',
			DATABASE_URL: via(proxy.port),
			DATABASE_SSL: 'verify-full',
			PHI_KEYS: `k1:${randomBytes(32).toString('base64')}`,
			BETTER_AUTH_SECRET: 'test-secret-test-secret-test-secret-0123'
		});
		const start = createApp(config, { logger: createLogger({ level: 'silent', pretty: false }) });
		await expect(start).rejects.toThrow(
			/^Database not reachable: the database server's TLS certificate was refused \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/
		);
		const err = await start.catch((e: Error) => e);
		expect((err as Error).message).not.toContain('\n');
		expect((err as Error).cause).toBeUndefined();
	});

	it('a CA file that cannot be read is named, without its contents', async () => {
		await expect(openPostgres(via(proxy.port), 1, {}, { mode: 'verify-full', caFile: `${ca.dir}/missing.pem` })).rejects.toThrow(
			/^DATABASE_CA_FILE cannot be read \(ENOENT\)/
		);
	});
});

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** `node scripts/migrate.mjs` with only these settings (and PATH). */
function migrate(env: Record<string, string>): Promise<Run> & { pid: () => number | undefined } {
	let child: ReturnType<typeof execFile> | undefined;
	const done = new Promise<Run>((resolve) => {
		child = execFile(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) =>
			resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
		);
	});
	return Object.assign(done, { pid: () => child?.pid });
}

describe.skipIf(!enabled)('scripts/migrate.mjs (the one-off migration task)', () => {
	const name = `m_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	let admin: postgres.Sql;
	let fresh: postgres.Sql;

	beforeAll(async () => {
		if (!enabled) return;
		admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name}`);
		fresh = postgres(via(Number(new URL(adminUrl).port || 5432), new URL(adminUrl).hostname, name), { max: 1, onnotice: () => {} });
	});

	afterAll(async () => {
		await fresh?.end();
		await admin?.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
		await admin?.end();
	});

	const url = () => via(Number(new URL(adminUrl).port || 5432), new URL(adminUrl).hostname, name);
	const applied = async () => (await fresh`select count(*)::int as n from drizzle.__drizzle_migrations`)[0]!.n as number;

	it('applies every migration to a fresh database, then a second run is a no-op', async () => {
		const migrations = (JSON.parse(await readFile(journal, 'utf8')) as { entries: unknown[] }).entries.length;
		const first = await migrate({ DATABASE_URL: url() });
		expect(first).toEqual({ code: 0, stdout: `Migrations applied: ${migrations} new, ${migrations} in all.\n`, stderr: '' });
		const tables = await fresh`select to_regclass('public.outbox') as outbox, to_regclass('public.audit_log') as audit`;
		expect(tables[0]!.outbox).toBe('outbox');
		expect(await applied()).toBe(migrations);

		const second = await migrate({ DATABASE_URL: url() });
		expect(second).toEqual({ code: 0, stdout: `Migrations: none pending (${migrations} applied).\n`, stderr: '' });
		expect(await applied()).toBe(migrations);
	});

	it('waits for the advisory lock the app takes while it migrates', async () => {
		const holder = postgres(url(), { max: 1, onnotice: () => {} });
		try {
			const reserved = await holder.reserve();
			await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
			const run = migrate({ DATABASE_URL: url() });
			// The script's session shows up waiting for that very lock (advisory: classid 0, objid the key).
			for (;;) {
				const waiting = await fresh`
					select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database
					where l.locktype = 'advisory' and not l.granted and d.datname = ${name} and l.objid = ${MIGRATION_LOCK}`;
				if (waiting[0]!.n > 0) break;
				await new Promise((r) => setTimeout(r, 50));
			}
			await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`;
			reserved.release();
			expect((await run).code).toBe(0);
		} finally {
			await holder.end();
		}
	});

	it('goes through TLS with DATABASE_SSL=verify-full and DATABASE_CA_FILE', async () => {
		const before = proxy.tlsSessions;
		const run = await migrate({
			DATABASE_URL: via(proxy.port, '127.0.0.1', name),
			DATABASE_SSL: 'verify-full',
			DATABASE_CA_FILE: ca.caFile
		});
		expect(run).toMatchObject({ code: 0, stderr: '' });
		expect(run.stdout).toMatch(/^Migrations: none pending/);
		expect(proxy.tlsSessions).toBeGreaterThan(before);
	});

	it('exits 1 with one line, no stack, when the certificate is not trusted', async () => {
		const run = await migrate({ DATABASE_URL: via(proxy.port, '127.0.0.1', name), DATABASE_SSL: 'verify-full' });
		expect(run.code).toBe(1);
		expect(run.stdout).toBe('');
		expect(run.stderr).toMatch(
			/^Migrations not applied: the database server's TLS certificate was refused \(UNABLE_TO_VERIFY_LEAF_SIGNATURE.*DATABASE_CA_FILE.*\n$/
		);
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
		expect(run.stderr).not.toMatch(/\bat /);
	});

	it.each([
		[{}, /^Migrations not applied: DATABASE_URL is required/],
		[{ DATABASE_URL: 'mysql://x' }, /^Migrations not applied: DATABASE_URL must start with postgres:\/\//],
		[
			{ DATABASE_URL: 'postgres://x/y', DATABASE_SSL: 'maybe' },
			/^Migrations not applied: DATABASE_SSL must be one of disable, require, verify-full/
		],
		[
			{ DATABASE_URL: 'postgres://x/y', DATABASE_CA_FILE: '/ca.pem' },
			/^Migrations not applied: DATABASE_CA_FILE is used only with DATABASE_SSL=verify-full/
		]
	])('refuses bad settings in one line naming them: %j', async (env, message) => {
		const run = await migrate(env as Record<string, string>);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(message);
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
	});
});
