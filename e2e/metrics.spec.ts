import { expect, test } from './fixtures';

/** Set by scripts/e2e-server.ts. */
const TOKEN = 'e2e-metrics-token-0123456789';

test.describe('metrics', () => {
	test('are closed without the bearer token', async ({ request }) => {
		for (const headers of [{}, { authorization: 'Bearer not-the-metrics-token-000' }] as Record<string, string>[]) {
			const res = await request.get('/metrics', { headers });
			expect(res.status()).toBe(401);
			expect(await res.text()).not.toContain('http_requests_total');
		}
	});

	test('open to the bearer token, counting requests by route id', async ({ request }) => {
		expect((await request.get('/api/health')).status()).toBe(200);
		const res = await request.get('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toContain('text/plain');
		expect(res.headers()['cache-control']).toBe('no-store');
		const text = await res.text();
		expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/health",status_class="2xx"\} \d+/);
		expect(text).toMatch(/outbox_messages\{status="pending"\} \d+/);
		expect(text).toContain('process_resident_memory_bytes');
	});
});
