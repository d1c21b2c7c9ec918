import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { auditLog, invitation, member, organization, outbox, rateLimit, session } from '../../db/schema';
import { createLimiter } from '../rate-limit/limiter';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { actorById, createTestApp, requestFrom, signIn, type TestApp } from '../../testing/app';
import { resolveSession } from '../../auth/session';
import { acceptInvitation, createInvitation, findUsableInvitation } from './invitations';
import { requestPasswordReset, resetPassword, signOutEverywhere } from './password';
import { resolveClientIp, withCookies } from './request-meta';
import { signInWithPassword, verifySecondFactor } from './sign-in';
import { confirmEnrolment, startEnrolment } from './two-factor';
import { openMessage } from '../outbox/outbox';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp({ SIGN_IN_MAX_PER_ACCOUNT: '3' });
	await seedDemo(app, [
		{ email: 'lockout@demo.test', name: 'Lock Out', role: 'user', org: 'harbour-legal', orgRoles: ['referrer'], home: '/bookings' },
		{ email: 'reset@demo.test', name: 'Re Set', role: 'user', org: 'harbour-legal', orgRoles: ['referrer'], home: '/bookings' },
		{ email: 'totp@demo.test', name: 'To Tp', role: 'specialist', home: '/appointments' }
	]);
});
afterAll(() => app.close());

const lastMessageTo = async (to: string) => {
	const rows = await app.database.db.select().from(outbox);
	return rows
		.map((r) => openMessage(app.cipher, r))
		.filter((m) => m.to === to)
		.at(-1);
};

const cookieHeader = (h: Headers) =>
	h
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');

describe('password sign-in', () => {
	it('signs in with the right password and audits the success', async () => {
		const meta = requestFrom();
		const result = await signInWithPassword(app, meta, 'Referrer@Demo.test ', DEMO_PASSWORD);
		expect(result.kind).toBe('signed_in');
		const rows = await app.database.db.select().from(auditLog).where(eq(auditLog.requestId, meta.requestId));
		expect(rows.map((r) => [r.action, r.outcome])).toEqual([['auth.sign_in', 'granted']]);
	});

	it('refuses a wrong password with the same answer as an unknown account, audited as failed', async () => {
		const wrong = await signInWithPassword(app, requestFrom(), 'referrer@demo.test', 'not-the-password');
		const unknown = await signInWithPassword(app, requestFrom(), 'nobody@demo.test', 'not-the-password');
		expect(wrong).toEqual({ kind: 'invalid' });
		expect(unknown).toEqual({ kind: 'invalid' });
	});

	it('locks the account after repeated failures, even for the right password, and audits the lockout', async () => {
		for (let i = 0; i < 3; i++)
			expect((await signInWithPassword(app, requestFrom(), 'lockout@demo.test', 'wrong-password')).kind).toBe('invalid');
		const meta = requestFrom();
		const locked = await signInWithPassword(app, meta, 'lockout@demo.test', DEMO_PASSWORD);
		expect(locked.kind).toBe('locked');
		const rows = await app.database.db.select().from(auditLog).where(eq(auditLog.requestId, meta.requestId));
		expect(rows.map((r) => [r.action, r.outcome])).toEqual([['auth.lockout', 'denied']]);
		// From another address too: the limit is per account, not per address.
		expect((await signInWithPassword(app, requestFrom('192.0.2.99'), 'lockout@demo.test', DEMO_PASSWORD)).kind).toBe('locked');
		// The lockout lives in the database: another instance (or this one after Redis restarts) sees it.
		const other = createLimiter('signin-account', { points: 3, durationSeconds: 900, blockSeconds: 900 }, undefined, {
			database: app.database.db
		});
		expect(await other.consume(app.cipher.hmac('signin-account', 'lockout@demo.test'))).toBeGreaterThan(0);
	});

	it('limits attempts per address across accounts', async () => {
		const ipApp = await createTestApp({ SIGN_IN_MAX_PER_IP: '4' });
		try {
			const ip = '192.0.2.44';
			for (let i = 0; i < 4; i++) await signInWithPassword(ipApp, requestFrom(ip), `someone${i}@demo.test`, 'x');
			expect((await signInWithPassword(ipApp, requestFrom(ip), 'other@demo.test', 'x')).kind).toBe('locked');
			expect((await signInWithPassword(ipApp, requestFrom('192.0.2.45'), 'other@demo.test', 'x')).kind).toBe('invalid');
		} finally {
			await ipApp.close();
		}
	});

	it('lets an office behind one address sign in all day: only failures count, and keys hold no address', { timeout: 120_000 }, async () => {
		const office = await createTestApp({ SIGN_IN_MAX_PER_IP: '5' });
		try {
			await seedDemo(office);
			const ip = '198.51.100.7';
			// Twelve times the address's limit in correct sign-ins (each costs a password hash: 200 would add a minute).
			for (let i = 0; i < 60; i++)
				expect((await signInWithPassword(office, requestFrom(ip), 'referrer@demo.test', DEMO_PASSWORD)).kind).toBe('signed_in');
			// Four typos among them still leave room; the fifth failure locks the address.
			for (let i = 0; i < 4; i++) await signInWithPassword(office, requestFrom(ip), 'owner@demo.test', 'typo');
			expect((await signInWithPassword(office, requestFrom(ip), 'referrer@demo.test', DEMO_PASSWORD)).kind).toBe('signed_in');
			await signInWithPassword(office, requestFrom(ip), 'teamlead@demo.test', 'typo');
			const locked = await signInWithPassword(office, requestFrom(ip), 'referrer@demo.test', DEMO_PASSWORD);
			expect(locked).toMatchObject({ kind: 'locked' });
			expect((locked as { retrySeconds: number }).retrySeconds).toBeGreaterThan(0);
			const counters = await office.database.db.select().from(rateLimit);
			expect(counters.length).toBeGreaterThan(0);
			expect(JSON.stringify(counters)).not.toMatch(/198\.51\.100\.7|referrer@demo/);
		} finally {
			await office.close();
		}
	});
});

