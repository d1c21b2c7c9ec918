/**
 * `npm run bench:documents` (after `npm run build`): issue 18 goal 3. A document downloaded
 * through the real route of the production build, signed in, against the same server sending the
 * same bytes unprocessed, for the local encrypted store and for S3 (s3rver in a process of its own).
 *
 * For each store: a fresh DATA_DIR is seeded (demo accounts, one booking) and one document of
 * BENCH_DOC_MB (default 1024) is uploaded through the upload service. Then bench/documents-server.js
 * serves the build's handler (what `node build` serves) with two bench-only routes beside it (see
 * that file). In one run, against that one server process:
 *  - client ceiling: each client (curl, and a raw Node http.get) reading the same number of bytes
 *    from a buffer in memory; the faster one is used for everything after, and the route's figure
 *    is compared with its ceiling (goal: the client is not the bottleneck, route ≤ 80 % of it);
 *  - baseline: the same bytes unprocessed (the plaintext from disk, or the object from S3, piped);
 *  - route: GET /api/documents/{id}/download with the session cookie from the sign-in form —
 *    session, permission check, audit record, AES-GCM decryption, SHA-256 check, adapter-node.
 * BENCH_ROUNDS (default 3) rounds alternate baseline and route; the best of each is compared
 * (goal: route ≥ 80 % of baseline). The server's RSS is sampled from /proc every 10 ms while the
 * route downloads run; its peak over the idle RSS before them is the memory figure (goal ≤ +64 MB).
 * The server's CPU time per GB (all its threads, and its main thread — the event loop every other
 * request waits for — from /proc) is printed for both, to show where a gap comes from. So is what
 * the checks cost on this machine, measured in the same run (SHA-256 and AES-256-GCM on one thread
 * each): one download can go no faster than the slower of the two, whatever the code, which is
 * the ceiling of the ratio here; the route's CPU per GB over the unprocessed send, split into the
 * checks' own crypto and everything else, is the figure that holds on a server with cores to spare.
 * BENCH_NODE_ARGS adds options to the server's node (e.g. `--cpu-prof`); BENCH_STORES=local (or
 * s3) measures one store only; BENCH_BUILD_DIR measures another copy of the build.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import { parseConfig } from '../src/lib/config';
import { createApp } from '../src/lib/server/app';
import { document } from '../src/lib/server/db/schema';
import { createLogger } from '../src/lib/server/logger';
import { DEMO_PASSWORD, seedDemo } from '../src/lib/server/demo/seed';
import { signIn as signInService } from '../src/lib/server/testing/app';
import { insertBooking } from '../src/lib/server/testing/bookings';
import { pdf } from '../src/lib/server/testing/files';
import { scopeFor } from '../src/lib/server/auth/scope';
import { uploadDocument } from '../src/lib/server/services/documents/upload';
import { CHUNK_BYTES, sealedSize } from '../src/lib/server/services/documents/envelope';
import { SLICE_BYTES } from '../src/lib/server/services/documents/open-sealed';
import { freePort } from './free-port.js';

const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_DOC_MB ?? 1024) * MB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EMAIL = 'referrer@demo.test';
const GOAL_RATIO = 0.8;
const GOAL_RSS_MB = 64;

if (!existsSync(path.join(process.env.BENCH_BUILD_DIR ?? 'build', 'handler.js')))
	throw new Error('No production build: run `npm run build` first.');
const hasCurl = spawnSync('curl', ['--version']).status === 0;

/** SIZE bytes starting like a PDF, from a 4 MB pattern (nothing to compress, nothing allocated whole). */
function source(size: number): Readable {
	const head = pdf('Benchmark');
	const block = Buffer.alloc(4 * MB);
	for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
	let sent = 0;
	return new Readable({
		read() {
			if (sent >= size) return void this.push(null);
			const piece =
				sent === 0
					? Buffer.concat([head, block.subarray(0, Math.min(block.length, size) - head.length)])
					: block.subarray(0, Math.min(block.length, size - sent));
			sent += piece.length;
			this.push(piece);
		}
	});
}

/** CPU seconds so far (utime + stime from /proc): all the process's threads, and its main thread (the event loop). */
function cpuOf(pid: number): { all: number; main: number; kernel: number } {
	const fields = (file: string) => readFileSync(file, 'utf8').split(') ')[1]!.split(' ').map(Number);
	const all = fields(`/proc/${pid}/stat`);
	const main = fields(`/proc/${pid}/task/${pid}/stat`);
	return { all: (all[11]! + all[12]!) / 100, main: (main[11]! + main[12]!) / 100, kernel: all[12]! / 100 };
}
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

type Client = 'curl' | 'node';
interface Got {
	status: number;
	bytes: number;
	seconds: number;
}

