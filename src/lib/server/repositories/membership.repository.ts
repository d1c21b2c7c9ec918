/**
 * Membership queries: who belongs to which organisation, with which roles and team.
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { member, organization, team, user, type OrgRole } from '../db/schema';

export type MemberRow = typeof member.$inferSelect;

export interface Membership {
	organizationId: string;
	organizationName: string;
	roles: OrgRole[];
	teamId: string | null;
	teamName: string | null;
	require2fa: boolean;
}

/** Prepared once per database: every signed-in referrer's request reads it. */
const membershipsQueries = new WeakMap<Executor, ReturnType<typeof buildMembershipsOf>>();

function buildMembershipsOf(exec: Executor) {
	return exec
		.select({
			organizationId: member.organizationId,
			organizationName: organization.name,
			roles: member.roles,
			teamId: member.teamId,
			teamName: team.name,
			require2fa: organization.require2fa
		})
		.from(member)
		.innerJoin(organization, eq(organization.id, member.organizationId))
		.leftJoin(team, eq(team.id, member.teamId))
		.where(and(eq(member.userId, sql.placeholder('userId')), eq(organization.active, true)))
		.orderBy(asc(member.createdAt))
		.prepare('memberships_of');
}

/** The active organisations a user belongs to, oldest membership first. */
export async function membershipsOf(exec: Executor, userId: string): Promise<Membership[]> {
	let query = membershipsQueries.get(exec);
	if (!query) membershipsQueries.set(exec, (query = buildMembershipsOf(exec)));
	const rows = await query.execute({ userId });
	return rows.map((r) => ({ ...r, roles: r.roles }));
}

/** The organisation's members with their account details, by name. */
export async function listMembersOf(exec: Executor, organizationId: string) {
	return exec
		.select({
			id: member.id,
			userId: user.id,
			name: user.name,
			email: user.email,
			roles: member.roles,
			teamId: member.teamId,
			banned: user.banned,
			twoFactorEnabled: user.twoFactorEnabled
		})
		.from(member)
		.innerJoin(user, eq(user.id, member.userId))
		.where(eq(member.organizationId, organizationId))
		.orderBy(asc(user.name));
}

/** The membership with this id, or null. */
export async function findMember(exec: Executor, id: string): Promise<MemberRow | null> {
	const [row] = await exec.select().from(member).where(eq(member.id, id));
	return row ?? null;
}

/** The membership with this id locked for update, or null. */
export async function lockMember(exec: Executor, id: string): Promise<MemberRow | null> {
	const [row] = await exec.select().from(member).where(eq(member.id, id)).for('update');
	return row ?? null;
}

/** How many members the team has. */
export async function countTeamMembers(exec: Executor, teamId: string): Promise<number> {
	const [{ n }] = (await exec.select({ n: count() }).from(member).where(eq(member.teamId, teamId))) as [{ n: number }];
	return Number(n);
}

/** Adds the user to the organisation with these roles and team. */
export async function insertMember(
	exec: Executor,
	values: { organizationId: string; userId: string; roles: OrgRole[]; teamId: string | null }
): Promise<void> {
	await exec.insert(member).values(values);
}

/** Sets the membership's roles and team. */
export async function updateMemberRolesAndTeam(exec: Executor, id: string, roles: OrgRole[], teamId: string | null): Promise<void> {
	await exec.update(member).set({ roles, teamId }).where(eq(member.id, id));
}

/** Deletes the membership. */
export async function deleteMember(exec: Executor, id: string): Promise<void> {
	await exec.delete(member).where(eq(member.id, id));
}
