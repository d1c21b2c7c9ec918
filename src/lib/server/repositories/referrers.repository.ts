/**
 * The people around a booking: referrers (organisation members) a booking can be for, and the
 * names and email addresses of users a booking page or notice names.
 */
import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { placeholderNames, placeholderValues, preparedPerShape } from '../db/prepared';
import { member, organization, team, user } from '../db/schema';

/** A user's first membership (organisation and team), or null when they belong to none. */
export async function firstMembershipOf(exec: Executor, userId: string) {
	const [m] = await exec.select().from(member).where(eq(member.userId, userId)).limit(1);
	return m ?? null;
}

/** The team a user belongs to in an organisation (null: none), or null when they are not a member. */
export async function membershipTeam(exec: Executor, userId: string, organizationId: string): Promise<{ teamId: string | null } | null> {
	const [owner] = await exec
		.select({ teamId: member.teamId })
		.from(member)
		.where(and(eq(member.userId, userId), eq(member.organizationId, organizationId)))
		.limit(1);
	return owner ?? null;
}

/** The membership with this id when its user is a referrer (platform role 'user'), or null. */
export async function findReferrerMembership(exec: Executor, memberId: string) {
	const [m] = await exec
		.select({ id: member.id, userId: member.userId, organizationId: member.organizationId, teamId: member.teamId })
		.from(member)
		.innerJoin(user, eq(user.id, member.userId))
		.where(and(eq(member.id, memberId), eq(user.role, 'user')))
		.limit(1);
	return m ?? null;
}

/** Every active referrer of an active organisation (at most 2000), by organisation then name. */
export async function activeReferrers(exec: Executor) {
	return exec
		.select({ memberId: member.id, name: user.name, email: user.email, organizationName: organization.name, teamName: team.name })
		.from(member)
		.innerJoin(user, eq(user.id, member.userId))
		.innerJoin(organization, eq(organization.id, member.organizationId))
		.leftJoin(team, eq(team.id, member.teamId))
		.where(and(eq(organization.active, true), sql`coalesce(${user.banned}, false) = false`, eq(user.role, 'user')))
		.orderBy(asc(organization.name), asc(user.name))
		.limit(2000);
}

/**
 * Members whose name, email or organisation contains `q` (all when empty), at most 50, by
 * organisation then name. `q` is matched literally (% and _ are escaped).
 */
export async function searchMembers(exec: Executor, q: string) {
	const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
	return exec
		.select({ id: user.id, name: user.name, email: user.email, organizationName: organization.name })
		.from(member)
		.innerJoin(user, eq(user.id, member.userId))
		.innerJoin(organization, eq(organization.id, member.organizationId))
		.where(q ? or(ilike(user.name, like), ilike(user.email, like), ilike(organization.name, like)) : undefined)
		.orderBy(asc(organization.name), asc(user.name))
		.limit(50);
}

/** Lists of up to this many ids (a booking's people) are read by a prepared query, one per length. */
const PREPARED_IDS_MAX = 16;

const userNamesQuery = preparedPerShape(
	PREPARED_IDS_MAX,
	(n: number) => (n > 0 && n <= PREPARED_IDS_MAX ? String(n) : null),
	(exec, n) =>
		exec
			.select({ id: user.id, name: user.name })
			.from(user)
			.where(
				inArray(
					user.id,
					placeholderNames('id', n).map((name) => sql.placeholder(name))
				)
			)
			.prepare(`user_names_${n}`)
);

/** The names of these users (those that exist). Every page naming people reads it: prepared for short lists. */
export async function userNames(exec: Executor, ids: string[]): Promise<{ id: string; name: string }[]> {
	const prepared = userNamesQuery(exec, ids.length);
	if (prepared) return prepared.execute(placeholderValues('id', ids));
	return exec.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, ids));
}

/** The email addresses of these users (those that exist). */
export async function userEmails(exec: Executor, ids: string[]): Promise<{ id: string; email: string }[]> {
	return exec.select({ id: user.id, email: user.email }).from(user).where(inArray(user.id, ids));
}

/** A user's email address, or null when there is no such user. */
export async function userEmail(exec: Executor, id: string): Promise<string | null> {
	const [row] = await exec.select({ email: user.email }).from(user).where(eq(user.id, id));
	return row?.email ?? null;
}
