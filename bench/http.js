// HTTP benchmark of a production build: `npm run build` first, then `npm run bench:http`.
//
// Seeds demo data into a fresh DATA_DIR (embedded database), starts `node build` on a free port,
// signs in as the demo referrer through the sign-in form action, and loads three endpoints with
// autocannon: the health check (baseline), the signed-in home page (a server render) and a typical
// tRPC query. Latency percentiles are computed here from every response; autocannon's own
// histogram has no p95 and counts 2xx responses only.
//
// Settings: BENCH_DURATION (seconds per endpoint, default 10), BENCH_CONNECTIONS (default 100),
// BENCH_WARMUP (seconds of unmeasured load before each endpoint, default 2, 0 to skip),
// BENCH_KEEP_DATA=1 keeps the temporary DATA_DIR.
//
// The load generator and the server share this machine's CPUs, so absolute numbers are a floor;
// the ratios to the baseline from the same run are the figures to compare between runs.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOAL_P95_MS = 100;
const DEMO_EMAIL = 'referrer@demo.test';
const DEMO_PASSWORD = 'demo-password';

const duration = positiveInt('BENCH_DURATION', 10);
const connections = positiveInt('BENCH_CONNECTIONS', 100);
const warmup = nonNegativeInt('BENCH_WARMUP', 2);
const keepData = process.env.BENCH_KEEP_DATA === '1';

/** Child processes and the temp dir, cleaned up on every exit path. */
let server;
let dataDir;

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

function fail(message) {
	throw new Error(message);
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/**
 * The environment for the seed script and the server. Settings that would point the app at real
 * services are removed, so the benchmark always measures the embedded defaults in a throwaway
 * directory and can never write demo users into a real database.
 */
function benchEnv(port, dir) {
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
		NODE_ENV: 'production',
		PORT: String(port),
		ORIGIN: origin,
		BETTER_AUTH_URL: origin,
		DATA_DIR: dir,
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
	const child = spawn(process.execPath, ['build'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
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
	console.log(`signed in as ${DEMO_EMAIL}: ${outcome}; cookies: ${pairs.map((p) => p.split('=')[0]).join(', ')}`);
	return pairs.join('; ');
}

/** Fail early if the session does not work: the benchmark would otherwise measure redirects. */
async function expectOk(base, pathname, cookie) {
	const res = await fetch(`${base}${pathname}`, { redirect: 'manual', headers: { cookie } });
	await res.arrayBuffer();
	if (res.status !== 200)
		fail(
			`GET ${pathname} with the session answered ${res.status}${res.headers.get('location') ? ` (to ${res.headers.get('location')})` : ''}, expected 200`
		);
}

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	// Nearest rank: the smallest value with at least p% of the samples at or below it.
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

async function load(base, target, seconds) {
	const instance = autocannon({
		url: `${base}${target.path}`,
		connections,
		duration: seconds,
		headers: target.cookie ? { cookie: target.cookie } : {},
		timeout: 10
	});
	const latencies = [];
	instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
	const result = await instance;
	latencies.sort((a, b) => a - b);
	return {
		name: target.name,
		path: target.path,
		requests: result.requests.total,
		rps: result.requests.total / result.duration,
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		p99: percentile(latencies, 99),
		max: latencies.at(-1) ?? NaN,
		non2xx: result.non2xx,
		errors: result.errors,
		timeouts: result.timeouts,
		statusCodes: result.statusCodeStats
	};
}

const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const ratio = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a');

function report(results) {
	const base = results[0];
	const rows = results.map((r) => ({
		endpoint: `${r.name} ${r.path}`,
		'req/s': r.rps.toFixed(0),
		p50: ms(r.p50),
		p95: ms(r.p95),
		p99: ms(r.p99),
		'non-2xx': r.non2xx,
		errors: r.errors,
		'p95 vs baseline': r === base ? '1.00x' : ratio(r.p95 / base.p95),
		'req/s vs baseline': r === base ? '1.00x' : ratio(r.rps / base.rps)
	}));
	console.log();
	console.log(`${duration} s per endpoint, ${connections} connections; latency over every response (nearest-rank percentiles)`);
	console.table(rows);
	for (const r of results) {
		if (r.non2xx || r.errors) {
			const codes = Object.entries(r.statusCodes)
				.map(([code, { count }]) => `${code}: ${count}`)
				.join(', ');
			console.log(`  ${r.path}: status codes ${codes}; errors ${r.errors} (timeouts ${r.timeouts})`);
		}
	}

	const render = results.find((r) => r.name === 'page');
	const failures = results.reduce((n, r) => n + r.non2xx + r.errors, 0);
	const p95Met = render.p95 < GOAL_P95_MS;
	const errorsMet = failures === 0;
	console.log();
	console.log(`goal: p95 server render < ${GOAL_P95_MS} ms, 0 errors`);
	console.log(
		`  p95 server render (${render.path}): ${ms(render.p95)} ${p95Met ? 'met' : 'NOT met'}; ` +
			`errors and non-2xx over all runs: ${failures} ${errorsMet ? 'met' : 'NOT met'}`
	);
	console.log(`  goal ${p95Met && errorsMet ? 'MET' : 'NOT MET'}`);
}

async function main() {
	if (!existsSync(path.join(ROOT, 'build', 'index.js'))) fail('no production build in build/: run `npm run build` first');

	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	dataDir = await mkdtemp(path.join(os.tmpdir(), 'ime-bench-'));
	const env = benchEnv(port, dataDir);
	console.log(`DATA_DIR ${dataDir}`);

	console.log('seeding demo data (npx tsx scripts/seed.ts)');
	await runToEnd('npx', ['tsx', 'scripts/seed.ts'], env);

	console.log(`starting node build on ${base}`);
	server = startServer(env);
	await waitForHealth(base, server);

	const cookie = await signIn(base);
	await expectOk(base, '/bookings', cookie);
	await expectOk(base, '/api/trpc/account.me', cookie);

	const targets = [
		{ name: 'baseline', path: '/api/health' },
		{ name: 'page', path: '/bookings', cookie },
		{ name: 'query', path: '/api/trpc/account.me', cookie }
	];
	const results = [];
	for (const target of targets) {
		if (warmup > 0) {
			process.stdout.write(`warming up ${target.path} (${warmup} s) ... `);
			await load(base, target, warmup);
			process.stdout.write('done\n');
		}
		process.stdout.write(`measuring ${target.path} (${duration} s) ... `);
		const r = await load(base, target, duration);
		process.stdout.write(`${r.rps.toFixed(0)} req/s\n`);
		results.push(r);
		if (server.exitCode !== null || server.signalCode !== null) fail('the server exited during the benchmark');
	}
	report(results);
}

async function cleanUp() {
	await stopServer().catch(() => {});
	if (dataDir && !keepData) await rm(dataDir, { recursive: true, force: true }).catch(() => {});
	else if (dataDir) console.log(`kept DATA_DIR ${dataDir}`);
	dataDir = undefined;
}

for (const [signal, code] of [
	['SIGINT', 130],
	['SIGTERM', 143]
]) {
	process.once(signal, () => {
		console.error(`\n${signal}: stopping`);
		cleanUp().finally(() => process.exit(code));
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
} finally {
	await cleanUp();
}
