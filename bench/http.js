// HTTP benchmark of a production build: `npm run build` first, then `npm run bench:http`.
//
// For each database mode — the embedded default (PGlite in a fresh DATA_DIR) and PostgreSQL +
// Redis (a database created for the run on BENCH_POSTGRES_URL, dropped afterwards) — it seeds the
// demo accounts with a referrer who has about 300 bookings of their own (bench/http-seed.ts),
// starts `node build` on a free port, signs in as that referrer through the sign-in form, and loads
// with autocannon, one after the other:
//   health   GET /api/health (the baseline: no session, one database ping)
//   list     GET /bookings (the referrer's bookings list, a server render)
//   slot     GET /bookings/new/slot?type=…&specialist=… (the wizard's time page)
//   detail   GET /bookings/<id> (a booking in full)
//   trpc     GET /api/trpc/account.me (a signed-in tRPC call: the cost of being signed in)
// Every target is loaded BENCH_ROUNDS times (the RSS is read after each round). Per target it
// prints requests, p50/p95 (over every response, autocannon's histogram counts 2xx only),
// timeouts, errors, non-2xx (503s apart, with how fast they were answered), and the server's CPU
// time per request, read from /proc/<pid>/stat of the server process (its own CPU, not wall time;
// on PostgreSQL the database's CPU is in other processes). Then each goal of issue #18 it measures,
// with its figure and MET/NOT MET.
//
// Settings: BENCH_MODES (embedded,postgres), BENCH_DURATION (seconds per target and round,
// default 30), BENCH_ROUNDS (default 5), BENCH_CONNECTIONS (default 100), BENCH_WARMUP (seconds of
// unmeasured load before each target in the first round, default 2, 0 to skip), BENCH_BOOKINGS
// (the referrer's bookings, default 300), BENCH_TARGETS (a comma list of the names above),
// BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres: a server where the run
// may create a database), BENCH_REDIS_URL (default redis://127.0.0.1:6379/9), BENCH_KEEP_DATA=1
// keeps the temporary DATA_DIR and database, BENCH_SERVER_ARGS are node options for the server
// (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it). Any other setting of the app (e.g. DB_POOL_MAX,
// MAX_IN_FLIGHT) is passed to the server as given.
//
// The load generator and the server share this machine's CPUs, so absolute numbers are a floor;
// the ratios to the baseline from the same run are the figures to compare between runs.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { freePort } from './free-port.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO_EMAIL = 'referrer@demo.test';
const DEMO_PASSWORD = 'demo-password';
/** Goals of issue #18 this benchmark measures. */
const GOAL_TRPC_CPU_RATIO = 2;
const GOAL_PAGE_CPU_MS = 6;
const GOAL_RSS_DRIFT = 0.1;
/** "Quickly": an overload answer (503) within this, at the 95th percentile. */
const GOAL_OVERLOAD_P95_MS = 1000;
const GOAL_DURATION = 30;
const GOAL_ROUNDS = 5;
const TIMEOUT_S = 10;
const CLOCK_TICKS = 100; // USER_HZ on Linux (getconf CLK_TCK)
const ALL_TARGETS = ['health', 'list', 'slot', 'detail', 'trpc'];

const modes = listSetting('BENCH_MODES', ['embedded', 'postgres'], ['embedded', 'postgres']);
const targetNames = listSetting('BENCH_TARGETS', ALL_TARGETS, ALL_TARGETS);
const duration = positiveInt('BENCH_DURATION', GOAL_DURATION);
const rounds = positiveInt('BENCH_ROUNDS', GOAL_ROUNDS);
const connections = positiveInt('BENCH_CONNECTIONS', 100);
const warmup = nonNegativeInt('BENCH_WARMUP', 2);
const bookings = positiveInt('BENCH_BOOKINGS', 300);
const postgresUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/9';
const keepData = process.env.BENCH_KEEP_DATA === '1';

/** Child process, temp dir and database of the mode running, cleaned up on every exit path. */
let server;
let dataDir;
let database;

function positiveInt(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1) fail(`${name} must be a positive integer, got "${raw}"`);
	return n;
}

function nonNegativeInt(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0) fail(`${name} must be a whole number, got "${raw}"`);
	return n;
}

function listSetting(name, fallback, allowed) {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const items = raw
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	for (const item of items) if (!allowed.includes(item)) fail(`${name}: "${item}" is not one of ${allowed.join(', ')}`);
	if (!items.length) fail(`${name} names nothing`);
	return items;
}

function fail(message) {
	throw new Error(message);
}