/** One GET by a client process of its own; its own timing (request to last byte). */
function fetchWith(client: Client, url: string, cookie = ''): Promise<Got> {
	const [cmd, args] =
		client === 'curl'
			? [
					'curl',
					[
						'-s',
						'-o',
						'/dev/null',
						'-w',
						'%{http_code} %{size_download} %{time_total}',
						...(cookie ? ['-H', `cookie: ${cookie}`] : []),
						url
					]
				]
			: [process.execPath, ['bench/documents-client.js', url, cookie]];
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('exit', (code) => {
			if (code !== 0) return reject(new Error(`${client} exited with ${code}`));
			const [status, bytes, time] = out.trim().split(' ').map(Number);
			resolve({ status: status!, bytes: bytes!, seconds: client === 'curl' ? time! : time! / 1000 });
		});
	});
}

const rate = (g: Got) => g.bytes / MB / g.seconds;

/** What the checks cost on this machine, now (bench/documents-crypto.js, a fresh process): MB/s on one thread. */
function cryptoRates(): { sha: number; aes: number } {
	const out = spawnSync(process.execPath, ['bench/documents-crypto.js', String(CHUNK_BYTES), String(SLICE_BYTES)], { encoding: 'utf8' });
	if (out.status !== 0) throw new Error(`documents-crypto.js exited with ${out.status}: ${out.stderr}`);
	return JSON.parse(out.stdout);
}

/** The whole machine's busy CPU seconds so far (every process, from /proc/stat). */
function machineBusy(): number {
	const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
	// user nice system idle iowait irq softirq steal
	return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!) / 100;
}
const best = (xs: number[]) => Math.max(...xs);
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

