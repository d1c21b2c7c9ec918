import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { member, organization, session, team, user } from '../db/schema';
import { membershipsOf } from '../repositories/membership.repository';
import { findSignedInSession } from '../repositories/sessions.repository';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed';
import { createTestApp, requestFrom, signIn, type TestApp } from '../testing/app';
import { cookieValue, resolveSession, verifiedToken, verifiedTokenOf } from './session';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app, [
		{ email: 'banned@demo.test', name: 'Ban Ned', role: 'user', org: 'harbour-legal', orgRoles: ['referrer'], home: '/bookings' },
		{ email: 'renew@demo.test', name: 'Re New', role: 'user', org: 'harbour-legal', orgRoles: ['referrer'], home: '/bookings' },
		{ email: 'two-orgs@demo.test', name: 'Two Orgs', role: 'user', org: 'harbour-legal', orgRoles: ['referrer'], home: '/bookings' }
	]);
});
afterAll(() => app.close());

const KEY = Buffer.from('a-secret-of-some-length-0123456789abcdef');
const sign = (token: string, key = KEY) => `${token}.${createHmac('sha256', key).update(token).digest('base64')}`;

describe('signed session cookies', () => {
	it('gives the token of a cookie signed with the secret', () => {
		expect(verifiedToken(sign('abc123'), KEY)).toBe('abc123');
		expect(verifiedToken(sign('with.dots.in'), KEY)).toBe('with.dots.in');
	});

	it('refuses a missing, unsigned, tampered or foreign signature', () => {
		expect(verifiedToken(null, KEY)).toBeNull();
		expect(verifiedToken('abc123', KEY)).toBeNull();
		expect(verifiedToken(sign('abc123').replace('abc123', 'abc124'), KEY)).toBeNull();
		expect(verifiedToken(sign('abc123', Buffer.from('another-secret-another-secret-0123456789')), KEY)).toBeNull();
		expect(verifiedToken('abc123.short=', KEY)).toBeNull();
	});

	it('remembers only values that verified, so a cookie seen again skips the HMAC and a changed one is checked in full', () => {
		const settings = { hmacKey: KEY, verified: new Map<string, string>() };
		expect(verifiedTokenOf(sign('abc123'), settings)).toBe('abc123');
		expect([...settings.verified]).toEqual([[sign('abc123'), 'abc123']]);
		// Tampered, forged, unsigned or missing after the genuine one was seen: still refused, and not kept.
		expect(verifiedTokenOf(sign('abc123').replace('abc123', 'abc124'), settings)).toBeNull();
		expect(verifiedTokenOf(`abc123.${'A'.repeat(43)}=`, settings)).toBeNull();
		expect(verifiedTokenOf('abc123', settings)).toBeNull();
		expect(verifiedTokenOf(null, settings)).toBeNull();
		expect(settings.verified.size).toBe(1);
		// The value seen again is answered from what was kept (no HMAC: a key that would refuse it is not used).
		settings.hmacKey = Buffer.from('another-secret-another-secret-0123456789');
		expect(verifiedTokenOf(sign('abc123'), settings)).toBe('abc123');
		expect(verifiedTokenOf(sign('xyz789'), settings)).toBeNull();
	});

	it('reads a cookie as Better Auth does: the first of its name, %-decoded, quotes removed', () => {
		expect(cookieValue('a=1; ime.session_token=x%2Ey; ime.session_token=second', 'ime.session_token')).toBe('x.y');
		expect(cookieValue('ime.session_token="q"', 'ime.session_token')).toBe('q');
		expect(cookieValue('other=1', 'ime.session_token')).toBeNull();
		expect(cookieValue('', 'ime.session_token')).toBeNull();
	});
});

