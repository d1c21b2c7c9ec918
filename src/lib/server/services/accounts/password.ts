/** Password reset, password change, sign-out and sign-out everywhere. */
import type { Cookies } from '@sveltejs/kit';
import { APIError } from 'better-auth/api';
import type { App } from '../../app';
import type { SignedIn } from '../../auth/session';
import { AppError } from '../../errors';
import { deleteSession, deleteSessionsOfAndCount, findVerificationValue } from '../../repositories/sessions.repository';
import { findUserIdByEmail } from '../../repositories/users.repository';
import { actorFor, userActor } from '../../auth/actor';
import { recordGranted, recordOwnAccount } from '../audit/audit';
import type { RequestMeta } from './request-meta';
import { refuseWhileActing } from './impersonation';

export async function requestPasswordReset(app: App, meta: RequestMeta, email: string): Promise<'sent' | 'limited'> {
	if ((await app.limiters.messages.consume(`reset:${app.cipher.hmac('reset-ip', meta.ip)}`)) !== null) return 'limited';
	const found = await findUserIdByEmail(app.database.db, email);
	await recordOwnAccount(app.database.db, userActor(meta, found), {
		action: 'auth.password_reset_request',
		outcome: found ? 'granted' : 'failed'
	});
	if (found) await app.auth.api.requestPasswordReset({ body: { email, redirectTo: '/reset-password' }, headers: meta.headers });
	return 'sent';
}

export async function resetPassword(app: App, meta: RequestMeta, token: string, newPassword: string): Promise<void> {
	const pendingUserId = await findVerificationValue(app.database.db, `reset-password:${token}`);
	try {
		await app.auth.api.resetPassword({ body: { token, newPassword }, headers: meta.headers });
	} catch (err) {
		if (err instanceof APIError)
			throw new AppError('BAD_REQUEST', 'This reset link has expired or was already used. Ask for a new one.', 'token');
		throw err;
	}
	await recordOwnAccount(app.database.db, userActor(meta, pendingUserId), { action: 'auth.password_reset', outcome: 'granted' });
}

/** Changes the password and ends every other session; returns the new session's cookie. */
export async function changePassword(
	app: App,
	meta: RequestMeta,
	who: SignedIn,
	currentPassword: string,
	newPassword: string
): Promise<Headers> {
	refuseWhileActing(who);
	let setCookie: Headers;
	try {
		({ headers: setCookie } = await app.auth.api.changePassword({
			body: { currentPassword, newPassword, revokeOtherSessions: true },
			headers: meta.headers,
			returnHeaders: true
		}));
	} catch (err) {
		if (err instanceof APIError) {
			await recordOwnAccount(app.database.db, actorFor(meta, who), { action: 'auth.password_change', outcome: 'failed' });
			throw new AppError('BAD_REQUEST', 'Your current password is not right.', 'currentPassword');
		}
		throw err;
	}
	await recordOwnAccount(app.database.db, actorFor(meta, who), { action: 'auth.password_change', outcome: 'granted' });
	return setCookie;
}

function clearSessionCookies(cookies: Cookies) {
	for (const { name } of cookies.getAll())
		if (/ime\.(session_token|session_data|dont_remember)/.test(name)) cookies.delete(name, { path: '/' });
}

export async function signOut(app: App, meta: RequestMeta, who: SignedIn | null, cookies: Cookies) {
	if (who) {
		await app.database.db.transaction(async (tx) => {
			await deleteSession(tx, who.sessionId);
			await recordGranted(tx, actorFor(meta, who), 'auth.sign_out', 'session', who.sessionId);
		});
	}
	clearSessionCookies(cookies);
}

/** Ends every session of the user, this one included. */
export async function signOutEverywhere(app: App, meta: RequestMeta, who: SignedIn, cookies: Cookies) {
	refuseWhileActing(who);
	await app.database.db.transaction(async (tx) => {
		const ended = await deleteSessionsOfAndCount(tx, who.user.id);
		await recordOwnAccount(tx, actorFor(meta, who), {
			action: 'auth.sessions_revoke_all',
			outcome: 'granted',
			details: { sessions: ended }
		});
	});
	clearSessionCookies(cookies);
}
