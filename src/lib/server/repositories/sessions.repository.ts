/**
 * Session queries (Better Auth's `session` table) and its short-lived `verification` rows: a pending
 * second-factor challenge, a password-reset token.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { member, organization, session, team, user, verification } from '../db/schema';
import type { Membership } from './membership.repository';

/** A membership as the session query carries it: the same shape membership.repository answers. */
export type SessionMembership = Membership;

/**
 * The user's memberships of active organisations, oldest first, as one JSON array computed in the
 * session's own query (one round trip instead of two on every signed-in request).
 */
const membershipsJson = sql<SessionMembership[]>`(
	select coalesce(
		json_agg(
			json_build_object(
				'organizationId', ${member.organizationId},
				'organizationName', ${organization.name},
				'roles', ${member.roles},
				'teamId', ${member.teamId},
				'teamName', ${team.name},
				'require2fa', ${organization.require2fa}
			)
			order by ${member.createdAt}
		),
		'[]'::json
	)
	from ${member}
	inner join ${organization} on ${organization.id} = ${member.organizationId} and ${organization.active}
	left join ${team} on ${team.id} = ${member.teamId}
	where ${member.userId} = ${user.id}
)`.mapWith((v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as SessionMembership[]);

/** What a signed-in request reads: the session, its user, and the user's memberships. */
const signedInFields = {
	sessionId: session.id,
	token: session.token,
	expiresAt: session.expiresAt,
	impersonatedBy: session.impersonatedBy,
	activeOrganizationId: session.activeOrganizationId,
	userId: user.id,
	name: user.name,
	email: user.email,
	role: user.role,
	twoFactorEnabled: user.twoFactorEnabled,
	banned: user.banned,
	timeZone: user.timeZone,
	memberships: membershipsJson
};

const signedInSelect = (exec: Executor) =>
	exec
		.select(signedInFields)
		.from(session)
		.innerJoin(user, eq(user.id, session.userId))
		.where(eq(session.token, sql.placeholder('token')))
		.limit(1);

/** Prepared once per database (the SQL text is built once, not on every request; PGlite too, pglite-statements.ts). */
const signedInQueries = new WeakMap<Executor, ReturnType<typeof buildSignedInSession>>();

function buildSignedInSession(exec: Executor) {
	return signedInSelect(exec).prepare('signed_in_session');
}

/**
 * The session carrying this token with its user and the user's memberships of active
 * organisations, as every signed-in request reads it (expired ones too: the caller decides). One
 * row or null.
 */
export async function findSignedInSession(exec: Executor, token: string) {
	let query = signedInQueries.get(exec);
	if (!query) signedInQueries.set(exec, (query = buildSignedInSession(exec)));
	const [row] = await query.execute({ token });
	return row ?? null;
}

/** Every session row of the user (expired ones included), oldest first. */
export async function listSessionsOf(exec: Executor, userId: string) {
	return exec
		.select({
			id: session.id,
			createdAt: session.createdAt,
			updatedAt: session.updatedAt,
			expiresAt: session.expiresAt,
			ipAddress: session.ipAddress,
			userAgent: session.userAgent
		})
		.from(session)
		.where(eq(session.userId, userId))
		.orderBy(session.createdAt);
}

/** Deletes the session if it is the user's own; returns false when nothing matched. */
export async function deleteOwnSession(exec: Executor, sessionId: string, userId: string): Promise<boolean> {
	const deleted = await exec
		.delete(session)
		.where(and(eq(session.id, sessionId), eq(session.userId, userId)))
		.returning({ id: session.id });
	return deleted.length > 0;
}

/** Deletes one session by id. */
export async function deleteSession(exec: Executor, sessionId: string): Promise<void> {
	await exec.delete(session).where(eq(session.id, sessionId));
}

/** Deletes the session that carries this token. */
export async function deleteSessionByToken(exec: Executor, token: string): Promise<void> {
	await exec.delete(session).where(eq(session.token, token));
}

/** Deletes every session of the user. */
export async function deleteSessionsOf(exec: Executor, userId: string): Promise<void> {
	await exec.delete(session).where(eq(session.userId, userId));
}

/** Deletes every session of the user; returns how many there were. */
export async function deleteSessionsOfAndCount(exec: Executor, userId: string): Promise<number> {
	const ended = await exec.delete(session).where(eq(session.userId, userId)).returning({ id: session.id });
	return ended.length;
}

/** The value of the verification row with this identifier (for ours, a user id), or null. */
export async function findVerificationValue(exec: Executor, identifier: string): Promise<string | null> {
	const [row] = await exec.select({ value: verification.value }).from(verification).where(eq(verification.identifier, identifier)).limit(1);
	return row?.value ?? null;
}