describe('the client address', () => {
	const spoofed = new Headers({ 'x-forwarded-for': '1.2.3.4' });
	it('ignores a client-sent X-Forwarded-For when no proxy is trusted', () => {
		expect(resolveClientIp(spoofed, '10.0.0.5', undefined)).toBe('10.0.0.5');
	});
	it('takes the address the trusted proxy appended (the last one), not one the client prepended', () => {
		expect(resolveClientIp(new Headers({ 'x-forwarded-for': '1.2.3.4, 203.0.113.9' }), '10.0.0.5', 'x-forwarded-for')).toBe('203.0.113.9');
	});
});

describe('invitations', () => {
	it('creates an account from a single-use link, with its organisation role, and audits both steps', async () => {
		const [org] = await app.database.db.select().from(organization).where(eq(organization.slug, 'harbour-legal'));
		const admin = actorById('admin-user-id', { ip: '192.0.2.1', requestId: 'inv-1' });
		const { link } = await createInvitation(app, admin, {
			email: 'New.Person@Example.com',
			name: 'New Person',
			platformRole: 'user',
			organizationId: org!.id,
			orgRoles: ['referrer', 'manager']
		});
		const message = await lastMessageTo('new.person@example.com');
		expect(message?.link).toBe(link);
		const token = link.split('/').at(-1)!;
		expect(await findUsableInvitation(app, token)).toMatchObject({ email: 'new.person@example.com', organizationName: org!.name });

		const { userId } = await acceptInvitation(app, actorById(null, { requestId: 'inv-2' }), token, 'a-long-enough-password');
		const [m] = await app.database.db.select().from(member).where(eq(member.userId, userId));
		expect(m?.roles.sort()).toEqual(['manager', 'referrer']);
		expect((await signInWithPassword(app, requestFrom(), 'new.person@example.com', 'a-long-enough-password')).kind).toBe('signed_in');

		await expect(acceptInvitation(app, actorById(null), token, 'another-long-password')).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		const audit = await app.database.db.select().from(auditLog).where(eq(auditLog.resourceType, 'invitation'));
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['invitation.create', 'invitation.accept']));
	});

	it('refuses an expired invitation', async () => {
		const { link } = await createInvitation(app, actorById('admin'), {
			email: 'late@example.com',
			name: 'Late',
			platformRole: 'specialist'
		});
		await app.database.db
			.update(invitation)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(invitation.email, 'late@example.com'));
		const token = link.split('/').at(-1)!;
		expect(await findUsableInvitation(app, token)).toBeNull();
		await expect(acceptInvitation(app, actorById(null), token, 'a-long-enough-password')).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
	});

	it('refuses to invite an address that already has an account, naming the field', async () => {
		await expect(
			createInvitation(app, actorById('admin'), { email: 'referrer@demo.test', name: 'Dup', platformRole: 'specialist' })
		).rejects.toMatchObject({ code: 'CONFLICT', field: 'email' });
	});

	it('refuses a short password at acceptance and leaves the invitation usable', async () => {
		const { link } = await createInvitation(app, actorById('admin'), {
			email: 'short@example.com',
			name: 'Short',
			platformRole: 'specialist'
		});
		const token = link.split('/').at(-1)!;
		await expect(acceptInvitation(app, actorById(null), token, 'short')).rejects.toMatchObject({ field: 'password' });
		expect(await findUsableInvitation(app, token)).not.toBeNull();
	});
});

