/**
 * `npm run build && npm run bench:availability`: available times as a referrer's browser gets them —
 * over HTTP, signed in, through tRPC (`scheduling.times`, the wizard's own request) — from two
 * instances of the production build sharing PostgreSQL and Redis, configured for Acuity and pointed
 * at the fake Acuity with a realistic latency (BENCH_LATENCY_MS, default 150 ms).
 *
 *  - baseline: the same times asked of the fake Acuity directly (what every reader would wait for
 *    without our cache), p50/p95;
 *  - warm: the cached answer through HTTP, one reader after another, p50/p95, and the ratio of the
 *    baseline's p95 to it (goal: p95 ≤ 10 ms and ≥ 20× faster); beside it, for reading the figure,
 *    the instances' CPU time per warm read (Linux: /proc, user and system apart, every thread), the
 *    machine's load, which the p95 follows on a shared 2-core machine, and two references paced the
 *    same way from the same client and instances: a plain signed-in tRPC call (`account.me`: the
 *    session query, no cache) and the floor, a static file — with their CPU per request, so what is
 *    the warm path's own (the cache read) stands apart from what every request costs here;
 *  - cold: 100 readers at once, split over both instances, for a day nobody has asked for: upstream
 *    calls made (goal: 1);
 *  - burst: 60 different cold days at once: the highest upstream request rate in any second
 *    (goal: ≤ 10/s, Acuity's limit).
 *
 * Every request goes through node:http on a keep-alive agent, baseline and instances alike: Node's
 * fetch (undici) costs this process about 0.8 ms of CPU a request, which on a 2-core machine was a
 * fifth of the warm figure and none of the server's.
 *
 * BENCH_DATABASE_URL (server for a fresh database, default postgres://postgres@127.0.0.1:5432/test),
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_WARM_RUNS (default 1000); BENCH_NODE_ARGS adds
 * options to the instances' node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { parseConfig } from '../src/lib/config';
import { createApp } from '../src/lib/server/app';
import { seedDemo } from '../src/lib/server/demo/seed';
import { createLogger } from '../src/lib/server/logger';
import { startFakeAcuity } from '../src/lib/server/testing/fake-acuity';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150);
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 1000);
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const EMAIL = 'referrer@demo.test';
const PASSWORD = 'demo-password';

const pct = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil((q / 100) * s.length) - 1))] ?? NaN;
};
/** One GET on a keep-alive connection, the whole body read. */
const agent = new http.Agent({ keepAlive: true });
const get = (url: string, headers: Record<string, string> = {}) =>
	new Promise<{ status: number; body: string }>((resolve, reject) => {
		http
			.get(url, { agent, headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
				res.on('error', reject);
			})
			.on('error', reject);
	});
/** CPU time of processes so far, in ms, user and system apart; null where /proc is not there. */
const cpuMs = (pids: number[]) => {
	try {
		// Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux).
		return pids.reduce(
			(sum, pid) => {
				const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
				return { user: sum.user + Number(f[11]) * 10, system: sum.system + Number(f[12]) * 10 };
			},
			{ user: 0, system: 0 }
		);
	} catch {
		return null;
	}
};
/** The instances' CPU per request over `fn`'s `runs` requests, and their latencies. */
const measure = async (pids: number[], runs: number, fn: (i: number) => Promise<unknown>) => {
	const before = cpuMs(pids);
	const ms: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await fn(i);
		ms.push(performance.now() - t);
	}
	const after = cpuMs(pids);
	const cpu = before && after ? { user: (after.user - before.user) / runs, system: (after.system - before.system) / runs } : null;
	return { ms, cpu };
};
const cpuFigure = (cpu: { user: number; system: number } | null) =>
	cpu === null ? 'n/a' : `${(cpu.user + cpu.system).toFixed(2)} ms (user ${cpu.user.toFixed(2)}, system ${cpu.system.toFixed(2)})`;
const freePort = () =>
	new Promise<number>((resolve, reject) => {
		const srv = net.createServer();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});

if (!existsSync('build/index.js')) {
	console.error('No production build: run `npm run build` first.');
	process.exit(1);
}

