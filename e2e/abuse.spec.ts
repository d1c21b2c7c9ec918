/**
 * Abuse through the production build: oversized bodies sent chunked (no Content-Length) are refused
 * with 413 while they stream, and the server keeps answering others meanwhile.
 */
import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);

/** POST `totalBytes` in 64 KiB chunks with no Content-Length; answers the status and how much was sent before it. */
function chunkedPost(path: string, totalBytes: number, contentType: string): Promise<{ status: number; sentBytes: number }> {
	return new Promise((resolve, reject) => {
		let sent = 0;
		let status = 0;
		const req = httpRequest({ host: '127.0.0.1', port: PORT, path, method: 'POST', headers: { 'content-type': contentType, origin: `http://localhost:${PORT}` } }, (res) => {
			status = res.statusCode ?? 0;
			res.resume();
			res.on('end', () => resolve({ status, sentBytes: sent }));
		});
		req.on('error', (err) => (status ? resolve({ status, sentBytes: sent }) : reject(err)));
		const chunk = Buffer.alloc(64 * 1024, 'a');
		const pump = () => {
			while (sent < totalBytes && !req.destroyed) {
				sent += chunk.length;
				if (!req.write(chunk)) return void req.once('drain', pump);
			}
			req.end();
		};
		pump();
	});
}

async function healthMs(): Promise<number> {
	const started = performance.now();
	const res = await fetch(`http://127.0.0.1:${PORT}/api/health`);
	await res.arrayBuffer();
	return performance.now() - started;
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

test('a 30 MB chunked body is refused with 413 on every kind of route, and health keeps answering', async () => {
	const before: number[] = [];
	for (let i = 0; i < 20; i++) before.push(await healthMs());
	const during: number[] = [];
	let attacking = true;
	const probe = (async () => {
		while (attacking) {
			during.push(await healthMs());
			await new Promise((r) => setTimeout(r, 20));
		}
	})();
	const targets: [string, string][] = [
		['/api/trpc/account.revokeSession', 'application/json'],
		['/sign-in', 'application/x-www-form-urlencoded'],
		['/api/webhooks/acuity', 'application/x-www-form-urlencoded']
	];
	const results = await Promise.all(targets.map(([path, type]) => chunkedPost(path, 30 * 1024 * 1024, type)));
	attacking = false;
	await probe;
	for (const [i, r] of results.entries()) {
		expect(r.status, targets[i]![0]).toBe(413);
		// Cut off long before the whole body: the server read its cap and a bounded drain, no more.
		expect(r.sentBytes, targets[i]![0]).toBeLessThan(30 * 1024 * 1024);
	}
	console.log(`health p95 before ${p95(before).toFixed(1)} ms, during ${p95(during).toFixed(1)} ms (${during.length} probes)`);
	expect(during.length).toBeGreaterThan(0);
	expect(p95(during)).toBeLessThanOrEqual(5 * Math.max(p95(before), 20));
});

test('a body just under the cap is still read and answered normally', async ({ request, baseURL }) => {
	const res = await request.post('/sign-in', {
		headers: { origin: baseURL!, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		data: `email=nobody%40e2e.test&password=${'p'.repeat(900 * 1024)}`,
		maxRedirects: 0
	});
	expect(res.status()).toBeLessThan(500);
	expect(res.status()).not.toBe(413);
});

test('a tRPC batch longer than the limit is refused whole, naming the limit', async ({ request }) => {
	const many = Array.from({ length: 11 }, () => 'account.me').join(',');
	const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [i, {}]))));
	const res = await request.get(`/api/trpc/${many}?batch=1&input=${input}`);
	expect(res.status()).toBe(400);
	expect((await res.json()).message).toContain('At most 10 procedures');
	const ten = Array.from({ length: 10 }, () => 'account.me').join(',');
	const ok = await request.get(`/api/trpc/${ten}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`);
	expect(ok.status()).not.toBe(400);
	expect(ok.status()).toBeLessThan(500);
});
