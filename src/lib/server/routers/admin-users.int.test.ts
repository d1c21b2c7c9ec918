import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { appRouter } from './_app';
import { createCallerFactory } from '../trpc';
import { auditLog } from '../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed';
import { createTestApp, requestFrom, signIn, type TestApp } from '../testing/app';
import { resolveSession } from '../auth/session';
import { signInWithPassword } from '../services/accounts/sign-in';

let app: TestApp;
const call = createCallerFactory(appRouter);
beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});
afterAll(() => app.close());

describe('deactivating an account', () => {
	it('ends its sessions at once, refuses sign-in until reactivated, and is audited', async () => {
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		const rival = await signIn(app, 'rival@demo.test', DEMO_PASSWORD);
		const api = call({ app, ...admin });
		await api.admin.setActive({ userId: rival.signedIn.user.id, active: false });
		expect(await resolveSession(app, rival.meta)).toBeNull();
		expect((await signInWithPassword(app, requestFrom(), 'rival@demo.test', DEMO_PASSWORD)).kind).toBe('deactivated');
		const rows = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'user.status_change'), eq(auditLog.resourceId, rival.signedIn.user.id)));
		expect(rows).toHaveLength(1);
		await api.admin.setActive({ userId: rival.signedIn.user.id, active: true });
		expect((await signInWithPassword(app, requestFrom(), 'rival@demo.test', DEMO_PASSWORD)).kind).toBe('signed_in');
	});

	it('does not let an admin deactivate themself', async () => {
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		await expect(call({ app, ...admin }).admin.setActive({ userId: admin.signedIn.user.id, active: false })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
	});

	it('forgives typos: the best matches come first', async () => {
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		const api = call({ app, ...admin });
		expect((await api.admin.users({ q: 'Rachl Referer' }))[0]?.email).toBe('referrer@demo.test');
		expect((await api.admin.users({ q: 'Harbor Legl' })).map((u) => u.email)).toContain('owner@demo.test');
		expect(await api.admin.users({ q: 'zzqqxx' })).toEqual([]);
	});

	it('with no search, lists the referrers this admin acted for most recently first', async () => {
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		const api = call({ app, ...admin });
		const ids = Object.fromEntries((await api.admin.users({ q: '' })).map((u) => [u.email, u.id]));
		const { recordAudit } = await import('../services/audit/audit');
		for (const email of ['owner@demo.test', 'teamlead@demo.test'])
			await recordAudit(app.database.db, admin.actor, {
				action: 'auth.impersonation_start',
				outcome: 'granted',
				resourceType: 'user',
				resourceId: ids[email]
			});
		const list = await api.admin.users({ q: '' });
		expect(list.slice(0, 2).map((u) => [u.email, u.recent])).toEqual([
			['teamlead@demo.test', true],
			['owner@demo.test', true]
		]);
		expect(list[2]?.recent).toBe(false);
	});

	it('finds users by part of a name or organisation', async () => {
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		const found = await call({ app, ...admin }).admin.users({ q: 'southern' });
		expect(found.map((u) => u.email)).toEqual(['rival@demo.test']);
	});
});

describe('invitations', () => {
	it('resending gives a new link with a fresh expiry; the old link stops working', async () => {
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		const api = call({ app, ...admin });
		const { invitation, outbox } = await import('../db/schema');
		const { openMessage } = await import('../services/outbox/outbox');
		const { findUsableInvitation } = await import('../services/accounts/invitations');
		const orgs = await api.admin.organizations();
		const { id } = await api.admin.invitations.create({
			email: 'again@demo.test',
			name: 'Ann Again',
			platformRole: 'user',
			organizationId: orgs[0]!.id,
			orgRoles: ['referrer']
		});
		const resent = await api.admin.invitations.resend({ id });
		expect(resent.id).not.toBe(id);
		const rows = await app.database.db.select().from(invitation).where(eq(invitation.email, 'again@demo.test'));
		expect(rows.find((r) => r.id === id)?.revokedAt).not.toBeNull();
		expect(rows.find((r) => r.id === resent.id)).toMatchObject({ revokedAt: null, acceptedAt: null });
		const links = (await app.database.db.select().from(outbox).where(eq(outbox.template, 'invitation')))
			.map((m) => openMessage(app.cipher, m))
			.filter((m) => m.to === 'again@demo.test')
			.map((m) => m.link!.split('/').pop()!);
		expect(links).toHaveLength(2);
		expect(await findUsableInvitation(app, links[0]!)).toBeNull();
		expect(await findUsableInvitation(app, links[1]!)).not.toBeNull();
		await expect(api.admin.invitations.resend({ id: crypto.randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});

describe('organisation slugs', () => {
	it('take the first free number, even when a numbered one is taken by another name', async () => {
		const admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		const api = call({ app, ...admin });
		const slugOfNew = async (name: string) => (await api.admin.orgs.create({ name })).slug;
		// The demo has harbour-legal already; "Harbour Legal 3" owns harbour-legal-3.
		expect(await slugOfNew('Harbour Legal 3')).toBe('harbour-legal-3');
		expect(await slugOfNew('Harbour Legal')).toBe('harbour-legal-2');
		expect(await slugOfNew('Harbour  Legal!')).toBe('harbour-legal-4');
	});
});
