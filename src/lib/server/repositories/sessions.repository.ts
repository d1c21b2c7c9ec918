/**
 * Session queries (Better Auth's `session` table) and its short-lived `verification` rows: a pending
 * second-factor challenge, a password-reset token.
 */
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { session, verification } from '../db/schema';

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