const dbName = `bench_avail_${Date.now()}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${dbName}`);
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${dbName}`;
const fake = await startFakeAcuity({ userId: '24681357', apiKey: 'bench-fake-acuity-key' });
const demo = fake.seed.demo();
const dataDir = mkdtempSync(path.join(tmpdir(), 'ime-bench-avail-'));
const children: ChildProcess[] = [];

async function cleanup() {
	agent.destroy();
	for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
	await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
	await fake.close();
	await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
	await admin.end();
	rmSync(dataDir, { recursive: true, force: true });
}

try {
	const base: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		DATA_DIR: dataDir,
		DATABASE_URL: dbUrl.toString(),
		DB_MIGRATE_ON_START: 'true',
		REDIS_URL,
		BETTER_AUTH_SECRET: randomBytes(36).toString('base64url'),
		PHI_KEYS: `k1:${randomBytes(32).toString('base64')}`,
		ACUITY_USER_ID: fake.userId,
		ACUITY_API_KEY: fake.apiKey,
		ACUITY_BASE_URL: fake.url,
		ADMIN_REQUIRE_2FA: 'false',
		SIGN_IN_MAX_PER_IP: '10000',
		LOG_LEVEL: 'error'
	};
	for (const key of ['S3_BUCKET', 'SMTP_URL', 'TRUSTED_PROXY_IP_HEADER']) delete base[key];

	// Seed once (migrations, demo accounts, the Acuity catalogue), then start two instances.
	const seedEnv = { ...base, PORT: '1', ORIGIN: 'http://localhost:1', BETTER_AUTH_URL: 'http://localhost:1' };
	const seedApp = await createApp(parseConfig(seedEnv), { logger: createLogger({ level: 'error', pretty: false }) });
	await seedDemo(seedApp);
	await seedApp.scheduling.syncCatalogue();
	await seedApp.close();

	const instances: { origin: string; cookie: string }[] = [];
	for (let i = 0; i < 2; i++) {
		const port = await freePort();
		const origin = `http://localhost:${port}`;
		const child = spawn(process.execPath, [...NODE_ARGS, 'build'], {
			env: { ...base, PORT: String(port), ORIGIN: origin, BETTER_AUTH_URL: origin },
			stdio: ['ignore', 'inherit', 'inherit']
		});
		children.push(child);
		const deadline = Date.now() + 60_000;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`instance ${i + 1} exited (${child.exitCode}) before it became healthy`);
			const ok = await fetch(`${origin}/api/health`)
				.then((r) => r.ok)
				.catch(() => false);
			if (ok) break;
			if (Date.now() > deadline) throw new Error(`instance ${i + 1} did not become healthy in 60 s`);
			await sleep(250);
		}
		const res = await fetch(`${origin}/sign-in`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept: 'application/json', 'x-sveltekit-action': 'true' },
			body: new URLSearchParams({ email: EMAIL, password: PASSWORD })
		});
		const cookie = res.headers
			.getSetCookie()
			.map((c) => c.split(';', 1)[0]!)
			.filter((c) => !c.endsWith('='))
			.join('; ');
		if (!cookie) throw new Error(`signing in to instance ${i + 1} set no cookie (HTTP ${res.status})`);
		instances.push({ origin, cookie });
	}

	const db = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
	const [spec] = await db`SELECT id, time_zone FROM specialist WHERE provider_calendar_id = ${String(demo.calendars.sydney.id)}`;
	const [type] = await db`SELECT id FROM appointment_type WHERE provider_type_id = ${String(demo.types.ime.id)}`;
	await db.end();
	if (!spec || !type) throw new Error('the Acuity catalogue did not reach the database');
	const tz = String(spec.time_zone);

	// Weekdays from a week ahead, each asked for the first time where the measure needs a cold day.
	const days: string[] = [];
	for (let d = new Date(Date.now() + 7 * 86_400_000); days.length < 70; d = new Date(d.getTime() + 86_400_000))
		if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));

	const times = async (inst: { origin: string; cookie: string }, date: string) => {
		const input = encodeURIComponent(JSON.stringify({ json: { specialistId: spec.id, appointmentTypeId: type.id, date, timeZone: tz } }));
		const res = await get(`${inst.origin}/api/trpc/scheduling.times?input=${input}`, { cookie: inst.cookie });
		if (res.status !== 200) throw new Error(`scheduling.times answered ${res.status}: ${res.body.slice(0, 200)}`);
	};
	const timed = async (fn: () => Promise<unknown>) => {
		const t = performance.now();
		await fn();
		return performance.now() - t;
	};
	const upstreamAvailabilityCalls = () => fake.requestLog.filter((r) => r.path.startsWith('/availability')).length;

	fake.faults.set({ latencyMs: LATENCY_MS });

	// Baseline: the provider itself, as the cache's loader calls it.
	const auth = `Basic ${Buffer.from(`${fake.userId}:${fake.apiKey}`).toString('base64')}`;
	const directUrl = `${fake.url}/availability/times?date=${days[0]}&appointmentTypeID=${demo.types.ime.id}&calendarID=${demo.calendars.sydney.id}&timezone=${encodeURIComponent(tz)}`;
	const direct: number[] = [];
	for (let i = 0; i < 30; i++) direct.push(await timed(() => get(directUrl, { authorization: auth })));

	// Warm: one reader after another, alternating instances, on a day already read.
	await times(instances[0]!, days[0]!);
	for (let i = 0; i < 100; i++) await times(instances[i % 2]!, days[0]!);
	const pids = children.map((c) => c.pid!);
	const warmRun = await measure(pids, WARM_RUNS, (i) => times(instances[i % 2]!, days[0]!));
	const warm = warmRun.ms;
	const loadAfterWarm = loadavg()[0]!;
	// For reading it, the same client and pacing: a plain signed-in tRPC call (the session query, no
	// cache) and the floor, a static file (no hooks, no database), from the same instances.
	const me = async (i: number) => {
		const inst = instances[i % 2]!;
		const res = await get(`${inst.origin}/api/trpc/account.me`, { cookie: inst.cookie });
		if (res.status !== 200) throw new Error(`account.me answered ${res.status}: ${res.body.slice(0, 200)}`);
	};
	for (let i = 0; i < 50; i++) await me(i);
	const meRun = await measure(pids, 300, me);
	const floorRun = await measure(pids, 300, (i) => get(`${instances[i % 2]!.origin}/_app/version.json`));
	const floor = floorRun.ms;

	// Cold: 100 readers at once over both instances, a day nobody has read.
	const before = upstreamAvailabilityCalls();
	await Promise.all(Array.from({ length: 100 }, (_, i) => times(instances[i % 2]!, days[1]!)));
	const coldCalls = upstreamAvailabilityCalls() - before;

	// Burst: 60 cold days at once; Acuity's limit is 10 requests a second.
	const mark = fake.requestLog.length;
	await Promise.all(days.slice(2, 62).map((d, i) => times(instances[i % 2]!, d)));
	const stamps = fake.requestLog
		.slice(mark)
		.map((r) => r.time)
		.sort((a, b) => a - b);
	let maxPerSecond = 0;
	for (let i = 0, j = 0; i < stamps.length; i++) {
		while (stamps[i]! - stamps[j]! >= 1000) j++;
		maxPerSecond = Math.max(maxPerSecond, i - j + 1);
	}

	const directP95 = pct(direct, 95);
	const warmP95 = pct(warm, 95);
	const ratio = directP95 / warmP95;
	const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
	console.log(`\navailability over HTTP: two production instances, PostgreSQL + Redis, fake Acuity at ${LATENCY_MS} ms\n`);
	console.table([
		{
			measure: 'baseline: the fake Acuity directly, p50 / p95',
			figure: `${pct(direct, 50).toFixed(1)} / ${directP95.toFixed(1)} ms`,
			goal: '',
			result: ''
		},
		{
			measure: 'warm read through HTTP, p50 / p95',
			figure: `${pct(warm, 50).toFixed(2)} / ${warmP95.toFixed(2)} ms`,
			goal: 'p95 ≤ 10 ms',
			result: verdict(warmP95 <= 10)
		},
		{ measure: 'baseline p95 / warm p95', figure: `${ratio.toFixed(1)}×`, goal: '≥ 20×', result: verdict(ratio >= 20) },
		{ measure: 'for reading it: server CPU per warm read', figure: cpuFigure(warmRun.cpu), goal: '', result: '' },
		{
			measure: 'for reading it: the machine’s load (1-min average) after the warm reads',
			figure: loadAfterWarm.toFixed(2),
			goal: '',
			result: ''
		},
		{
			measure: 'for reading it: signed-in tRPC account.me, same client, p50 / p95',
			figure: `${pct(meRun.ms, 50).toFixed(2)} / ${pct(meRun.ms, 95).toFixed(2)} ms`,
			goal: '',
			result: ''
		},
		{ measure: 'for reading it: server CPU per account.me', figure: cpuFigure(meRun.cpu), goal: '', result: '' },
		{
			measure: 'for reading it: a static file, same client, p50 / p95',
			figure: `${pct(floor, 50).toFixed(2)} / ${pct(floor, 95).toFixed(2)} ms`,
			goal: '',
			result: ''
		},
		{ measure: 'for reading it: server CPU per static file', figure: cpuFigure(floorRun.cpu), goal: '', result: '' },
		{
			measure: 'upstream calls for 100 cold readers on 2 instances',
			figure: String(coldCalls),
			goal: '1',
			result: verdict(coldCalls === 1)
		},
		{
			measure: 'highest upstream requests in 1 s (60 cold days)',
			figure: String(maxPerSecond),
			goal: '≤ 10',
			result: verdict(maxPerSecond <= 10)
		}
	]);
} finally {
	await cleanup();
}
