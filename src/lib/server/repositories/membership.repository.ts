import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { member, organization, team, type OrgRole } from '../db/schema';

export interface Membership {
	organizationId: string;
	organizationName: string;
	roles: OrgRole[];
	teamId: string | null;
	teamName: string | null;
	require2fa: boolean;
}

/** The active organisations a user belongs to, oldest membership first. */
export async function membershipsOf(exec: Executor, userId: string): Promise<Membership[]> {
	const rows = await exec
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
		.where(and(eq(member.userId, userId), eq(organization.active, true)))
		.orderBy(asc(member.createdAt));
	return rows.map((r) => ({ ...r, roles: r.roles as OrgRole[] }));
}
