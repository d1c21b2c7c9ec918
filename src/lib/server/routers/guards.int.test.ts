/**
 * Deny by default: every procedure names its guard, anonymous callers get 401 and a referrer
 * calling an admin procedure gets 403 — each denial written to the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { appRouter } from './_app';
import { listProcedures } from '../testing/procedures';
import { createCallerFactory, type Context } from '../trpc';
import { auditLog, organization } from '../db/schema';
import { seedDemo, DEMO_PASSWORD } from '../demo/seed';
import { createTestApp, localsOf, requestFrom, signIn, type TestApp } from '../testing/app';

let app: TestApp;
const call = createCallerFactory(appRouter);

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});
afterAll(() => app.close());

async function invoke(ctx: Context, path: string) {
	const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], call(ctx)) as (
		input?: unknown
	) => Promise<unknown>;
	return fn(undefined);
}

describe('the app router', () => {
	it('names a guard on every procedure', () => {
		const procedures = listProcedures();
		expect(procedures.length).toBeGreaterThan(5);
		const unguarded = procedures.filter((p) => !p.guard).map((p) => p.path);
		expect(unguarded).toEqual([]);
	});

	it('answers 401 to an anonymous caller of every non-public procedure, and audits each denial', async () => {
		const guarded = listProcedures().filter((p) => p.guard !== 'public');
		for (const p of guarded) {
			const meta = requestFrom();
			const err = await invoke(localsOf(app, meta, null), p.path).catch((e: unknown) => e);
			expect(err, p.path).toBeInstanceOf(TRPCError);
			expect((err as TRPCError).code, p.path).toBe('UNAUTHORIZED');
			const rows = await app.database.db.select().from(auditLog).where(eq(auditLog.requestId, meta.requestId));
			expect(
				rows.map((r) => [r.action, r.outcome, r.actor, r.resourceId]),
				p.path
			).toEqual([['access.denied', 'denied', 'anonymous', p.path]]);
		}
	});

	it('answers 403 to a referrer calling any admin procedure, and audits it with the referrer as actor', async () => {
		const { signedIn, meta } = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		const adminOnly = listProcedures().filter((p) => p.guard === 'role:admin');
		expect(adminOnly.length).toBeGreaterThan(3);
		for (const p of adminOnly) {
			const m = { ...meta, requestId: `${meta.requestId}-${p.path}` };
			const err = await invoke(localsOf(app, m, signedIn), p.path).catch((e: unknown) => e);
			expect((err as TRPCError).code, p.path).toBe('FORBIDDEN');
			const rows = await app.database.db.select().from(auditLog).where(eq(auditLog.requestId, m.requestId));
			expect(
				rows.map((r) => [r.action, r.outcome, r.actor]),
				p.path
			).toEqual([['access.denied', 'denied', signedIn.user.id]]);
		}
	});

	it('lets an admin through the same procedures', async () => {
		const { signedIn, meta } = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		const stats = await call(localsOf(app, meta, signedIn)).admin.dashboard();
		expect(stats.users).toBe(7);
	});

	it('sends a user who must enrol a second factor nowhere but enrolment', async () => {
		const strict = await createTestApp({ ADMIN_REQUIRE_2FA: 'true' });
		try {
			await seedDemo(strict);
			const { signedIn, meta } = await signIn(strict, 'admin@demo.test', DEMO_PASSWORD);
			expect(signedIn.mustEnrolSecondFactor).toBe(true);
			const err = await call(localsOf(strict, meta, signedIn))
				.admin.dashboard()
				.catch((e: unknown) => e);
			expect((err as TRPCError).code).toBe('FORBIDDEN');
			expect((err as TRPCError).message).toMatch(/second factor/);
		} finally {
			await strict.close();
		}
	});

	it('holds the members of an organisation that requires a second factor to the same rule', async () => {
		await app.database.db.update(organization).set({ require2fa: true }).where(eq(organization.slug, 'southern-cross-lawyers'));
		try {
			const rival = await signIn(app, 'rival@demo.test', DEMO_PASSWORD);
			expect(rival.signedIn.mustEnrolSecondFactor).toBe(true);
			const err = await call({ app, ...rival })
				.account.sessions()
				.catch((e: unknown) => e);
			expect((err as TRPCError).code).toBe('FORBIDDEN');
			// Another organisation's members are not affected.
			expect((await signIn(app, 'referrer@demo.test', DEMO_PASSWORD)).signedIn.mustEnrolSecondFactor).toBe(false);
		} finally {
			await app.database.db.update(organization).set({ require2fa: false }).where(eq(organization.slug, 'southern-cross-lawyers'));
		}
	});
});