describe('resolveSession', () => {
	it('reads a fresh session with one query of its own, without going through Better Auth', async () => {
		const { meta, signedIn } = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		const spy = vi.spyOn(app.auth.api, 'getSession');
		try {
			const again = await resolveSession(app, meta);
			expect(spy).not.toHaveBeenCalled();
			expect(again).toEqual(signedIn);
			expect(again?.caller.organizationId).not.toBeNull();
		} finally {
			spy.mockRestore();
		}
	});

	it('answers the same as Better Auth for the same cookie', async () => {
		const { meta } = await signIn(app, 'owner@demo.test', DEMO_PASSWORD);
		const ours = await resolveSession(app, meta);
		const theirs = await app.auth.api.getSession({ headers: meta.headers, query: { disableRefresh: true } });
		expect(ours?.sessionId).toBe(theirs?.session.id);
		expect(ours?.sessionToken).toBe(theirs?.session.token);
		expect(ours?.user).toMatchObject({ id: theirs?.user.id, email: theirs?.user.email, name: theirs?.user.name });
	});

	it('reads the memberships with the session, as membershipsOf does, and drops a deactivated organisation at once', async () => {
		const { meta, signedIn } = await signIn(app, 'two-orgs@demo.test', DEMO_PASSWORD);
		const db = app.database.db;
		const [southern] = await db.select().from(organization).where(eq(organization.slug, 'southern-cross-lawyers'));
		const [claims] = await db.select().from(team).where(eq(team.organizationId, southern!.id));
		await db.insert(member).values({
			organizationId: southern!.id,
			userId: signedIn.user.id,
			roles: ['manager', 'referrer'],
			teamId: claims!.id,
			createdAt: new Date(Date.now() + 60_000)
		});
		const spy = vi.spyOn(app.auth.api, 'getSession');
		try {
			const both = await resolveSession(app, meta);
			expect(spy).not.toHaveBeenCalled();
			expect(both?.memberships).toEqual(await membershipsOf(db, signedIn.user.id));
			expect(both?.memberships.map((m) => m.organizationName)).toEqual(['Harbour Legal', 'Southern Cross Lawyers']);
			expect(both?.memberships[1]).toEqual({
				organizationId: southern!.id,
				organizationName: 'Southern Cross Lawyers',
				roles: ['manager', 'referrer'],
				teamId: claims!.id,
				teamName: claims!.name,
				require2fa: false
			});
			await db.update(organization).set({ active: false }).where(eq(organization.id, southern!.id));
			const one = await resolveSession(app, meta);
			expect(one?.memberships.map((m) => m.organizationName)).toEqual(['Harbour Legal']);
		} finally {
			spy.mockRestore();
			await db.update(organization).set({ active: true }).where(eq(organization.id, southern!.id));
		}
	});

	it('reads the same row on the database itself (on PGlite, a statement prepared in its session) as inside a transaction', async () => {
		const { signedIn } = await signIn(app, 'two-orgs@demo.test', DEMO_PASSWORD);
		const db = app.database.db;
		const direct = await findSignedInSession(db, signedIn.sessionToken);
		const again = await findSignedInSession(db, signedIn.sessionToken);
		const inTransaction = await db.transaction((tx) => findSignedInSession(tx, signedIn.sessionToken));
		expect(direct).not.toBeNull();
		expect(direct?.expiresAt).toBeInstanceOf(Date);
		expect(direct).toEqual(inTransaction);
		expect(again).toEqual(inTransaction);
		expect(await findSignedInSession(db, 'no-such-token')).toBeNull();
		expect(await findSignedInSession(db, "x' or '1'='1")).toBeNull();
	});

	it('ends at once when the session row is deleted (sign-out or deactivation elsewhere)', async () => {
		const { meta, signedIn } = await signIn(app, 'teamlead@demo.test', DEMO_PASSWORD);
		expect(await resolveSession(app, meta)).not.toBeNull();
		await app.database.db.delete(session).where(eq(session.id, signedIn.sessionId));
		expect(await resolveSession(app, meta)).toBeNull();
	});

	it('refuses a banned user at once', async () => {
		const { meta, signedIn } = await signIn(app, 'banned@demo.test', DEMO_PASSWORD);
		await app.database.db.update(user).set({ banned: true }).where(eq(user.id, signedIn.user.id));
		expect(await resolveSession(app, meta)).toBeNull();
	});

	it('refuses a cookie with a forged signature', async () => {
		const { meta } = await signIn(app, 'rival@demo.test', DEMO_PASSWORD);
		const cookie = meta.headers
			.get('cookie')!
			.replace(/(ime\.session_token=[^;.]+\.)[^;]+/, '$1' + encodeURIComponent('A'.repeat(43) + '='));
		expect(await resolveSession(app, requestFrom(undefined, { cookie }))).toBeNull();
	});

	it('refuses a forged signature for a token whose genuine cookie was just read', async () => {
		const { meta } = await signIn(app, 'rival@demo.test', DEMO_PASSWORD);
		expect(await resolveSession(app, meta)).not.toBeNull();
		expect(await resolveSession(app, meta)).not.toBeNull();
		const forged = meta.headers
			.get('cookie')!
			.replace(/(ime\.session_token=[^;.]+\.)[^;]+/, '$1' + encodeURIComponent('B'.repeat(43) + '='));
		expect(forged).not.toBe(meta.headers.get('cookie'));
		expect(await resolveSession(app, requestFrom(undefined, { cookie: forged }))).toBeNull();
	});

	it('leaves renewal and expiry to Better Auth: renewed only when remembered, an expired session deleted', async () => {
		const { meta, signedIn } = await signIn(app, 'renew@demo.test', DEMO_PASSWORD);
		const ctx = await app.auth.$context;
		const expiresAt = async () =>
			(await app.database.db.select().from(session).where(eq(session.id, signedIn.sessionId)))[0]!.expiresAt.getTime();
		// Past the update age.
		const due = new Date(Date.now() + ctx.sessionConfig.expiresIn * 1000 - ctx.sessionConfig.updateAge * 1000 - 60_000);
		await app.database.db.update(session).set({ expiresAt: due }).where(eq(session.id, signedIn.sessionId));
		// Signed in without "remember me" (as our sign-in does): never renewed.
		expect(meta.headers.get('cookie')).toContain(ctx.authCookies.dontRememberToken.name);
		expect(await resolveSession(app, meta)).not.toBeNull();
		expect(await expiresAt()).toBe(due.getTime());
		// Remembered: renewed by Better Auth.
		const remembered = meta.headers
			.get('cookie')!
			.split('; ')
			.filter((c) => !c.startsWith(`${ctx.authCookies.dontRememberToken.name}=`))
			.join('; ');
		expect(await resolveSession(app, requestFrom(undefined, { cookie: remembered }))).not.toBeNull();
		expect(await expiresAt()).toBeGreaterThan(due.getTime());

		await app.database.db
			.update(session)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(session.id, signedIn.sessionId));
		expect(await resolveSession(app, meta)).toBeNull();
		expect(await app.database.db.$count(session, eq(session.id, signedIn.sessionId))).toBe(0);
	});
});
