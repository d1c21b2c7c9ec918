import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { session, user } from '../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed';
import { createTestApp, requestFrom, signIn, type TestApp } from '../testing/app';
import { cookieValue, resolveSession, verifiedToken } from './session';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app, [
		{ email: 'banned@demo.test', name: 'Ban Ned', role: 'user', org: 'harbour-legal', orgRoles: ['referrer'], home: '/bookings' },
		{ email: 'renew@demo.test', name: 'Re New', role: 'user', org: 'harbour-legal', orgRoles: ['referrer'], home: '/bookings' }
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
