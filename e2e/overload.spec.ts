/**
 * Load shedding through the production build: a server of its own that works on one request at a
 * time with no queue (MAX_IN_FLIGHT=1, MAX_QUEUED=0) answers a flood with 503 and Retry-After at
 * once (a short page, JSON under /api), never with a timeout, and its health check stays exempt.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

let server: ChildProcess;
let base: string;
let dataDir: string;

const freePort = () =>
	new Promise<number>((resolve, reject) => {
		const srv = net.createServer();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});

test.beforeAll(async () => {
	test.setTimeout(90_000);
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	dataDir = mkdtempSync(path.join(tmpdir(), 'ime-e2e-overload-'));
	const env: NodeJS.ProcessEnv = { ...process.env };
	for (const key of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'S3_BUCKET', 'ACUITY_USER_ID', 'ACUITY_API_KEY']) delete env[key];
	Object.assign(env, {
		NODE_ENV: 'production',
		PORT: String(port),
		ORIGIN: base,
		BETTER_AUTH_URL: base,
		DATA_DIR: dataDir,
		BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
		PHI_KEYS: `k1:${randomBytes(32).toString('base64')}`,
		LOG_LEVEL: 'warn',
		MAX_IN_FLIGHT: '1',
		MAX_QUEUED: '0'
	});
	server = spawn(process.execPath, ['build'], { env, stdio: 'inherit' });
	const deadline = Date.now() + 60_000;
	for (;;) {
		const res = await fetch(`${base}/api/health`).catch(() => null);
		if (res?.status === 200) break;
		if (Date.now() > deadline) throw new Error('the server did not become healthy');
		await new Promise((r) => setTimeout(r, 250));
	}
});

test.afterAll(async () => {
	if (server && server.exitCode === null) {
		const exited = new Promise((r) => server.once('exit', r));
		server.kill('SIGTERM');
		await exited;
	}
	rmSync(dataDir, { recursive: true, force: true });
});

test('a flood is answered 503 with Retry-After at once, pages and API alike; health is never shed', async () => {
	// One request holds the only place: a tRPC call whose body arrives only when we let it.
	let release!: () => void;
	const gate = new Promise<void>((r) => (release = r));
	const body = new ReadableStream<Uint8Array>({
		async start(controller) {
			controller.enqueue(new TextEncoder().encode('{"json":'));
			await gate;
			controller.enqueue(new TextEncoder().encode('{}}'));
			controller.close();
		}
	});
	const holder = fetch(`${base}/api/trpc/account.me`, {
		method: 'POST',
		body,
		headers: { 'content-type': 'application/json' },
		duplex: 'half'
	} as RequestInit).then(
		(r) => r.status,
		() => 0
	);
	// Wait until the server is working on it: a page is now refused.
	await expect.poll(async () => (await fetch(`${base}/sign-in`, { redirect: 'manual' })).status, { timeout: 10_000 }).toBe(503);

	const flood = (pathname: string) =>
		Promise.all(
			Array.from({ length: 40 }, async () => {
				const res = await fetch(`${base}${pathname}`, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
				return {
					status: res.status,
					retryAfter: res.headers.get('retry-after'),
					type: res.headers.get('content-type'),
					body: await res.text()
				};
			})
		);
	const [pages, api, health] = await Promise.all([flood('/sign-in'), flood('/api/trpc/account.me'), flood('/api/health')]);

	// Every answer is a quick refusal, never a wait or a timeout.
	expect(pages.map((r) => r.status)).toEqual(pages.map(() => 503));
	for (const r of pages) {
		expect(r.retryAfter).toBe('1');
		expect(r.type).toContain('text/html');
		expect(r.body).toContain('Busy, please try again');
	}
	expect(api.map((r) => r.status)).toEqual(api.map(() => 503));
	for (const r of api) {
		expect(r.retryAfter).toBe('1');
		expect(JSON.parse(r.body)).toMatchObject({ message: 'The service is busy. Please try again in a moment.' });
	}
	expect(health.every((r) => r.status === 200)).toBe(true);

	// The held request finishes, and the place is free again.
	release();
	expect(await holder).toBeGreaterThan(0);
	await expect.poll(async () => (await fetch(`${base}/sign-in`, { redirect: 'manual' })).status, { timeout: 10_000 }).toBe(200);
});
