/**
 * Admins acting as a referrer (impersonation): only referrers can be acted for, never admins or
 * specialists; the admin stays the actor of everything done meanwhile (the referrer is recorded as
 * on-behalf-of); 30 minutes without a request returns the admin to their own view.
 */
import { APIError } from 'better-auth/api';
import type { App } from '../../app';
import type { SignedIn } from '../../auth/session';
import { AppError } from '../../errors';
import { findImpersonationTarget } from '../../repositories/users.repository';
import { actorFor, withOnBehalfOf } from '../../auth/actor';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from './request-meta';

export const IMPERSONATION_IDLE_SECONDS = 30 * 60;
const seenKey = (sessionId: string) => `imp-seen:${sessionId}`;

/** User ids are generated here (UUIDs): anything else names nobody, and never reaches the database. */
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function startImpersonation(app: App, meta: RequestMeta, admin: SignedIn, targetUserId: string): Promise<Headers> {
	const target = USER_ID.test(targetUserId) ? await findImpersonationTarget(app.database.db, targetUserId) : null;
	const refuse = async (reason: string, message: string) => {
		await recordAudit(app.database.db, actorFor(meta, admin), {
			action: 'auth.impersonation_start',
			outcome: 'denied',
			resourceType: 'user',
			resourceId: USER_ID.test(targetUserId) ? targetUserId : null,
			details: { reason }
		});
		throw new AppError('FORBIDDEN', message);
	};
	if (admin.impersonatedBy) return refuse('already_acting', 'Exit the current impersonation first.');
	// The form action runs without the admin area's layout: the role is checked here.
	if (admin.user.role !== 'admin') return refuse('not_admin', 'Only our staff can act as someone else.');
	if (!target) throw new AppError('NOT_FOUND', 'No such user.');
	if (target.role !== 'user') return refuse('role', 'Admins and specialists cannot be acted for.');
	if (target.banned) return refuse('deactivated', 'This account is deactivated.');
	let headers: Headers;
	let sessionId: string;
	try {
		const r = await app.auth.api.impersonateUser({ body: { userId: targetUserId }, headers: meta.headers, returnHeaders: true });
		headers = r.headers;
		sessionId = r.response.session.id;
	} catch (err) {
		if (err instanceof APIError) return refuse('refused', 'You cannot act as this user.');
		throw err;
	}
	await app.cache.set(seenKey(sessionId), '1', IMPERSONATION_IDLE_SECONDS);
	await recordAudit(app.database.db, withOnBehalfOf(actorFor(meta, admin), targetUserId), {
		action: 'auth.impersonation_start',
		outcome: 'granted',
		resourceType: 'user',
		resourceId: targetUserId
	});
	return headers;
}

/** Back to the admin's own session; returns the cookies that restore it. */
export async function stopImpersonation(app: App, meta: RequestMeta, acting: SignedIn, reason: 'exit' | 'idle'): Promise<Headers> {
	const { headers } = await app.auth.api.stopImpersonating({ headers: meta.headers, returnHeaders: true });
	await app.cache.del(seenKey(acting.sessionId));
	await recordAudit(app.database.db, actorFor(meta, acting), {
		action: 'auth.impersonation_stop',
		outcome: 'granted',
		resourceType: 'user',
		resourceId: acting.user.id,
		details: { reason }
	});
	return headers;
}

/** Called on every request while acting: true when the impersonation has been idle too long. */
export async function impersonationIdle(app: App, acting: SignedIn): Promise<boolean> {
	const key = seenKey(acting.sessionId);
	if ((await app.cache.get(key)) === null) return true;
	await app.cache.set(key, '1', IMPERSONATION_IDLE_SECONDS);
	return false;
}

/** Password, second factor and email stay the account holder's own business. */
export function refuseWhileActing(who: SignedIn) {
	if (who.impersonatedBy) throw new AppError('FORBIDDEN', 'This cannot be changed while you are acting as someone else.');
}
