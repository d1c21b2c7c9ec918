/**
 * What an organisation's owners and managers see and change of their own people (the
 * /organisation page): members with what decides whether they may be deactivated here, owners
 * left, and pending invitations. Every query names the organisation, so an id of another
 * organisation's member finds nothing.
 */
import { and, asc, count, eq, gt, isNull, ne, not, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { invitation, member, team, user, type OrgRole } from '../db/schema';

/** How many organisations the member's user belongs to (this one included). */
const membershipCount = sql<number>`(select count(*)::int from ${member} m2 where m2.user_id = ${member.userId})`;

/** The organisation's members with their account state and team, by name. */
export async function listPeopleOf(exec: Executor, organizationId: string) {
	return exec
		.select({
			id: member.id,
			userId: user.id,
			name: user.name,
			email: user.email,
			roles: member.roles,
			teamId: member.teamId,
			teamName: team.name,
			platformRole: user.role,
			banned: user.banned,
			memberships: membershipCount
		})
		.from(member)
		.innerJoin(user, eq(user.id, member.userId))
		.leftJoin(team, eq(team.id, member.teamId))
		.where(eq(member.organizationId, organizationId))
		.orderBy(asc(user.name), asc(member.id));
}

export interface OrgPerson {
	id: string;
	userId: string;
	name: string;
	roles: OrgRole[];
	teamId: string | null;
	platformRole: string | null;
	banned: boolean | null;
	banReason: string | null;
	memberships: number;
}

/** The member with this id if they belong to the organisation (locked for update), or null. */
export async function lockPersonOf(exec: Executor, organizationId: string, memberId: string): Promise<OrgPerson | null> {
	const [row] = await exec
		.select({
			id: member.id,
			userId: member.userId,
			name: user.name,
			roles: member.roles,
			teamId: member.teamId,
			platformRole: user.role,
			banned: user.banned,
			banReason: user.banReason,
			memberships: membershipCount
		})
		.from(member)
		.innerJoin(user, eq(user.id, member.userId))
		.where(and(eq(member.id, memberId), eq(member.organizationId, organizationId)))
		.for('update');
	return row ? { ...row, memberships: Number(row.memberships) } : null;
}

/** How many active owners the organisation has besides the member `exceptMemberId`. */
export async function countOtherActiveOwners(exec: Executor, organizationId: string, exceptMemberId: string): Promise<number> {
	const [row] = await exec
		.select({ n: count() })
		.from(member)
		.innerJoin(user, eq(user.id, member.userId))
		.where(
			and(
				eq(member.organizationId, organizationId),
				ne(member.id, exceptMemberId),
				sql`'owner' = any(${member.roles})`,
				not(sql`coalesce(${user.banned}, false)`)
			)
		);
	return Number(row?.n ?? 0);
}

/** The organisation's invitations neither accepted, revoked nor expired, newest first. */
export async function listPendingInvitationsOf(exec: Executor, organizationId: string) {
	return exec
		.select({
			id: invitation.id,
			email: invitation.email,
			name: invitation.name,
			orgRoles: invitation.orgRoles,
			teamId: invitation.teamId,
			expiresAt: invitation.expiresAt
		})
		.from(invitation)
		.where(
			and(
				eq(invitation.organizationId, organizationId),
				isNull(invitation.acceptedAt),
				isNull(invitation.revokedAt),
				gt(invitation.expiresAt, sql`now()`)
			)
		)
		.orderBy(asc(invitation.name), asc(invitation.id));
}

/**
 * Whether someone other than this organisation has a pending invitation out for the address (a
 * new invitation would replace it).
 */
export async function pendingInvitationElsewhere(exec: Executor, email: string, organizationId: string): Promise<boolean> {
	const [row] = await exec
		.select({ id: invitation.id })
		.from(invitation)
		.where(
			and(
				eq(invitation.email, email),
				isNull(invitation.acceptedAt),
				isNull(invitation.revokedAt),
				gt(invitation.expiresAt, sql`now()`),
				sql`${invitation.organizationId} is distinct from ${organizationId}`
			)
		)
		.limit(1);
	return Boolean(row);
}
