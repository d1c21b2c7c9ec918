/**
 * `npm run test:faults` (after `npm run build`): faults a running system must survive, on this
 * machine only. Two production instances share one PostgreSQL database, a Redis started here on a
 * spare port, and the fake Acuity; under a load of uncached availability reads Redis is stopped.
 * Checked: no answer is a 5xx (busy and outage answers are 429/503 with Retry-After), Acuity never
 * sees more than 10 requests in any second, a lockout earned on one instance holds on the other
 * while Redis is down and after it is back. Prints what it tried and what held; the last line is
 * "N passed, N failed", also written to .ci/results/faults.json for .ci/run's totals.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { parseConfig } from '../src/lib/config';
import { createApp } from '../src/lib/server/app';
import { appointmentType, specialist } from '../src/lib/server/db/schema';
import { createLogger } from '../src/lib/server/logger';
import { DEMO_PASSWORD, seedDemo } from '../src/lib/server/demo/seed';
import { startFakeAcuity, type RequestLogEntry } from '../src/lib/server/testing/fake-acuity';

const BASE_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_PORT = Number(process.env.FAULTS_REDIS_PORT ?? 6391);
const PORTS = [4191, 4192];
const results: { name: string; ok: boolean; detail: string }[] = [];
const check = (name: string, ok: boolean, detail: string) => {
	results.push({ name, ok, detail });
	console.log(`${ok ? 'held  ' : 'FAILED'} ${name}: ${detail}`);
};

function finish(code?: number): never {
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	mkdirSync('.ci/results', { recursive: true });
	writeFileSync('.ci/results/faults.json', JSON.stringify({ passed, failed, results }, null, 2));
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(code ?? (failed ? 1 : 0));
}

function startRedis(): ChildProcess {
	return spawn('redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: 'ignore'
	});
}

async function waitFor(url: string, ms = 60_000) {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not up yet
		}
		await sleep(250);
	}
	throw new Error(`${url} did not come up`);
}

const busiest = (log: RequestLogEntry[], from: number) => {
	const times = log
		.filter((e) => e.time >= from)
		.map((e) => e.time)
		.sort((a, b) => a - b);
	let max = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i]! - times[j]! >= 1000) j++;
		max = Math.max(max, i - j + 1);
	}
	return max;
};

const dbName = `faults_${randomBytes(4).toString('hex')}`;
const admin = postgres(BASE_DB, { max: 1, onnotice: () => {} });
try {
	await admin.unsafe(`create database ${dbName}`);
} catch (err) {
	console.log(`No PostgreSQL at ${BASE_DB} (${err instanceof Error ? err.message : err}): the fault suite needs one.`);
	await admin.end();
	finish(1);
}
const databaseUrl = BASE_DB.replace(/\/[^/]*$/, `/${dbName}`);
let redis = startRedis();
const fake = await startFakeAcuity({ port: 0, userId: '97531', apiKey: 'faults-fake-acuity-key' });
fake.seed.demo();
const servers: ChildProcess[] = [];
const cleanup = async () => {
	for (const s of servers) s.kill('SIGTERM');
	redis.kill('SIGTERM');
	await fake.close();
	await sleep(500);
	await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
	await admin.end();
};

try {
	const secrets = { BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'), PHI_KEYS: `k1:${randomBytes(32).toString('base64')}` };
	const common: NodeJS.ProcessEnv = {
		...process.env,
		...secrets,
		NODE_ENV: 'production',
		DATABASE_URL: databaseUrl,
		REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
		ACUITY_USER_ID: fake.userId,
		ACUITY_API_KEY: fake.apiKey,
		ACUITY_BASE_URL: fake.url,
		ADMIN_REQUIRE_2FA: 'false',
		LOG_LEVEL: 'error',
		DATA_DIR: `/tmp/${dbName}`
	};
	await sleep(300);
	const seedApp = await createApp(parseConfig({ ...common, ORIGIN: 'http://localhost:4190', DB_MIGRATE_ON_START: 'true' }), {
		logger: createLogger({ level: 'error', pretty: false })
	});
	await seedDemo(seedApp);
	const [hart] = await seedApp.database.db
		.select({ id: specialist.id })
		.from(specialist)
		.where(eq(specialist.displayName, 'Dr Amelia Hart — Orthopaedic Surgeon'));
	const [review] = await seedApp.database.db
		.select({ id: appointmentType.id })
		.from(appointmentType)
		.where(and(eq(appointmentType.name, 'File review')));
	await seedApp.close();

	for (const port of PORTS) {
		const origin = `http://localhost:${port}`;
		const child = spawn(process.execPath, ['build'], {
			stdio: 'inherit',
			env: { ...common, PORT: String(port), ORIGIN: origin, BETTER_AUTH_URL: origin }
		});
		servers.push(child);
		await waitFor(`${origin}/api/health`);
	}
	// Both instances announce themselves (heartbeats every 5 s) before Redis goes.
	await sleep(6000);

	const signIn = async (port: number, email: string, password: string) => {
		const res = await fetch(`http://localhost:${port}/sign-in`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: `http://localhost:${port}`,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json',
				'x-sveltekit-action': 'true'
			},
			body: new URLSearchParams({ email, password })
		});
		return {
			status: res.status,
			text: await res.text(),
			cookie: res.headers
				.getSetCookie()
				.map((c) => c.split(';')[0])
				.join('; ')
		};
	};
	const sessions = await Promise.all(
		PORTS.map(async (p) => ({ port: p, cookie: (await signIn(p, 'referrer@demo.test', DEMO_PASSWORD)).cookie }))
	);
	check(
		'both instances sign in',
		sessions.every((s) => s.cookie.includes('session')),
		sessions.map((s) => `${s.port}: ${s.cookie ? 'cookie' : 'none'}`).join(', ')
	);

	// Load: availability of many distinct days and zones (each an upstream call until cached).
	const zones = ['Australia/Sydney', 'Australia/Perth', 'Australia/Brisbane', 'Australia/Adelaide'];
	const statuses = new Map<number, number>();
	let stopLoad = false;
	let n = 0;
	const reader = async (s: { port: number; cookie: string }) => {
		while (!stopLoad) {
			const i = n++;
			const day = new Date(Date.now() + (2 + (i % 80)) * 86_400_000).toISOString().slice(0, 10);
			const input = encodeURIComponent(
				JSON.stringify({
					json: { specialistId: hart!.id, appointmentTypeId: review!.id, date: day, timeZone: zones[Math.floor(i / 80) % zones.length] }
				})
			);
			try {
				const res = await fetch(`http://localhost:${s.port}/api/trpc/scheduling.times?input=${input}`, { headers: { cookie: s.cookie } });
				await res.arrayBuffer();
				statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
			} catch {
				statuses.set(0, (statuses.get(0) ?? 0) + 1);
			}
		}
	};
	const load = Promise.all(sessions.flatMap((s) => Array.from({ length: 5 }, () => reader(s))));
	await sleep(3000);
	redis.kill('SIGKILL');
	const redisStoppedAt = Date.now();
	console.log('Redis stopped under load');
	await sleep(6000);
	stopLoad = true;
	await load;
	const counts = [...statuses].map(([k, v]) => `${k}×${v}`).join(' ');
	check(
		'no 5xx but 503 (outage, with Retry-After) under load while Redis stops',
		![...statuses.keys()].some((s) => s >= 500 && s !== 503) && !statuses.has(0),
		counts
	);
	check(
		'Acuity sees at most 10 requests in any second with Redis down',
		busiest(fake.requestLog, redisStoppedAt) <= 10,
		`busiest second ${busiest(fake.requestLog, redisStoppedAt)} requests (${fake.requestLog.filter((e) => e.time >= redisStoppedAt).length} after the stop)`
	);

	// Lockouts: earned on one instance while Redis is down, held on the other, and after Redis is back.
	for (let i = 0; i < 5; i++) await signIn(PORTS[0]!, 'owner@demo.test', 'a-wrong-password');
	const other = await signIn(PORTS[1]!, 'owner@demo.test', DEMO_PASSWORD);
	check(
		'a lockout earned on one instance holds on the other with Redis down',
		/Too many attempts/.test(other.text),
		`status ${other.status}`
	);
	redis = startRedis();
	await sleep(1500);
	const after = await signIn(PORTS[0]!, 'owner@demo.test', DEMO_PASSWORD);
	check('the lockout survives Redis coming back empty', /Too many attempts/.test(after.text), `status ${after.status}`);
	const health = await Promise.all(PORTS.map((p) => fetch(`http://localhost:${p}/api/health`).then((r) => r.status)));
	check(
		'both instances healthy again',
		health.every((s) => s === 200),
		health.join(', ')
	);
} catch (err) {
	check('the fault run completed', false, err instanceof Error ? err.message : String(err));
} finally {
	await cleanup();
}
finish();