describe('password reset and sign-out everywhere', () => {
	it('emails a reset link; the new password works, the old one and the old sessions do not', async () => {
		const before = await signIn(app, 'reset@demo.test', DEMO_PASSWORD);
		await requestPasswordReset(app, requestFrom(), 'reset@demo.test');
		const message = await lastMessageTo('reset@demo.test');
		const token = new URL(message!.link!).searchParams.get('token')!;
		await resetPassword(app, requestFrom(), token, 'a-brand-new-password');
		expect(await resolveSession(app, before.meta)).toBeNull();
		expect((await signInWithPassword(app, requestFrom(), 'reset@demo.test', DEMO_PASSWORD)).kind).toBe('invalid');
		expect((await signInWithPassword(app, requestFrom(), 'reset@demo.test', 'a-brand-new-password')).kind).toBe('signed_in');
		await expect(resetPassword(app, requestFrom(), token, 'yet-another-password')).rejects.toMatchObject({ field: 'token' });
	});

	it('ends every session of the user at once', async () => {
		const a = await signIn(app, 'owner@demo.test', DEMO_PASSWORD);
		const b = await signIn(app, 'owner@demo.test', DEMO_PASSWORD);
		const cookies = { delete: () => {}, getAll: () => [] } as unknown as import('@sveltejs/kit').Cookies;
		await signOutEverywhere(app, a.meta, a.signedIn, cookies);
		expect(await resolveSession(app, a.meta)).toBeNull();
		expect(await resolveSession(app, b.meta)).toBeNull();
		expect(await app.database.db.$count(session, eq(session.userId, a.signedIn.user.id))).toBe(0);
	});
});

describe('second factor', () => {
	it('enrols an authenticator app, challenges at sign-in, and refuses a replayed code', async () => {
		const { signedIn, meta } = await signIn(app, 'totp@demo.test', DEMO_PASSWORD);
		const { totpURI, backupCodes } = await startEnrolment(app, meta, signedIn, DEMO_PASSWORD);
		expect(backupCodes.length).toBe(10);
		const totp = OTPAuth.URI.parse(totpURI) as OTPAuth.TOTP;
		await confirmEnrolment(app, meta, signedIn, totp.generate());

		// Backup codes are stored encrypted, not in clear.
		const stored = await app.database.db.execute((await import('drizzle-orm')).sql`select backup_codes from two_factor`);
		expect(JSON.stringify(stored)).not.toContain(backupCodes[0]);

		const first = await signInWithPassword(app, requestFrom(), 'totp@demo.test', DEMO_PASSWORD);
		expect(first.kind).toBe('second_factor');
		if (first.kind !== 'second_factor') return;
		const pending = withCookies(requestFrom().headers, {});
		pending.set('cookie', cookieHeader(first.setCookie));
		const challenge = { ...requestFrom(), headers: pending };

		expect((await verifySecondFactor(app, challenge, 'totp', '000000')).kind).toBe('invalid');
		const code = totp.generate({ timestamp: Date.now() + 30_000 });
		const ok = await verifySecondFactor(app, challenge, 'totp', code);
		expect(ok.kind).toBe('signed_in');

		// The same code again, in a fresh challenge: refused, and no session is left behind.
		const second = await signInWithPassword(app, requestFrom(), 'totp@demo.test', DEMO_PASSWORD);
		if (second.kind !== 'second_factor') throw new Error('expected a challenge');
		const pending2 = new Headers(requestFrom().headers);
		pending2.set('cookie', cookieHeader(second.setCookie));
		const sessionsBefore = await app.database.db.$count(session, eq(session.userId, signedIn.user.id));
		const replay = await verifySecondFactor(app, { ...requestFrom(), headers: pending2 }, 'totp', code);
		expect(replay.kind).toBe('invalid');
		expect(await app.database.db.$count(session, eq(session.userId, signedIn.user.id))).toBe(sessionsBefore);

		// A backup code works once.
		const third = await signInWithPassword(app, requestFrom(), 'totp@demo.test', DEMO_PASSWORD);
		if (third.kind !== 'second_factor') throw new Error('expected a challenge');
		const pending3 = new Headers(requestFrom().headers);
		pending3.set('cookie', cookieHeader(third.setCookie));
		expect((await verifySecondFactor(app, { ...requestFrom(), headers: pending3 }, 'backup', backupCodes[0]!)).kind).toBe('signed_in');

		const failures = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'auth.second_factor'), eq(auditLog.outcome, 'failed')));
		expect(failures.length).toBe(2);
	});
});
