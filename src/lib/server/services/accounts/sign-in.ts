/**
 * Password sign-in and the second-factor challenge. Every attempt passes through the limiters
 * (per account and per address, shared through Redis), and every outcome is audited.
 */
import { APIError } from 'better-auth/api';
import type { App } from '../../app';
import { deleteSessionByToken, findVerificationValue } from '../../repositories/sessions.repository';
import { findUserIdByEmail } from '../../repositories/users.repository';
import { userActor } from '../../auth/actor';
import { recordOwnAccount } from '../audit/audit';
import type { RequestMeta } from './request-meta';

export type SignInResult =
	| { kind: 'signed_in'; userId: string; setCookie: Headers }
	| { kind: 'second_factor'; setCookie: Headers }
	| { kind: 'invalid' }
	| { kind: 'unverified' }
	| { kind: 'deactivated' }
	| { kind: 'locked'; retrySeconds: number };

const accountKey = (app: App, email: string) => app.cipher.hmac('signin-account', email.trim().toLowerCase());
/** Limiter keys never hold an address in clear (decision 012). */
const addressKey = (app: App, ip: string) => app.cipher.hmac('signin-ip', ip);

/**
 * Every attempt spends a point of the account and of the address before the password is checked
 * (atomic, so parallel guesses cannot slip past the limit together); a correct password gives the
 * address its point back and clears the account's count. So only failures accumulate: an office
 * behind one address signs in all day, while guessing still locks (decision 012).
 */
async function countSuccess(app: App, email: string, ip: string) {
	await Promise.all([app.limiters.signInAccount.reset(accountKey(app, email)), app.limiters.signInIp.reward(addressKey(app, ip))]);
}

async function userIdByEmail(app: App, email: string): Promise<string | null> {
	return findUserIdByEmail(app.database.db, email.trim().toLowerCase());
}

export async function signInWithPassword(app: App, meta: RequestMeta, email: string, password: string): Promise<SignInResult> {
	const db = app.database.db;
	const userId = await userIdByEmail(app, email);
	const ipWait = await app.limiters.signInIp.consume(addressKey(app, meta.ip));
	const accountWait = ipWait === null ? await app.limiters.signInAccount.consume(accountKey(app, email)) : null;
	const wait = ipWait ?? accountWait;
	if (wait !== null) {
		await recordOwnAccount(db, userActor(meta, userId), {
			action: 'auth.lockout',
			outcome: 'denied',
			details: { by: ipWait !== null ? 'ip' : 'account' }
		});
		return { kind: 'locked', retrySeconds: wait };
	}
	try {
		const { headers, response } = await app.auth.api.signInEmail({
			body: { email: email.trim().toLowerCase(), password, rememberMe: false },
			headers: meta.headers,
			returnHeaders: true
		});
		if ('twoFactorRedirect' in response && response.twoFactorRedirect) {
			await countSuccess(app, email, meta.ip);
			await recordOwnAccount(db, userActor(meta, userId), {
				action: 'auth.sign_in',
				outcome: 'granted',
				details: { stage: 'password', next: 'second_factor' }
			});
			return { kind: 'second_factor', setCookie: headers };
		}
		const id = (response as { user: { id: string } }).user.id;
		await countSuccess(app, email, meta.ip);
		await recordOwnAccount(db, userActor(meta, id), { action: 'auth.sign_in', outcome: 'granted' });
		return { kind: 'signed_in', userId: id, setCookie: headers };
	} catch (err) {
		if (!(err instanceof APIError)) throw err;
		const code = String((err.body as { code?: string } | undefined)?.code ?? '');
		const deactivated = /BANNED/i.test(code);
		const unverified = !deactivated && err.status === 'FORBIDDEN';
		await recordOwnAccount(db, userActor(meta, userId), {
			action: 'auth.sign_in',
			outcome: 'failed',
			details: { reason: deactivated ? 'deactivated' : unverified ? 'email_not_verified' : 'invalid_credentials' }
		});
		return deactivated ? { kind: 'deactivated' } : unverified ? { kind: 'unverified' } : { kind: 'invalid' };
	}
}

export type SecondFactorMethod = 'totp' | 'otp' | 'backup';

export type SecondFactorResult =
	| { kind: 'signed_in'; userId: string; setCookie: Headers }
	| { kind: 'invalid' }
	| { kind: 'expired' }
	| { kind: 'locked'; retrySeconds: number };

/** The user a pending second-factor challenge belongs to, read from its signed cookie. */
export async function pendingUserId(app: App, headers: Headers): Promise<string | null> {
	const cookie = headers.get('cookie') ?? '';
	const match = cookie.split(/;\s*/).find((c) => /two_factor=/.test(c));
	if (!match) return null;
	const raw = decodeURIComponent(match.slice(match.indexOf('=') + 1));
	const identifier = raw.slice(0, raw.lastIndexOf('.'));
	if (!identifier.startsWith('2fa-')) return null;
	return findVerificationValue(app.database.db, identifier);
}

export async function verifySecondFactor(
	app: App,
	meta: RequestMeta,
	method: SecondFactorMethod,
	code: string
): Promise<SecondFactorResult> {
	const db = app.database.db;
	const userId = await pendingUserId(app, meta.headers);
	if (!userId) return { kind: 'expired' };
	const wait = await app.limiters.secondFactor.consume(`${userId}`);
	if (wait !== null) {
		await recordOwnAccount(db, userActor(meta, userId), { action: 'auth.lockout', outcome: 'denied', details: { by: 'second_factor' } });
		return { kind: 'locked', retrySeconds: wait };
	}
	const fail = async (reason: string) => {
		await recordOwnAccount(db, userActor(meta, userId), { action: 'auth.second_factor', outcome: 'failed', details: { method, reason } });
		return { kind: 'invalid' } as const;
	};
	try {
		const body = { code: code.replace(/\s+/g, ''), trustDevice: false };
		const call =
			method === 'totp'
				? app.auth.api.verifyTOTP({ body, headers: meta.headers, returnHeaders: true })
				: method === 'otp'
					? app.auth.api.verifyTwoFactorOTP({ body, headers: meta.headers, returnHeaders: true })
					: app.auth.api.verifyBackupCode({ body, headers: meta.headers, returnHeaders: true });
		const { headers, response } = await call;
		const token = (response as { token?: string }).token;
		// A TOTP code is valid for its whole window: remember it so it cannot be used twice.
		if (method === 'totp' && !(await app.cache.setIfAbsent(`totp-used:${userId}:${body.code}`, '1', 120))) {
			if (token) await deleteSessionByToken(db, token);
			return fail('replayed');
		}
		await app.limiters.secondFactor.reset(userId);
		await recordOwnAccount(db, userActor(meta, userId), { action: 'auth.second_factor', outcome: 'granted', details: { method } });
		return { kind: 'signed_in', userId, setCookie: headers };
	} catch (err) {
		if (!(err instanceof APIError)) throw err;
		return fail('invalid_code');
	}
}

/** Send a one-time code to the pending user by their chosen channel (through the outbox). */
export async function sendSignInCode(app: App, meta: RequestMeta): Promise<'sent' | 'expired' | 'limited'> {
	const userId = await pendingUserId(app, meta.headers);
	if (!userId) return 'expired';
	if ((await app.limiters.messages.consume(`otp:${userId}`)) !== null) return 'limited';
	await app.auth.api.sendTwoFactorOTP({ body: {}, headers: meta.headers });
	return 'sent';
}