/**
 * The environment for the seed script and the server. Settings that would point the app at real
 * services are removed; the mode's own database (a throwaway DATA_DIR, or a database created for
 * this run) and Redis are set, so demo users can never land in a real database.
 */
function benchEnv(port, dir, mode) {
	const env = { ...process.env };
	for (const name of [
		'DATABASE_URL',
		'DB_MIGRATE_ON_START',
		'REDIS_URL',
		'S3_BUCKET',
		'S3_REGION',
		'S3_ENDPOINT',
		'SMTP_URL',
		'ACUITY_USER_ID',
		'ACUITY_API_KEY',
		'ACUITY_BASE_URL',
		'TRUSTED_PROXY_IP_HEADER',
		'PHI_ACTIVE_KEY_ID',
		'MIGRATIONS_DIR'
	])
		delete env[name];
	const origin = `http://127.0.0.1:${port}`;
	return {
		...env,
		...(mode.databaseUrl ? { DATABASE_URL: mode.databaseUrl, REDIS_URL: redisUrl } : {}),
		NODE_ENV: 'production',
		PORT: String(port),
		ORIGIN: origin,
		BETTER_AUTH_URL: origin,
		DATA_DIR: dir,
		BENCH_BOOKINGS: String(bookings),
		// 36 random bytes are exactly 48 base64url characters.
		BETTER_AUTH_SECRET: randomBytes(36).toString('base64url'),
		PHI_KEYS: `k1:${randomBytes(32).toString('base64')}`,
		LOG_LEVEL: 'warn'
	};
}

function runToEnd(command, args, env) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: ROOT,
			env,
			stdio: ['ignore', 'inherit', 'inherit'],
			shell: process.platform === 'win32'
		});
		child.on('error', reject);
		child.on('exit', (code, signal) =>
			code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}`))
		);
	});
}

function startServer(env) {
	// BENCH_SERVER_ARGS: node options for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
	const args = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
	const child = spawn(process.execPath, [...args, 'build'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
	child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
	return child;
}

async function stopServer() {
	const child = server;
	server = undefined;
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	const result = await Promise.race([child.exited, sleep(10_000, 'timeout', { ref: false })]);
	if (result === 'timeout') {
		child.kill('SIGKILL');
		await child.exited;
	}
}

/** The server process's CPU time (user + system) in ms, and its resident set in MiB, from /proc. */
function serverCpuMs(pid) {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces) in parentheses; utime and stime are 14 and 15.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

function serverRssMiB(pid) {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) / 1024 : NaN;
}

async function waitForHealth(base, child, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer';
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null)
			fail(`the server exited (${child.signalCode ?? child.exitCode}) before it became healthy`);
		try {
			const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
			if (res.status === 200) return;
			last = `HTTP ${res.status}`;
		} catch (err) {
			last = err.cause?.code ?? err.message;
		}
		await sleep(250);
	}
	fail(`GET /api/health did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

