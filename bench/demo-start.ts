/**
 * `npm run build && npm run bench:demo`: issue 18 goal 6. `npm run demo` exactly as a person types
 * it, timed from the command to the first healthy answer (`GET /api/health` 200):
 *  - first run: an empty DATA_DIR (keys generated, migrations, the demo seed, then the server);
 *  - warm starts: the same DATA_DIR again, BENCH_ROUNDS times (default 3; the seed is skipped);
 *  - baseline, in the same run: the production server alone (`node build`) on that seeded DATA_DIR
 *    with the demo's settings: the floor a warm demo start cannot go below.
 * Goals: warm ≤ 5 s (the slowest warm start counts), first run ≤ 30 s (the build already made: the
 * first `npm run demo` on a fresh clone builds first, which this does not time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GOAL_WARM_S = 5;
const GOAL_FIRST_S = 30;
const GIVE_UP_MS = 180_000;

if (!existsSync('build/index.js')) throw new Error('No production build: run `npm run build` first.');

/** The environment without anything that would point the demo at real services. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env = { ...process.env, ...extra };
	for (const name of ['DATABASE_URL', 'REDIS_URL', 'S3_BUCKET', 'SMTP_URL', 'ACUITY_API_KEY', 'ACUITY_USER_ID', 'ORIGIN']) delete env[name];
	return env;
}

async function healthy(port: number, child: ChildProcess, started: number): Promise<number> {
	let exited: string | null = null;
	child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
	for (;;) {
		if (exited) throw new Error(`the server ${exited} before it was healthy`);
		if (performance.now() - started > GIVE_UP_MS) throw new Error('not healthy after 180 s');
		const ok = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(1000) })
			.then((r) => r.status === 200)
			.catch(() => false);
		if (ok) return (performance.now() - started) / 1000;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** Starts a command in its own process group, waits until healthy, stops the whole group; seconds to healthy. */
async function timeStart(cmd: string, args: string[], env: NodeJS.ProcessEnv, port: number): Promise<number> {
	const started = performance.now();
	const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
	let stderr = '';
	child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	try {
		return await healthy(port, child, started);
	} catch (err) {
		throw new Error(`${(err as Error).message}\n${stderr}`);
	} finally {
		try {
			process.kill(-child.pid!, 'SIGTERM');
		} catch {
			/* already gone */
		}
		await exited;
	}
}

const fmt = (s: number) => `${s.toFixed(2)} s`;
const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

const dataDir = await mkdtemp(path.join(tmpdir(), 'ime-bench-demo-'));
try {
	const port = await freePort();
	const env = cleanEnv({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' });

	console.log(`npm run demo, DATA_DIR ${dataDir}, port ${port}`);
	const first = await timeStart('npm', ['run', 'demo'], env, port);
	console.log(`first run (empty DATA_DIR: keys, migrations, seed, server): ${fmt(first)}`);

	const warm: number[] = [];
	for (let i = 0; i < ROUNDS; i++) {
		warm.push(await timeStart('npm', ['run', 'demo'], env, port));
		console.log(`warm start ${i + 1}: ${fmt(warm.at(-1)!)}`);
	}

	// The same settings the demo gives the server (scripts/demo.ts), the server started directly.
	const secrets = JSON.parse(readFileSync(path.join(dataDir, 'demo-secrets.json'), 'utf8')) as Record<string, string>;
	const serverEnv = cleanEnv({
		...secrets,
		NODE_ENV: 'production',
		PORT: String(port),
		BETTER_AUTH_URL: `http://localhost:${port}`,
		ALLOW_LOCAL_HOSTS: 'true',
		DATA_DIR: dataDir,
		ADMIN_REQUIRE_2FA: 'false',
		LOG_LEVEL: 'warn',
		BODY_SIZE_LIMIT: 'Infinity'
	});
	const bare: number[] = [];
	for (let i = 0; i < ROUNDS; i++) bare.push(await timeStart(process.execPath, ['build'], serverEnv, port));
	const bareBest = Math.min(...bare);
	const warmWorst = Math.max(...warm);
	const warmBest = Math.min(...warm);
	console.log(`baseline, node build alone on the seeded DATA_DIR: best ${fmt(bareBest)} of ${bare.map(fmt).join(', ')}`);
	console.log(
		`warm start: best ${fmt(warmBest)}, worst ${fmt(warmWorst)} = ${(warmBest / bareBest).toFixed(2)}× the bare server's start (best of each)`
	);

	console.log('\nissue 18, goal 6:');
	console.log(`  warm npm run demo healthy in ≤ ${GOAL_WARM_S} s: worst ${fmt(warmWorst)} — ${verdict(warmWorst <= GOAL_WARM_S)}`);
	console.log(`  first run (built, empty DATA_DIR) ≤ ${GOAL_FIRST_S} s: ${fmt(first)} — ${verdict(first <= GOAL_FIRST_S)}`);
} finally {
	await rm(dataDir, { recursive: true, force: true });
}
