import { expect, test } from '@playwright/test';
import fc from 'fast-check';

test.describe('headers and cross-site requests', () => {
	test('every answer carries the security headers', async ({ request }) => {
		for (const path of ['/sign-in', '/api/health', '/api/trpc/account.me', '/no-such-page']) {
			const res = await request.get(path);
			const h = res.headers();
			expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
			expect(h['x-content-type-options'], path).toBe('nosniff');
			expect(h['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
			expect(h['permissions-policy'], path).toBeTruthy();
			expect(h['strict-transport-security'], path).toContain('max-age=');
		}
		expect((await request.get('/api/trpc/account.me')).headers()['cache-control']).toBe('no-store');
	});

	test('health answers ok with named checks and nothing else', async ({ request }) => {
		const res = await request.get('/api/health');
		expect(res.status()).toBe(200);
		expect(await res.json()).toEqual({ status: 'ok', checks: { db: 'ok', cache: 'ok' } });
	});

	for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json']) {
		test(`a cross-site POST (${contentType.split(';')[0]}) changes nothing`, async ({ request }) => {
			for (const path of ['/sign-in', '/forgot-password', '/api/trpc/admin.invitations.create', '/sign-out']) {
				const res = await request.post(path, {
					headers: { origin: 'https://evil.example', 'content-type': contentType },
					data: contentType.startsWith('multipart') ? '--x--' : 'email=referrer%40demo.test&password=demo-password'
				});
				expect(res.status(), path).toBe(403);
				expect(res.headers()['set-cookie'] ?? '', path).not.toContain('session_token');
			}
		});
	}
});

test('public form endpoints answer malformed input with a 4xx, never a 500', async ({ request, baseURL }) => {
	const endpoints = [
		'/sign-in',
		'/forgot-password',
		'/reset-password',
		'/invitation/not-a-real-token',
		'/two-factor?/verify',
		'/two-factor?/send'
	];
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...endpoints),
			fc.oneof(
				fc.string({ maxLength: 60 }),
				fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 30 })).map((o) => new URLSearchParams(o).toString()),
				fc.constant(`email=${'a'.repeat(5000)}@x.com&password=${'b'.repeat(5000)}`),
				fc.constant('email[]=1&email[]=2&password=')
			),
			fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'),
			async (path, body, type) => {
				const res = await request.post(path, {
					headers: { origin: baseURL!, 'content-type': type, accept: 'application/json' },
					data: body,
					maxRedirects: 0
				});
				expect(res.status(), `${path} ${type} ${body.slice(0, 60)}`).toBeLessThan(500);
				expect(await res.text()).not.toMatch(/\bat .+\.(ts|js):\d+/);
			}
		),
		{ numRuns: 60 }
	);
});