/** Sign in through the form action, as a browser would; returns the Cookie header to send. */
async function signIn(base) {
	const res = await fetch(`${base}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: base,
			// Ask for the action result as JSON (what use:enhance does) so a failure is readable;
			// a plain redirect answer is accepted too.
			accept: 'application/json',
			'x-sveltekit-action': 'true'
		},
		body: new URLSearchParams({ email: DEMO_EMAIL, password: DEMO_PASSWORD }).toString()
	});
	const body = await res.text();
	let outcome;
	if (res.status >= 300 && res.status < 400) {
		outcome = `redirect ${res.status} to ${res.headers.get('location')}`;
	} else {
		let json;
		try {
			json = JSON.parse(body);
		} catch {
			fail(`sign-in answered HTTP ${res.status} with a body that is not an action result: ${body.slice(0, 300)}`);
		}
		if (json.type !== 'redirect' && json.type !== 'success')
			fail(`sign-in failed: HTTP ${res.status}, ${JSON.stringify(json).slice(0, 300)}`);
		outcome = json.type === 'redirect' ? `action redirect to ${json.location}` : 'action success';
	}
	const pairs = res.headers
		.getSetCookie()
		.map((c) => c.split(';', 1)[0].trim())
		.filter((pair) => {
			const eq = pair.indexOf('=');
			return eq > 0 && pair.slice(eq + 1) !== '';
		});
	if (pairs.length === 0) fail(`sign-in (${outcome}) set no cookie`);
	console.log(`signed in as ${DEMO_EMAIL}: ${outcome}`);
	return pairs.join('; ');
}

/** A tRPC query's data (superjson envelope), failing clearly on anything but 200. */
async function trpcQuery(base, cookie, procedure, input) {
	const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
	const res = await fetch(`${base}/api/trpc/${procedure}${qs}`, { headers: { cookie } });
	const body = await res.json().catch(() => null);
	if (res.status !== 200) fail(`${procedure} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
	return body.result.data.json;
}

/** What the targets need: how many bookings the referrer sees, one of them, and a bookable specialist. */
async function discover(base, cookie) {
	let seen = 0;
	let first;
	let cursor;
	do {
		const page = await trpcQuery(base, cookie, 'bookings.list', { status: 'all', limit: 100, ...(cursor ? { cursor } : {}) });
		seen += page.rows.length;
		first ??= page.rows[0];
		cursor = page.nextCursor;
	} while (cursor);
	if (!first) fail('the referrer sees no bookings: the seed did not run');
	const types = await trpcQuery(base, cookie, 'scheduling.catalogue');
	for (const type of types) {
		const directory = await trpcQuery(base, cookie, 'scheduling.directory', { appointmentTypeId: type.id });
		const open = directory.find((d) => d.next) ?? directory[0];
		if (open) return { seen, bookingId: first.id, typeId: type.id, specialistId: open.id };
	}
	fail('no specialist offers any examination type');
}

/** Fail early if the session does not work: the benchmark would otherwise measure redirects. */
async function expectOk(base, pathname, cookie) {
	const res = await fetch(`${base}${pathname}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
	await res.arrayBuffer();
	if (res.status !== 200)
		fail(
			`GET ${pathname} answered ${res.status}${res.headers.get('location') ? ` (to ${res.headers.get('location')})` : ''}, expected 200`
		);
}

/**
 * Until the server is idle (under 10 % of a CPU over half a second; at most a minute): requests a
 * previous load left queued are not the next target's. (The health check cannot tell: it is never shed.)
 */
async function waitForIdle(pid) {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		const before = serverCpuMs(pid);
		await sleep(500);
		if (serverCpuMs(pid) - before < 50) return;
	}
	console.log('  (the server was still busy a minute after the previous load)');
}

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	// Nearest rank: the smallest value with at least p% of the samples at or below it.
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** One load of a target; latencies per response, 503s (overload answers) apart. */
async function load(base, target, seconds) {
	const instance = autocannon({
		url: `${base}${target.path}`,
		connections,
		duration: seconds,
		headers: target.cookie ? { cookie: target.cookie } : {},
		timeout: TIMEOUT_S
	});
	const latencies = [];
	const overload = [];
	instance.on('response', (_client, status, _bytes, responseTime) => (status === 503 ? overload : latencies).push(responseTime));
	const result = await instance;
	return { result, latencies, overload };
}

/** Totals of one target over every round. */
function emptyTotals(target) {
	return { ...target, requests: 0, seconds: 0, latencies: [], overload: [], timeouts: 0, errors: 0, non2xx: 0, codes: {}, cpuMs: 0 };
}

function addRound(totals, { result, latencies, overload }, cpuMs) {
	totals.requests += result.requests.total;
	totals.seconds += result.duration;
	totals.latencies.push(...latencies);
	totals.overload.push(...overload);
	totals.timeouts += result.timeouts;
	totals.errors += result.errors;
	totals.non2xx += result.non2xx;
	totals.cpuMs += cpuMs;
	for (const [code, { count }] of Object.entries(result.statusCodeStats)) totals.codes[code] = (totals.codes[code] ?? 0) + count;
}

const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const verdict = (ok) => (ok ? 'MET' : 'NOT MET');

async function createDatabase() {
	const name = `ime_bench_${randomBytes(6).toString('hex')}`;
	const sql = postgres(postgresUrl, { max: 1, onnotice: () => {} });
	try {
		await sql.unsafe(`create database ${name}`);
	} finally {
		await sql.end({ timeout: 5 });
	}
	const url = new URL(postgresUrl);
	url.pathname = `/${name}`;
	return { name, url: url.toString() };
}

async function dropDatabase(name) {
	const sql = postgres(postgresUrl, { max: 1, onnotice: () => {} });
	try {
		await sql.unsafe(`drop database if exists ${name} with (force)`);
	} finally {
		await sql.end({ timeout: 5 });
	}
}

async function runMode(modeName) {
	const mode = { name: modeName };
	if (modeName === 'postgres') {
		database = await createDatabase();
		mode.databaseUrl = database.url;
	}
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	dataDir = await mkdtemp(path.join(os.tmpdir(), 'ime-bench-'));
	const env = benchEnv(port, dataDir, mode);
	console.log(
		`\n=== ${modeName === 'postgres' ? `PostgreSQL (${database.name}) + Redis (${redisUrl})` : `embedded default (PGlite in ${dataDir})`} ===`
	);

	console.log(`seeding: demo accounts and about ${bookings} bookings for ${DEMO_EMAIL} (bench/http-seed.ts)`);
	await runToEnd('npx', ['tsx', 'bench/http-seed.ts'], env);

	console.log(`starting node build on ${base}`);
	server = startServer(env);
	await waitForHealth(base, server);
	const cookie = await signIn(base);
	const found = await discover(base, cookie);
	console.log(`${DEMO_EMAIL} sees ${found.seen} bookings`);

	const all = {
		health: { name: 'health', path: '/api/health' },
		list: { name: 'list', path: '/bookings', cookie, page: true },
		slot: { name: 'slot', path: `/bookings/new/slot?type=${found.typeId}&specialist=${found.specialistId}`, cookie, page: true },
		detail: { name: 'detail', path: `/bookings/${found.bookingId}`, cookie, page: true },
		trpc: { name: 'trpc', path: '/api/trpc/account.me', cookie, trpc: true }
	};
	const targets = targetNames.map((n) => all[n]);
	for (const t of targets) await expectOk(base, t.path, t.cookie);

	const totals = targets.map(emptyTotals);
	const rss = [];
	for (let round = 1; round <= rounds; round++) {
		for (const [i, target] of targets.entries()) {
			if (round === 1 && warmup > 0) await load(base, target, warmup);
			// Requests the previous load left queued are not this target's: start when the server is idle.
			await waitForIdle(server.pid);
			const cpuBefore = serverCpuMs(server.pid);
			const run = await load(base, target, duration);
			const cpu = serverCpuMs(server.pid) - cpuBefore;
			addRound(totals[i], run, cpu);
			if (server.exitCode !== null || server.signalCode !== null) fail('the server exited during the benchmark');
			const r = run.result;
			console.log(
				`round ${round}/${rounds} ${target.name.padEnd(6)} ${String(r.requests.total).padStart(7)} requests, ` +
					`${ms(cpu / (r.requests.total - r.non2xx))} CPU per 2xx, non-2xx ${r.non2xx}, timeouts ${r.timeouts}`
			);
		}
		rss.push(serverRssMiB(server.pid));
		console.log(`round ${round}/${rounds}: server RSS ${rss.at(-1).toFixed(0)} MiB`);
	}
	await stopServer();
	return report(modeName, totals, rss);
}

function report(modeName, totals, rss) {
	for (const t of totals) {
		t.latencies.sort((a, b) => a - b);
		t.overload.sort((a, b) => a - b);
		// Per answer that did the work (2xx): the CPU spent on requests that timed out or were turned away counts against them.
		const ok = Object.entries(t.codes).reduce((n, [code, count]) => (code.startsWith('2') ? n + count : n), 0);
		t.cpuPerRequest = ok ? t.cpuMs / ok : NaN;
	}
	const health = totals.find((t) => t.name === 'health');
	console.log(
		`\n${modeName}: ${rounds} round(s) × ${duration} s per target, ${connections} connections; latency over every response but 503s (nearest rank)`
	);
	console.table(
		totals.map((t) => ({
			target: t.name,
			requests: t.requests,
			'req/s': (t.requests / Math.max(1, t.seconds)).toFixed(0),
			p50: ms(percentile(t.latencies, 50)),
			p95: ms(percentile(t.latencies, 95)),
			timeouts: t.timeouts,
			errors: t.errors,
			'non-2xx': t.non2xx,
			'503 (p95)': t.overload.length ? `${t.overload.length} (${ms(percentile(t.overload, 95))})` : 0,
			'CPU/req': ms(t.cpuPerRequest),
			'CPU vs health':
				health && Number.isFinite(t.cpuPerRequest / health.cpuPerRequest)
					? `${(t.cpuPerRequest / health.cpuPerRequest).toFixed(2)}x`
					: 'n/a'
		}))
	);
	for (const t of totals)
		if (t.non2xx || t.errors)
			console.log(
				`  ${t.name} ${t.path.replace(/[0-9a-f-]{36}/g, ':id')}: status codes ${Object.entries(t.codes)
					.map(([code, n]) => `${code}: ${n}`)
					.join(', ')}; errors ${t.errors} (timeouts ${t.timeouts})`
			);
	console.log(`  server RSS after each round: ${rss.map((v) => `${v.toFixed(0)} MiB`).join(', ')}`);

	const goals = [];
	const short = duration < GOAL_DURATION || rounds < GOAL_ROUNDS ? ` (short run: the goal is ${GOAL_ROUNDS} × ${GOAL_DURATION} s)` : '';
	// Goal 1: no timeouts or errors; overload, if any, answered 503 quickly; RSS stable.
	const timeouts = totals.reduce((n, t) => n + t.timeouts, 0);
	const errors = totals.reduce((n, t) => n + t.errors, 0);
	const otherNon2xx = totals.reduce((n, t) => n + t.non2xx - t.overload.length, 0);
	goals.push([
		`0 timeouts, 0 errors, no non-2xx but 503${short}`,
		`${timeouts} timeouts, ${errors} errors, ${otherNon2xx} other non-2xx`,
		timeouts + errors + otherNon2xx === 0
	]);
	const overload = totals.flatMap((t) => t.overload).sort((a, b) => a - b);
	goals.push([
		`overload answered 503 within ${GOAL_OVERLOAD_P95_MS} ms (p95)`,
		overload.length ? `${overload.length} × 503, p95 ${ms(percentile(overload, 95))}` : 'no overload',
		overload.length === 0 || percentile(overload, 95) <= GOAL_OVERLOAD_P95_MS
	]);
	if (rss.length > 1) {
		const drift = Math.max(...rss.map((v) => Math.abs(v - rss[0]) / rss[0]));
		goals.push([
			`RSS stable (± ${GOAL_RSS_DRIFT * 100} %) over rounds${short}`,
			`± ${(drift * 100).toFixed(1)} % from ${rss[0].toFixed(0)} MiB`,
			drift <= GOAL_RSS_DRIFT
		]);
	}
	// Goal 2: server CPU per signed-in tRPC call ≤ 2× health; per page ≤ 6 ms.
	const trpc = totals.find((t) => t.trpc);
	if (trpc && health) {
		const r = trpc.cpuPerRequest / health.cpuPerRequest;
		goals.push([
			`CPU per signed-in tRPC call ≤ ${GOAL_TRPC_CPU_RATIO}× health`,
			`${r.toFixed(2)}× (${ms(trpc.cpuPerRequest)} vs ${ms(health.cpuPerRequest)})`,
			r <= GOAL_TRPC_CPU_RATIO
		]);
	}
	for (const t of totals.filter((t) => t.page))
		goals.push([`CPU per page ≤ ${GOAL_PAGE_CPU_MS} ms: ${t.name}`, ms(t.cpuPerRequest), t.cpuPerRequest <= GOAL_PAGE_CPU_MS]);

	console.log(`\n${modeName} goals (issue #18):`);
	for (const [goal, figure, ok] of goals) console.log(`  ${verdict(ok).padEnd(7)} ${goal}: ${figure}`);
	return { met: goals.filter(([, , ok]) => ok).length, of: goals.length };
}

async function cleanUpMode() {
	await stopServer().catch(() => {});
	if (dataDir && !keepData) await rm(dataDir, { recursive: true, force: true }).catch(() => {});
	else if (dataDir) console.log(`kept DATA_DIR ${dataDir}`);
	dataDir = undefined;
	if (database && !keepData)
		await dropDatabase(database.name).catch((err) => console.error(`could not drop ${database.name}: ${err.message}`));
	else if (database) console.log(`kept database ${database.name}`);
	database = undefined;
}

async function main() {
	if (!existsSync(path.join(ROOT, 'build', 'index.js'))) fail('no production build in build/: run `npm run build` first');
	const outcomes = [];
	for (const mode of modes) {
		try {
			outcomes.push([mode, await runMode(mode)]);
		} finally {
			await cleanUpMode();
		}
	}
	console.log();
	for (const [mode, { met, of }] of outcomes) console.log(`${mode}: ${met} of ${of} goals met; all ${verdict(met === of)}`);
}

for (const [signal, code] of [
	['SIGINT', 130],
	['SIGTERM', 143]
]) {
	process.once(signal, () => {
		console.error(`\n${signal}: stopping`);
		cleanUpMode().finally(() => process.exit(code));
	});
}
// Last resort if the process ends some other way while the server is still up.
process.on('exit', () => {
	if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
});

try {
	await main();
} catch (err) {
	console.error(`\nbench:http failed: ${err.message}`);
	process.exitCode = 1;
}
