/** A user's own sessions: the list on the account page, and ending one of them. */
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import { deleteOwnSession, listSessionsOf } from '../../repositories/sessions.repository';
import { recordAudit } from '../audit/audit';

/** The user's unexpired sessions, oldest first, the one of this request marked `current`. */
export async function listOwnSessions(app: App, userId: string, currentSessionId: string) {
	const rows = await listSessionsOf(app.database.db, userId);
	return rows.filter((r) => r.expiresAt > new Date()).map((r) => ({ ...r, current: r.id === currentSessionId }));
}

/**
 * Ends one of the user's own sessions (audited). Someone else's session answers exactly like a
 * missing one: null, and the refusal is audited.
 */
export async function revokeOwnSession(
	app: App,
	who: Actor,
	userId: string,
	currentSessionId: string,
	sessionId: string
): Promise<{ revoked: string; wasCurrent: boolean } | null> {
	const db = app.database.db;
	const done = await db.transaction(async (tx) => {
		if (!(await deleteOwnSession(tx, sessionId, userId))) return null;
		await recordAudit(tx, who, {
			action: 'auth.session_revoke',
			outcome: 'granted',
			resourceType: 'session',
			resourceId: sessionId
		});
		return { revoked: sessionId, wasCurrent: sessionId === currentSessionId };
	});
	if (done) return done;
	await recordAudit(db, who, {
		action: 'access.denied',
		outcome: 'denied',
		resourceType: 'session',
		resourceId: null,
		details: { operation: 'revoke' }
	});
	return null;
}
