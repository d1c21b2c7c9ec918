import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { GET } from './+server';
import { createTestApp, type TestApp } from '$lib/server/testing/app';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
});
afterAll(() => app.close());

const call = async (a: TestApp) => {
	const response = await GET({ locals: { app: a } } as unknown as RequestEvent<Record<string, never>, '/api/health'>);
	return { status: response.status, body: await response.json() };
};

describe('GET /api/health', () => {
	it('answers 200 with each check ok, and nothing else (no versions, no secrets)', async () => {
		const { status, body } = await call(app);
		expect(status).toBe(200);
		expect(body).toEqual({ status: 'ok', checks: { db: 'ok', cache: 'ok' } });
	});

	it('answers 503 naming the database when it is unreachable', async () => {
		const broken = { ...app, database: { ...app.database, ping: () => Promise.reject(new Error('connection refused')) } } as TestApp;
		const { status, body } = await call(broken);
		expect(status).toBe(503);
		expect(body).toEqual({ status: 'failing', checks: { db: 'failing', cache: 'ok' } });
	});

	it('stays up, marked degraded, when only the cache is down', async () => {
		const degraded = { ...app, cache: { ...app.cache, ping: () => Promise.reject(new Error('redis down')) } } as TestApp;
		const { status, body } = await call(degraded);
		expect(status).toBe(200);
		expect(body.checks.cache).toBe('degraded');
	});
});
