/**
 * Deny by default, for the endpoints outside tRPC (the router-walk test's twin): every `+server.ts`
 * names its guard (`_guard`), an anonymous caller of a guarded one gets 401, someone still to enrol
 * a second factor 403, a referrer calling an admin-only one 403 — each denial audited — and the
 * people the guard names get past it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ApiGuard } from '$lib/server/auth/guards';
import { auditLog } from '$lib/server/db/schema';
import { seedDemo, DEMO_PASSWORD } from '$lib/server/demo/seed';
import type { SignedIn } from '$lib/server/auth/session';
import { createTestApp, localsOf, requestFrom, signIn, type TestApp } from '$lib/server/testing/app';

type Handler = (event: unknown) => Promise<Response>;
type EndpointModule = { _guard?: ApiGuard } & Partial<Record<string, Handler>>;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const modules = import.meta.glob<EndpointModule>('/src/routes/**/+server.ts', { eager: true });

/** Each endpoint's methods, with a concrete path (a fresh id in place of `[id=uuid]`). */
const endpoints = Object.entries(modules).flatMap(([file, mod]) => {
	const route = file
		.replace('/src/routes', '')
		.replace('/+server.ts', '')
		.replace(/\/\([^)]+\)/g, '');
	return METHODS.filter((m) => typeof mod[m] === 'function').map((method) => ({
		route,
		method,
		guard: mod._guard,
		handler: mod[method] as Handler
	}));
});

let app: TestApp;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});
afterAll(() => app.close());

async function call(e: (typeof endpoints)[number], signedIn: SignedIn | null, meta = requestFrom()) {
	const id = randomUUID();
	const url = new URL(`http://localhost${e.route.replace(/\[[^\]]+\]/g, id)}`);
	const request = new Request(url, {
		method: e.method,
		headers: { 'content-type': 'application/octet-stream', 'x-file-name': 'x.pdf' },
		body: e.method === 'GET' ? undefined : new Uint8Array([37, 80, 68, 70])
	});
	const res = await e.handler({ request, url, params: { id }, locals: localsOf(app, meta, signedIn), route: { id: e.route } });
	await res.body?.cancel();
	const rows = await app.database.db.select().from(auditLog).where(eq(auditLog.requestId, meta.requestId));
	return { status: res.status, audit: rows.map((r) => [r.action, r.outcome, r.actor, (r.details as { reason?: string }).reason]) };
}

describe('the API endpoints', () => {
	it('are found, and each names its guard', () => {
		expect(endpoints.length).toBeGreaterThanOrEqual(7);
		expect(endpoints.filter((e) => !e.guard).map((e) => `${e.method} ${e.route}`)).toEqual([]);
		expect(endpoints.filter((e) => e.guard === 'public').map((e) => e.route)).toEqual(['/api/health']);
	});

	it('answer 401 to an anonymous caller of every guarded endpoint, and audit each denial', async () => {
		const guarded = endpoints.filter((e) => e.guard !== 'public' && e.guard !== 'signature' && e.guard !== 'token');
		expect(guarded.length).toBeGreaterThanOrEqual(5);
		for (const e of guarded) {
			const { status, audit } = await call(e, null);
			expect(status, `${e.method} ${e.route}`).toBe(401);
			expect(audit, `${e.method} ${e.route}`).toEqual([['access.denied', 'denied', 'anonymous', 'anonymous']]);
		}
	});

	it('refuse a signed webhook without its signature, and a token endpoint without its token', async () => {
		expect(endpoints.filter((x) => x.guard === 'token').map((e) => e.route)).toEqual(['/metrics']);
		for (const e of endpoints.filter((x) => x.guard === 'signature' || x.guard === 'token')) {
			const { status } = await call(e, null);
			expect(status, e.route).toBeGreaterThanOrEqual(400);
		}
	});

	it('answer 403 to a user who must still enrol a second factor', async () => {
		const { signedIn } = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		for (const e of endpoints.filter((x) => x.guard !== 'public' && x.guard !== 'signature' && x.guard !== 'token')) {
			const { status, audit } = await call(e, { ...signedIn, mustEnrolSecondFactor: true });
			expect(status, `${e.method} ${e.route}`).toBe(403);
			expect(audit, `${e.method} ${e.route}`).toEqual([['access.denied', 'denied', signedIn.user.id, 'second_factor_required']]);
		}
	});

	it('answer 403 to a referrer calling an endpoint their role may not use, and let them through the others', async () => {
		const { signedIn } = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		const forPermission = endpoints.filter(
			(e) => e.guard !== 'public' && e.guard !== 'signature' && e.guard !== 'token' && e.guard !== 'signedIn'
		);
		expect(forPermission.map((e) => e.route).sort()).toEqual([
			'/admin/insights/[chart].csv',
			'/api/admin/audit/export',
			'/api/admin/bookings/[id=uuid]/examinee-export'
		]);
		for (const e of forPermission) {
			const { status, audit } = await call(e, signedIn);
			expect(status, e.route).toBe(403);
			expect(audit, e.route).toEqual([['access.denied', 'denied', signedIn.user.id, 'role']]);
		}
		for (const e of endpoints.filter((x) => x.guard === 'signedIn')) {
			const { status } = await call(e, signedIn);
			expect([401, 403], `${e.method} ${e.route}`).not.toContain(status);
		}
	});

	it('let an admin through the admin-only endpoints', async () => {
		const { signedIn } = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		for (const e of endpoints.filter((x) => x.guard === 'audit.export' || x.guard === 'examinee.export' || x.guard === 'insights.read')) {
			const { status } = await call(e, signedIn);
			expect([401, 403], e.route).not.toContain(status);
		}
	});
});
