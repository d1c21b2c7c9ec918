import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, localsOf, requestFrom, signIn, type TestApp } from '../../testing/app';
import { userIdOf } from '../../testing/bookings';
import { actorFor, attributionOf } from '../../auth/actor';
import { resolveSession, type SignedIn } from '../../auth/session';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import { MemoryCache } from '../cache/cache';
import { impersonationIdle, startImpersonation, stopImpersonation } from './impersonation';
import type { RequestMeta } from './request-meta';
import { changePassword } from './password';
import { startEnrolment } from './two-factor';

let app: TestApp;
let clock = Date.parse('2027-01-01T00:00:00Z');
beforeAll(async () => {
	app = await createTestApp();
	// A cache on a clock the test controls: idleness without waiting 30 minutes.
	app.cache = new MemoryCache(() => clock);
	await seedDemo(app);
});
afterAll(() => app.close());

const cookiesOf = (h: Headers, previous = '') => {
	const jar = new Map(
		previous
			.split(/;\s*/)
			.filter(Boolean)
			.map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)])
	);
	for (const c of h.getSetCookie()) {
		const [pair] = c.split(';');
		const name = pair!.slice(0, pair!.indexOf('='));
		const value = pair!.slice(pair!.indexOf('=') + 1);
		if (/max-age=0/i.test(c) || value === '') jar.delete(name);
		else jar.set(name, value);
	}
	return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
};

describe('acting as a referrer', () => {
	it('switches to the referrer, records the admin as actor, and exits back to the admin', async () => {
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		const referrer = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		const headers = await startImpersonation(app, admin.meta, admin.signedIn, referrer.signedIn.user.id);
		const actingMeta = requestFrom(undefined, { cookie: cookiesOf(headers, admin.meta.headers.get('cookie') ?? '') });
		const acting = await resolveSession(app, actingMeta);
		expect(acting?.user.email).toBe('referrer@demo.test');
		expect(acting?.impersonatedBy).toBe(admin.signedIn.user.id);
		expect(attributionOf(actorFor(actingMeta, acting!))).toMatchObject({
			actor: admin.signedIn.user.id,
			onBehalfOf: referrer.signedIn.user.id
		});
		// The account holder's own settings are not the admin's to change.
		await expect(changePassword(app, actingMeta, acting!, DEMO_PASSWORD, 'something-new-and-long')).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});

		const back = await stopImpersonation(app, actingMeta, acting!, 'exit');
		const adminAgain = await resolveSession(
			app,
			requestFrom(undefined, { cookie: cookiesOf(back, actingMeta.headers.get('cookie') ?? '') })
		);
		expect(adminAgain?.user.email).toBe('admin@demo.test');
		expect(await resolveSession(app, actingMeta)).toBeNull();
	});

	it('refuses to act as an admin or a specialist, and audits the refusal', async () => {
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		const specialist = await signIn(app, 'specialist@demo.test', DEMO_PASSWORD);
		await expect(startImpersonation(app, admin.meta, admin.signedIn, specialist.signedIn.user.id)).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		await expect(startImpersonation(app, admin.meta, admin.signedIn, admin.signedIn.user.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const denied = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'auth.impersonation_start'), eq(auditLog.outcome, 'denied')));
		expect(denied.length).toBe(2);
	});

	it('refuses anyone but an admin, audited, and answers an id that is no id as nobody', async () => {
		const referrer = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		const owner = await signIn(app, 'owner@demo.test', DEMO_PASSWORD);
		await expect(startImpersonation(app, referrer.meta, referrer.signedIn, owner.signedIn.user.id)).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		const [denied] = await app.database.db.select().from(auditLog).where(eq(auditLog.requestId, referrer.meta.requestId));
		expect(denied).toMatchObject({ action: 'auth.impersonation_start', outcome: 'denied', actor: referrer.signedIn.user.id });
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		await expect(startImpersonation(app, admin.meta, admin.signedIn, 'x\u0000y')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('ends after 30 idle minutes, and not before', async () => {
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		const owner = await signIn(app, 'owner@demo.test', DEMO_PASSWORD);
		const headers = await startImpersonation(app, admin.meta, admin.signedIn, owner.signedIn.user.id);
		const acting = (await resolveSession(
			app,
			requestFrom(undefined, { cookie: cookiesOf(headers, admin.meta.headers.get('cookie') ?? '') })
		))!;
		clock += 29 * 60_000;
		expect(await impersonationIdle(app, acting)).toBe(false); // a request: the idle timer starts again
		clock += 29 * 60_000;
		expect(await impersonationIdle(app, acting)).toBe(false);
		clock += 31 * 60_000;
		expect(await impersonationIdle(app, acting)).toBe(true);
	});

	it('records the admin as actor and the referrer as on-behalf-of for everything done meanwhile', async () => {
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		const referrer = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		const adminId = admin.signedIn.user.id;
		const referrerId = referrer.signedIn.user.id;
		const headers = await startImpersonation(app, admin.meta, admin.signedIn, referrerId);
		const cookie = cookiesOf(headers, admin.meta.headers.get('cookie') ?? '');
		const acting = (await resolveSession(app, requestFrom(undefined, { cookie })))!;
		expect(acting.impersonatedBy).toBe(adminId);
		// Each action in its own request, as the browser would send it.
		const request = (): RequestMeta => requestFrom(undefined, { cookie });
		const auditOf = async (meta: RequestMeta) =>
			(await app.database.db.select().from(auditLog).where(eq(auditLog.requestId, meta.requestId))).map((r) => ({
				action: r.action,
				outcome: r.outcome,
				actor: r.actor,
				onBehalfOf: r.onBehalfOf
			}));
		const asAdminForReferrer = { actor: adminId, onBehalfOf: referrerId };
		const callAs = (meta: RequestMeta, s: SignedIn) => createCallerFactory(appRouter)(localsOf(app, meta, s));

		// Trying to act as someone else while acting: this refusal was recorded as the referrer's own.
		const again = request();
		await expect(startImpersonation(app, again, acting, await userIdOf(app, 'owner@demo.test'))).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		expect(await auditOf(again)).toEqual([{ action: 'auth.impersonation_start', outcome: 'denied', ...asAdminForReferrer }]);

		// Ending one of the referrer's other sessions, through the procedure (ctx.actor).
		const other = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		const revoke = request();
		await callAs(revoke, acting).account.revokeSession({ sessionId: other.signedIn.sessionId });
		expect(await auditOf(revoke)).toEqual([{ action: 'auth.session_revoke', outcome: 'granted', ...asAdminForReferrer }]);

		// An admin-only procedure is refused to the referrer's session, the refusal still the admin's.
		const setActive = request();
		await expect(callAs(setActive, acting).admin.setActive({ userId: referrerId, active: false })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		expect(await auditOf(setActive)).toEqual([{ action: 'access.denied', outcome: 'denied', ...asAdminForReferrer }]);

		// The referrer's own password and second factor stay theirs: refused, and nothing is recorded as theirs.
		const own = request();
		await expect(changePassword(app, own, acting, DEMO_PASSWORD, 'something-new-and-long')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(startEnrolment(app, own, acting, DEMO_PASSWORD)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await auditOf(own)).toEqual([]);
	});
});
