import fc from 'fast-check';
import { expect, test, signIn } from './fixtures';

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

	test('the bookings list is no-store and streamed: no ETag hashed over it; a missing booking is still a 404', async ({ page }) => {
		await signIn(page, 'referrer@demo.test');
		await expect(page).toHaveURL(/\/bookings/);
		const res = await page.request.get('/bookings');
		expect(res.status()).toBe(200);
		expect(res.headers()['cache-control']).toBe('no-store');
		expect(res.headers()['etag']).toBeUndefined();
		expect(await res.text()).toContain('</html>');
		// An error page is not streamed: its status stays (a streamed page would always be 200).
		expect((await page.request.get('/bookings/00000000-0000-4000-8000-000000000000')).status()).toBe(404);
		// The streamed page still comes alive in the browser: a client-side navigation works.
		await page.goto('/bookings');
		await page.getByRole('link', { name: 'New booking' }).first().click();
		await expect(page).toHaveURL(/\/bookings\/new/);
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