async function signIn(base: string): Promise<string> {
	const res = await fetch(`${base}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: base,
			accept: 'application/json',
			'x-sveltekit-action': 'true'
		},
		body: new URLSearchParams({ email: EMAIL, password: DEMO_PASSWORD }).toString()
	});
	await res.text();
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';', 1)[0]!.trim())
		.filter((pair) => pair.indexOf('=') > 0 && !pair.endsWith('='))
		.join('; ');
	if (!cookie) throw new Error(`sign-in set no cookie (HTTP ${res.status})`);
	return cookie;
}

interface Outcome {
	label: string;
	ratio: number;
	rssMb: number;
	ceilingRatio: number;
}

async function run(label: string, s3?: { endpoint: string; bucket: string }): Promise<Outcome> {
	const dataDir = await mkdtemp(path.join(tmpdir(), 'ime-bench-documents-'));
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const env: Record<string, string> = {
		...(process.env as Record<string, string>),
		NODE_ENV: 'production',
		PORT: String(port),
		ORIGIN: base,
		BETTER_AUTH_URL: base,
		DATA_DIR: dataDir,
		BETTER_AUTH_SECRET: randomBytes(36).toString('base64url'),
		PHI_KEYS: `k1:${randomBytes(32).toString('base64')}`,
		ADMIN_REQUIRE_2FA: 'false',
		LOG_LEVEL: 'warn',
		DOCUMENT_MAX_BYTES: String(SIZE + MB),
		BENCH_DOC_BYTES: String(SIZE)
	};
	for (const name of [
		'DATABASE_URL',
		'REDIS_URL',
		'SMTP_URL',
		'S3_BUCKET',
		'S3_ENDPOINT',
		'ACUITY_USER_ID',
		'ACUITY_API_KEY',
		'ACUITY_BASE_URL'
	])
		delete env[name];
	if (s3) {
		// The seeding app in this process finds S3 credentials where the SDK looks: process.env.
		Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' });
		Object.assign(env, {
			S3_BUCKET: s3.bucket,
			S3_REGION: 'ap-southeast-2',
			S3_ENDPOINT: s3.endpoint,
			AWS_ACCESS_KEY_ID: 'S3RVER',
			AWS_SECRET_ACCESS_KEY: 'S3RVER'
		});
	}
	let server: ChildProcess | undefined;
	try {
		// Seed and upload with the app's own services, then close it: the server opens the same DATA_DIR.
		const seeding = await createApp(parseConfig(env), { logger: createLogger({ level: 'warn', pretty: false }) });
		let documentId: string;
		let uploadSeconds: number;
		let storageKey: string;
		try {
			await seedDemo(seeding);
			const { signedIn, actor } = await signInService(seeding, EMAIL, DEMO_PASSWORD);
			const bookingId = (await insertBooking(seeding, { ownerEmail: EMAIL })).booking.id;
			const t = performance.now();
			const doc = await uploadDocument(seeding, actor, scopeFor(signedIn.caller), {
				bookingId,
				meta: { category: 'medical_records', section: 'ime', name: 'records.pdf' },
				body: source(SIZE),
				declaredBytes: SIZE
			});
			uploadSeconds = (performance.now() - t) / 1000;
			documentId = doc.id;
			const [row] = await seeding.database.db.select({ key: document.storageKey }).from(document).where(eq(document.id, doc.id));
			storageKey = row!.key;
		} finally {
			await seeding.close();
		}
		if (s3) env.BENCH_S3_KEY = `documents/${storageKey}`;
		else {
			env.BENCH_PLAIN_FILE = path.join(dataDir, 'bench-plain.bin');
			await pipeline(source(SIZE), createWriteStream(env.BENCH_PLAIN_FILE));
		}

		const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
		server = spawn(process.execPath, [...nodeArgs, 'bench/documents-server.js'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
		await new Promise<void>((resolve, reject) => {
			server!.stdout!.once('data', () => resolve());
			server!.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
		});
		const cookie = await signIn(base);
		const routeUrl = `${base}/api/documents/${documentId}/download`;
		const check = (g: Got, what: string) => {
			const expected = what === 'plain' && s3 ? sealedSize(SIZE) : SIZE;
			if (g.status !== 200 || g.bytes !== expected) throw new Error(`${what}: HTTP ${g.status}, ${g.bytes} of ${expected} bytes`);
			return g;
		};
		// A short warm-up of every path (JIT, first-request setup), not measured.
		check(await fetchWith('node', `${base}/__bench/memory`), 'memory');
		check(await fetchWith('node', `${base}/__bench/plain`), 'plain');
		check(await fetchWith('node', routeUrl, cookie), 'route');

		// The client's ceiling: each client reading from memory; the faster one reads everything else.
		const clients: Client[] = hasCurl ? ['curl', 'node'] : ['node'];
		const ceilings = new Map<Client, number[]>(clients.map((c) => [c, []]));
		for (let i = 0; i < 2; i++)
			for (const c of clients) ceilings.get(c)!.push(rate(check(await fetchWith(c, `${base}/__bench/memory`), 'memory')));
		const client = clients.reduce((a, b) => (best(ceilings.get(b)!) > best(ceilings.get(a)!) ? b : a));
		const ceiling = best(ceilings.get(client)!);

		const pid = server.pid!;
		const idle = rssOf(pid);
		let peak = idle;
		const plainRates: number[] = [];
		const routeRates: number[] = [];
		const cpu = { plain: { all: 0, main: 0, kernel: 0 }, route: { all: 0, main: 0, kernel: 0 } };
		let plainMachine = 0;
		const add = (to: ReturnType<typeof cpuOf>, from: ReturnType<typeof cpuOf>) => {
			const now = cpuOf(pid);
			to.all += now.all - from.all;
			to.main += now.main - from.main;
			to.kernel += now.kernel - from.kernel;
		};
		for (let i = 0; i < ROUNDS; i++) {
			let c0 = cpuOf(pid);
			const m0 = machineBusy();
			plainRates.push(rate(check(await fetchWith(client, `${base}/__bench/plain`), 'plain')));
			add(cpu.plain, c0);
			plainMachine += machineBusy() - m0;
			const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 10);
			c0 = cpuOf(pid);
			try {
				routeRates.push(rate(check(await fetchWith(client, routeUrl, cookie), 'route')));
			} finally {
				clearInterval(timer);
			}
			add(cpu.route, c0);
			peak = Math.max(peak, rssOf(pid));
		}
		const gbs = (ROUNDS * SIZE) / 1024 ** 3;
		const perGb = (seconds: number) => (seconds / gbs).toFixed(2);
		const ratio = best(routeRates) / best(plainRates);
		const crypto = cryptoRates();
		const floorCpu = 1024 / crypto.sha + 1024 / crypto.aes;
		const oneDownload = Math.min(crypto.sha, crypto.aes);
		// The route needs at least what the unprocessed send costs the whole machine (client, S3, …)
		// plus the checks' crypto; on this many cores that bounds its speed too.
		const cores = availableParallelism();
		const plainMachinePerGb = plainMachine / gbs;
		const cpuBound = (cores * 1024) / (plainMachinePerGb + floorCpu);
		const routeCeiling = Math.min(oneDownload, cpuBound);
		const ceilingRatio = Math.min(1, routeCeiling / best(plainRates));
		const extraCpu = (cpu.route.all - cpu.plain.all) / gbs;
		const rssMb = (peak - idle) / MB;
		const clientShare = best(routeRates) / ceiling;
		console.log(`\n${label}: ${SIZE / MB} MB document, client ${client}`);
		console.log(`  upload through the service      ${(SIZE / MB / uploadSeconds).toFixed(0)} MB/s (not a goal)`);
		for (const c of clients)
			console.log(
				`  client ceiling (${c.padEnd(4)}, memory)   ${best(ceilings.get(c)!).toFixed(0)} MB/s   (rounds: ${fmt(ceilings.get(c)!)})`
			);
		console.log(
			`  same bytes unprocessed          ${best(plainRates).toFixed(0)} MB/s   (rounds: ${fmt(plainRates)}; server CPU ${perGb(cpu.plain.all)} s/GB, of it kernel ${perGb(cpu.plain.kernel)}, event loop ${perGb(cpu.plain.main)})`
		);
		console.log(
			`  download route                  ${best(routeRates).toFixed(0)} MB/s   (rounds: ${fmt(routeRates)}; server CPU ${perGb(cpu.route.all)} s/GB, of it kernel ${perGb(cpu.route.kernel)}, event loop ${perGb(cpu.route.main)})`
		);
		console.log(
			`  client not the bottleneck       route at ${(clientShare * 100).toFixed(0)} % of the client's ceiling: ${verdict(clientShare <= GOAL_RATIO)} (goal ≤ ${GOAL_RATIO * 100} %)`
		);
		console.log(
			`  the checks on this machine      SHA-256 ${crypto.sha.toFixed(0)} MB/s, AES-256-GCM opening ${crypto.aes.toFixed(0)} MB/s (one thread each, measured now): ${floorCpu.toFixed(2)} CPU-s/GB at best`
		);
		console.log(
			`  ceiling for the route here      ${routeCeiling.toFixed(0)} MB/s = ${(ceilingRatio * 100).toFixed(0)} % of the unprocessed send${ceilingRatio < GOAL_RATIO ? ': the goal is out of reach on this machine whatever the code' : ''}`
		);
		console.log(
			`                                  (the lower of: the slower check, ${oneDownload.toFixed(0)} MB/s, as a file's SHA-256 is one sequential computation;`
		);
		console.log(
			`                                  ${cores} cores ÷ (${plainMachinePerGb.toFixed(2)} machine CPU-s/GB of the unprocessed send + ${floorCpu.toFixed(2)} of the checks) = ${cpuBound.toFixed(0)} MB/s)`
		);
		console.log(
			`  server CPU, route − unprocessed ${extraCpu.toFixed(2)} s/GB: ${floorCpu.toFixed(2)} the checks' own crypto + ${(extraCpu - floorCpu).toFixed(2)} everything else (what a server with cores to spare pays)`
		);
		console.log(
			`  route ÷ unprocessed             ${(ratio * 100).toFixed(0)} %: ${verdict(ratio >= GOAL_RATIO)} (goal ≥ ${GOAL_RATIO * 100} %; ceiling here ${(ceilingRatio * 100).toFixed(0)} %)`
		);
		console.log(
			`  server RSS during the route     +${rssMb.toFixed(1)} MB over idle ${(idle / MB).toFixed(0)} MB (peak ${(peak / MB).toFixed(0)} MB): ${verdict(rssMb <= GOAL_RSS_MB)} (goal ≤ +${GOAL_RSS_MB} MB)`
		);
		return { label, ratio, rssMb, ceilingRatio };
	} finally {
		if (server && server.exitCode === null) {
			server.kill('SIGTERM');
			await new Promise((r) => server!.once('exit', r));
		}
		await rm(dataDir, { recursive: true, force: true });
	}
}

