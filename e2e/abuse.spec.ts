/**
 * Abuse through the production build: oversized bodies sent chunked (no Content-Length) are refused
 * with 413 while they stream, and the server keeps answering others meanwhile.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { expect, test, signIn } from './fixtures';

const PORT = Number(process.env.E2E_PORT ?? 4173);

/** POST `totalBytes` in 64 KiB chunks with no Content-Length; answers the status and how much had been sent when it came. */
function chunkedPost(path: string, totalBytes: number, contentType: string): Promise<{ status: number; sentBytes: number }> {
	return new Promise((resolve, reject) => {
		let sent = 0;
		let status = 0;
		const req = httpRequest(
			{ host: '127.0.0.1', port: PORT, path, method: 'POST', headers: { 'content-type': contentType, origin: `http://localhost:${PORT}` } },
			(res) => {
				status = res.statusCode ?? 0;
				resolve({ status, sentBytes: sent });
				res.resume();
				res.on('end', () => {
					resolve({ status, sentBytes: sent });
					// A refused body is not sent to the end: close the request.
					req.destroy();
				});
			}
		);
		// Writing into a connection the server has answered and closed fails; the answer may still be on its way.
		req.on('error', (err) => {
			const started = Date.now();
			const wait = () => (status ? resolve({ status, sentBytes: sent }) : Date.now() - started > 3000 ? reject(err) : setTimeout(wait, 50));
			wait();
		});
		// One chunk per turn of the event loop, so the answer is seen as soon as it comes: the server
		// drains a refused body (up to 64 MB) to let the client read its 413, and without a turn
		// between writes the whole 30 MB could be written before the answer's callback ran.
		const chunk = Buffer.alloc(64 * 1024, 'a');
		const pump = () => {
			if (status || req.destroyed) return;
			if (sent >= totalBytes) return void req.end();
			sent += chunk.length;
			if (req.write(chunk)) setImmediate(pump);
			else req.once('drain', pump);
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
		// Answered while the client was still sending: the server did not wait for the whole body.
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

/** Every page's form actions, read from the routes themselves: [URL path, action name]. */
function formActions(): [string, string][] {
	const out: [string, string][] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name === '+page.server.ts') {
				const source = readFileSync(full, 'utf8');
				const block = source.slice(source.indexOf('export const actions'));
				if (!source.includes('export const actions')) continue;
				const names = [...block.matchAll(/^\t(\w+): /gm)].map((m) => m[1]!);
				const route = path
					.relative('src/routes', dir)
					.split(path.sep)
					.filter((s) => !/^\(.*\)$/.test(s))
					.map((s) => (/^\[\w+=uuid\]$/.test(s) ? '0f8fad5b-d9cb-469f-a165-70867728950e' : /^\[\w+\]$/.test(s) ? 'not-a-token' : s))
					.join('/');
				for (const name of names) out.push([`/${route}`, name]);
			}
		}
	};
	walk('src/routes');
	return out;
}

const CORPUS: [string, string][] = [
	['application/x-www-form-urlencoded', ''],
	['application/x-www-form-urlencoded', 'id=%00&sessionId=%00&userId=%00&reference=%00&name=%00'],
	['application/x-www-form-urlencoded', `name=${'x'.repeat(200_000)}&email=${'y'.repeat(100_000)}`],
	['application/x-www-form-urlencoded', 'id[]=1&id[]=2&organizationId=not-a-uuid&role=admin&platformRole=admin'],
	[
		'application/x-www-form-urlencoded',
		'id=0f8fad5b-d9cb-469f-a165-70867728950e&appointmentId=0f8fad5b-d9cb-469f-a165-70867728950e&holderKey=%FF%FE'
	],
	['multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="id"\r\n\r\n\u0000\r\n--zz--\r\n'],
	['application/json', '{"id": {"$ne": null}}']
];

for (const who of ['referrer@demo.test', 'admin@demo.test']) {
	test(`every form action answers bad input from ${who} below 500, without a stack trace`, async ({ page, baseURL }) => {
		test.setTimeout(180_000);
		await signIn(page, who);
		await page.waitForURL(/\/(bookings|admin)$/);
		const failures: string[] = [];
		const actions = formActions();
		expect(actions.length).toBeGreaterThan(20);
		for (const [route, name] of actions) {
			// Signing out, or out everywhere, would end this browser's session for the rest of the walk.
			if (route === '/sign-out' || name === 'everywhere') continue;
			for (const [type, body] of CORPUS) {
				const url = name === 'default' ? route : `${route}?/${name}`;
				const res = await page.request.post(url, {
					headers: { origin: baseURL!, 'content-type': type, accept: 'application/json', 'x-sveltekit-action': 'true' },
					data: body,
					maxRedirects: 0
				});
				const text = await res.text();
				if (res.status() >= 500 || /\bat .+\.(ts|js):\d+/.test(text)) failures.push(`${res.status()} ${url} ${type} ${body.slice(0, 40)}`);
			}
		}
		expect(failures).toEqual([]);
	});
}
