/**
 * Invitation queries. Tokens are only ever looked up by their SHA-256 hash; and, for a specialist's
 * invitation, the specialist profile the new account is linked to.
 */
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client';
import { invitation, organization, specialist } from '../db/schema';
import { decodePageCursor, instantText, keysetOrder, pageOf, pageSize, type SortDir } from './keyset';

export type NewInvitation = typeof invitation.$inferInsert;
export type InvitationRow = typeof invitation.$inferSelect;

/** How many invitations are neither accepted nor revoked (expired ones included). */
export async function countPendingInvitations(exec: Executor): Promise<number> {
	return exec.$count(invitation, and(isNull(invitation.acceptedAt), isNull(invitation.revokedAt)));
}

/** Invitations with their organisation (none for an invitation to a platform role alone), selecting `fields`. */
const withOrganization = <F extends SelectedFields>(exec: Executor, fields: F) =>
	exec.select(fields).from(invitation).leftJoin(organization, eq(organization.id, invitation.organizationId));

/** The 200 newest invitations with their organisation's name. */
export async function listRecentInvitations(exec: Executor) {
	return withOrganization(exec, {
		id: invitation.id,
		email: invitation.email,
		name: invitation.name,
		platformRole: invitation.platformRole,
		orgRoles: invitation.orgRoles,
		organizationName: organization.name,
		expiresAt: invitation.expiresAt,
		acceptedAt: invitation.acceptedAt,
		revokedAt: invitation.revokedAt,
		createdAt: invitation.createdAt
	})
		.orderBy(desc(invitation.createdAt))
		.limit(200);
}

/** One keyset page of invitations by when they expire (then id), each with its organisation's name. */
export async function listInvitationsPage(exec: Executor, p: { dir: SortDir; cursor?: string | null; limit?: number }) {
	const after = p.cursor ? decodePageCursor(p.cursor, 'expiresAt', p.dir, 'instant') : null;
	const { orderBy, seek } = keysetOrder(invitation.expiresAt, invitation.id, p.dir, after, 'instant');
	const size = pageSize(p.limit);
	const found = await withOrganization(exec, {
		id: invitation.id,
		email: invitation.email,
		name: invitation.name,
		platformRole: invitation.platformRole,
		orgRoles: invitation.orgRoles,
		organizationName: organization.name,
		expiresAt: invitation.expiresAt,
		acceptedAt: invitation.acceptedAt,
		revokedAt: invitation.revokedAt,
		createdAt: invitation.createdAt,
		expiresKey: instantText(invitation.expiresAt)
	})
		.where(seek)
		.orderBy(...orderBy)
		.limit(size + 1);
	const page = pageOf(found, size, 'expiresAt', p.dir, (r) => r.expiresKey);
	return { rows: page.rows.map(({ expiresKey: _k, ...r }) => r), nextCursor: page.nextCursor };
}

/** Every invitation into the organisation, oldest first. */
export async function listInvitationsOf(exec: Executor, organizationId: string) {
	return exec
		.select({
			id: invitation.id,
			email: invitation.email,
			name: invitation.name,
			orgRoles: invitation.orgRoles,
			expiresAt: invitation.expiresAt,
			acceptedAt: invitation.acceptedAt,
			revokedAt: invitation.revokedAt
		})
		.from(invitation)
		.where(eq(invitation.organizationId, organizationId))
		.orderBy(asc(invitation.createdAt));
}

/** The invitation with this id if not yet accepted (revoked or expired ones included), or null. */
export async function findUnacceptedInvitation(exec: Executor, id: string): Promise<InvitationRow | null> {
	const [row] = await exec
		.select()
		.from(invitation)
		.where(and(eq(invitation.id, id), isNull(invitation.acceptedAt)));
	return row ?? null;
}

/** Revokes the invitation if still pending; returns false when there was none to revoke. */
export async function revokePendingInvitation(exec: Executor, id: string): Promise<boolean> {
	const updated = await exec
		.update(invitation)
		.set({ revokedAt: new Date() })
		.where(and(eq(invitation.id, id), isNull(invitation.acceptedAt), isNull(invitation.revokedAt)))
		.returning({ id: invitation.id });
	return updated.length > 0;
}

/** Whether an administrator invitation is still waiting (not accepted, revoked or expired). */
export async function pendingAdminInvitationExists(exec: Executor): Promise<boolean> {
	const [row] = await exec
		.select({ id: invitation.id })
		.from(invitation)
		.where(
			and(
				eq(invitation.platformRole, 'admin'),
				isNull(invitation.acceptedAt),
				isNull(invitation.revokedAt),
				gt(invitation.expiresAt, sql`now()`)
			)
		)
		.limit(1);
	return Boolean(row);
}

/** Revokes every pending invitation for this email address. */
export async function revokePendingInvitationsFor(exec: Executor, email: string): Promise<void> {
	await exec
		.update(invitation)
		.set({ revokedAt: new Date() })
		.where(and(eq(invitation.email, email), isNull(invitation.acceptedAt), isNull(invitation.revokedAt)));
}

/** Inserts an invitation; returns its id. */
export async function insertInvitation(exec: Executor, values: NewInvitation): Promise<string> {
	const [row] = await exec.insert(invitation).values(values).returning({ id: invitation.id });
	return row!.id;
}

/** The invitation of this token hash if it is usable now (not accepted, revoked or expired), with its organisation's name; or null. */
export async function findUsableInvitationByTokenHash(exec: Executor, tokenHash: string) {
	const [row] = await withOrganization(exec, {
		id: invitation.id,
		email: invitation.email,
		name: invitation.name,
		platformRole: invitation.platformRole,
		organizationName: organization.name
	})
		.where(
			and(
				eq(invitation.tokenHash, tokenHash),
				isNull(invitation.acceptedAt),
				isNull(invitation.revokedAt),
				gt(invitation.expiresAt, new Date())
			)
		)
		.limit(1);
	return row ?? null;
}

/** The invitation of this token hash, whatever its state, locked for update; or null. */
export async function lockInvitationByTokenHash(exec: Executor, tokenHash: string): Promise<InvitationRow | null> {
	const [row] = await exec.select().from(invitation).where(eq(invitation.tokenHash, tokenHash)).for('update').limit(1);
	return row ?? null;
}

/** Marks the invitation accepted now (database time). */
export async function markInvitationAccepted(exec: Executor, id: string): Promise<void> {
	await exec
		.update(invitation)
		.set({ acceptedAt: sql`now()` })
		.where(eq(invitation.id, id));
}

/** The account a specialist profile is linked to: `{ userId }` (null when none yet), or null when there is no such profile. */
export async function findSpecialistAccountLink(exec: Executor, specialistId: string): Promise<{ userId: string | null } | null> {
	const [row] = await exec.select({ userId: specialist.userId }).from(specialist).where(eq(specialist.id, specialistId)).limit(1);
	return row ?? null;
}

/** Links the specialist profile to the user unless it is already linked to someone. */
export async function linkSpecialistIfUnlinked(exec: Executor, specialistId: string, userId: string): Promise<void> {
	await exec
		.update(specialist)
		.set({ userId })
		.where(and(eq(specialist.id, specialistId), isNull(specialist.userId)));
}
