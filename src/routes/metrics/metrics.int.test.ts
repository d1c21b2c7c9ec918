/**
 * GET /metrics through the server's own hook (hooks.server.ts, with its App swapped for a test App):
 * 404 without METRICS_TOKEN, 401 without the bearer token or with a wrong one, and with it the
 * exposition text, where requests made before are counted by route id, never by their URL.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestApp, type TestApp } from '$lib/server/testing/app';

const holder = vi.hoisted(() => ({ app: undefined as unknown }));
vi.mock('$lib/server/app', async (original) => ({
	...(await original<typeof import('$lib/server/app')>()),
	getApp: async () => holder.app
}));

const { handle } = await import('../../hooks.server');
const metricsRoute = await import('./+server');
const healthRoute = await import('../api/health/+server');
const downloadRoute = await import('../api/documents/[id=uuid]/download/+server');

type Endpoint = (event: RequestEvent) => Promise<Response>;
const TOKEN = 'metrics-token-for-tests-0123456789';

let app: TestApp;

beforeAll(async () => {
	app = await createTestApp({ METRICS_TOKEN: TOKEN });
	holder.app = app;
});
afterAll(() => app.close());

/** One request through the hook, answered by `endpoint` as the route `routeId` (null: no route matched). */
async function request(path: string, routeId: string | null, endpoint: Endpoint, headers: Record<string, string> = {}) {
	const url = new URL(`http://localhost:5173${path}`);
	const event = {
		url,
		request: new Request(url, { headers }),
		route: { id: routeId },
		params: {},
		locals: {},
		getClientAddress: () => '127.0.0.1',
		setHeaders: () => undefined,
		cookies: { get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined, serialize: () => '' },
		isDataRequest: false,
		isSubRequest: false
	} as unknown as RequestEvent;
	return handle({ event, resolve: (e) => endpoint(e as RequestEvent) });
}

const scrape = (headers: Record<string, string> = {}) => request('/metrics', '/metrics', metricsRoute.GET as unknown as Endpoint, headers);

describe('GET /metrics', () => {
	it('does not exist without METRICS_TOKEN', async () => {
		const configured = app.config.metrics;
		app.config.metrics = { ...configured, token: undefined };
		try {
			const res = await scrape({ authorization: `Bearer ${TOKEN}` });
			expect(res.status).toBe(404);
			expect(await res.text()).not.toContain('http_requests_total');
		} finally {
			app.config.metrics = configured;
		}
	});

	it('answers 401 without the bearer token, or with a wrong one', async () => {
		for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token-0123' }, { authorization: `Basic ${TOKEN}` }] as Record<
			string,
			string
		>[]) {
			const res = await scrape(headers);
			expect(res.status, JSON.stringify(headers)).toBe(401);
			expect(await res.text()).not.toContain('http_requests_total');
		}
	});

	it('with the token, counts the requests made by route id and status class, never by URL', async () => {
		expect((await request('/api/health', '/api/health', healthRoute.GET as unknown as Endpoint)).status).toBe(200);
		const documentId = randomUUID();
		const notFound = async () => new Response('Not found', { status: 404 });
		expect((await request(`/no-such-page/${documentId}`, null, notFound)).status).toBe(404);
		// tRPC answers in the hook itself: one route, whatever the procedures.
		expect((await request('/api/trpc/account.me', null, notFound)).status).toBe(200);
		const missing = await request(
			`/api/documents/${documentId}/download`,
			'/api/documents/[id=uuid]/download',
			downloadRoute.GET as unknown as Endpoint
		);
		expect(missing.status).toBe(401);
		// The denial is audited, and the audit stream carries it as one line without its details.
		const audits = app.logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'audit' && l.audit.resourceId === documentId);
		expect(audits.map((l) => [l.audit.action, l.audit.outcome, l.audit.actorId])).toEqual([['access.denied', 'denied', 'anonymous']]);
		expect(audits[0].audit).not.toHaveProperty('details');
		const res = await scrape({ authorization: `Bearer ${TOKEN}` });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/plain');
		const text = await res.text();
		expect(text).toContain('http_requests_total{method="GET",route="/api/health",status_class="2xx"} 1');
		expect(text).toContain('http_requests_total{method="GET",route="/api/documents/[id=uuid]/download",status_class="4xx"} 1');
		expect(text).toContain('http_requests_total{method="GET",route="/metrics",status_class="4xx"} 4');
		expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/health",status_class="2xx"}');
		expect(text).toContain('http_requests_total{method="GET",route="unmatched",status_class="4xx"} 1');
		expect(text).toContain('http_requests_total{method="GET",route="/api/trpc",status_class="2xx"} 1');
		expect(text).not.toContain(documentId);
		expect(text).not.toContain('account.me');
		// Collected on the scrape: the outbox backlog, the cache's reads, the process.
		expect(text).toMatch(/outbox_messages\{status="pending"\} \d+/);
		expect(text).toContain('outbox_messages{status="failed"} 0');
		expect(text).toContain('availability_cache_reads{result="miss"}');
		expect(text).toContain('process_cpu_user_seconds_total');
		// The built-in scheduler has no circuit.
		expect(text).not.toContain('acuity_circuit_state{');
	});
});