console.log(`Goal (issue 18, goal 3): the download route ≥ ${GOAL_RATIO * 100} % of the same server sending the same bytes`);
console.log(`unprocessed, with a client that is not the bottleneck; server RSS ≤ +${GOAL_RSS_MB} MB at ${SIZE / MB} MB.`);
const outcomes: Outcome[] = [];
const stores = (process.env.BENCH_STORES ?? 'local,s3').split(',');
if (stores.includes('local')) outcomes.push(await run('Local encrypted store'));

// s3rver in its own process, as S3 is never inside the app's.
if (stores.includes('s3')) {
	const s3Server = spawn(process.execPath, ['--import', 'tsx', 'bench/s3rver-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
	try {
		const started = await new Promise<{ endpoint: string; bucket: string }>((resolve) => {
			let out = '';
			s3Server.stdout!.on('data', (d) => {
				out += d;
				if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
			});
		});
		outcomes.push(await run('S3 (s3rver on loopback, its own process)', started));
	} finally {
		s3Server.kill('SIGTERM');
	}
}
const met = outcomes.every((o) => o.ratio >= GOAL_RATIO && o.rssMb <= GOAL_RSS_MB);
console.log(
	`\nGoal 3: ${verdict(met)} (${outcomes.map((o) => `${o.label.split(' ')[0]} ${(o.ratio * 100).toFixed(0)} % of a ${(o.ceilingRatio * 100).toFixed(0)} % ceiling, +${o.rssMb.toFixed(0)} MB`).join('; ')})`
);
