/**
 * Organisation and team queries. Members are in `membership.repository.ts`.
 */
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { member, organization, team } from '../db/schema';
import { decodePageCursor, keysetOrder, pageOf, pageSize, type SortDir } from './keyset';

export type OrganizationRow = typeof organization.$inferSelect;
export type TeamRow = typeof team.$inferSelect;

// ── Organisations ────────────────────────────────────────────────────────────────────────────────

/** Every organisation (all columns), by name. */
export async function listOrganizationRows(exec: Executor): Promise<OrganizationRow[]> {
	return exec.select().from(organization).orderBy(asc(organization.name));
}

/** Id, name and second-factor policy of every organisation, by name. */
export async function listOrganizationSummaries(exec: Executor) {
	return exec
		.select({ id: organization.id, name: organization.name, require2fa: organization.require2fa })
		.from(organization)
		.orderBy(asc(organization.name));
}

/**
 * One keyset page of organisations by name (then id), with how many members and teams each has
 * (counted per row of the page only).
 */
export async function listOrganizationsPage(exec: Executor, p: { dir: SortDir; cursor?: string | null; limit?: number }) {
	const after = p.cursor ? decodePageCursor(p.cursor, 'name', p.dir, 'text') : null;
	const { orderBy, seek } = keysetOrder(organization.name, organization.id, p.dir, after, 'text');
	const size = pageSize(p.limit);
	const found = await exec
		.select({
			id: organization.id,
			name: organization.name,
			slug: organization.slug,
			active: organization.active,
			require2fa: organization.require2fa,
			// Drizzle writes a lone table's columns unqualified: inside the subquery "id" would be the member's.
			members: sql<number>`(select count(*)::int from ${member} where ${member.organizationId} = "organization"."id")`,
			teams: sql<number>`(select count(*)::int from ${team} where ${team.organizationId} = "organization"."id")`
		})
		.from(organization)
		.where(seek)
		.orderBy(...orderBy)
		.limit(size + 1);
	return pageOf(found, size, 'name', p.dir, (r) => r.name);
}

/** How many members each organisation has (organisations without members are absent). */
export async function memberCountsByOrganization(exec: Executor) {
	return exec.select({ organizationId: member.organizationId, n: count() }).from(member).groupBy(member.organizationId);
}

/** How many teams each organisation has (organisations without teams are absent). */
export async function teamCountsByOrganization(exec: Executor) {
	return exec.select({ organizationId: team.organizationId, n: count() }).from(team).groupBy(team.organizationId);
}

/** How many organisations exist. */
export async function countOrganizations(exec: Executor): Promise<number> {
	return exec.$count(organization);
}

/** The organisation with this id, or null. */
export async function findOrganization(exec: Executor, id: string): Promise<OrganizationRow | null> {
	const [row] = await exec.select().from(organization).where(eq(organization.id, id));
	return row ?? null;
}

/** The organisation with this id locked for update, or null. */
export async function lockOrganization(exec: Executor, id: string): Promise<OrganizationRow | null> {
	const [row] = await exec.select().from(organization).where(eq(organization.id, id)).for('update');
	return row ?? null;
}

/** Whether an organisation with this id exists (active or not). */
export async function organizationExists(exec: Executor, id: string): Promise<boolean> {
	const [row] = await exec.select({ id: organization.id }).from(organization).where(eq(organization.id, id)).limit(1);
	return Boolean(row);
}

/** How many organisations have this slug or a numbered variant of it (`slug-…`). */
/** The slugs taken by `base` and its numbered variants (`base-2`, `base-3`…). */
export async function slugsLike(exec: Executor, base: string): Promise<string[]> {
	const rows = await exec
		.select({ slug: organization.slug })
		.from(organization)
		.where(sql`${organization.slug} = ${base} OR ${organization.slug} LIKE ${`${base}-%`}`);
	return rows.map((r) => r.slug);
}

/** Inserts an organisation; returns the new row. */
export async function insertOrganization(
	exec: Executor,
	values: { name: string; slug: string; require2fa: boolean }
): Promise<OrganizationRow> {
	const [row] = await exec.insert(organization).values(values).returning();
	return row!;
}

/** Sets the organisation's name, second-factor policy and active flag; returns the updated row. */
export async function updateOrganizationSettings(
	exec: Executor,
	id: string,
	values: { name: string; require2fa: boolean; active: boolean }
): Promise<OrganizationRow> {
	const [row] = await exec.update(organization).set(values).where(eq(organization.id, id)).returning();
	return row!;
}

// ── Teams ────────────────────────────────────────────────────────────────────────────────────────

/** Id, name and organisation of every team, by name. */
export async function listAllTeams(exec: Executor) {
	return exec.select({ id: team.id, name: team.name, organizationId: team.organizationId }).from(team).orderBy(asc(team.name));
}

/** Id and name of the organisation's teams, by name. */
export async function listTeamsOf(exec: Executor, organizationId: string) {
	return exec.select({ id: team.id, name: team.name }).from(team).where(eq(team.organizationId, organizationId)).orderBy(asc(team.name));
}

/** The team with this id, or null. */
export async function findTeam(exec: Executor, id: string): Promise<TeamRow | null> {
	const [row] = await exec.select().from(team).where(eq(team.id, id));
	return row ?? null;
}

/** The organisation the team belongs to, or null when there is no such team. */
export async function findTeamOrganizationId(exec: Executor, teamId: string): Promise<string | null> {
	const [row] = await exec.select({ organizationId: team.organizationId }).from(team).where(eq(team.id, teamId));
	return row?.organizationId ?? null;
}

/** Whether the team exists and belongs to this organisation. */
export async function teamBelongsTo(exec: Executor, teamId: string, organizationId: string): Promise<boolean> {
	const [row] = await exec
		.select({ id: team.id })
		.from(team)
		.where(and(eq(team.id, teamId), eq(team.organizationId, organizationId)))
		.limit(1);
	return Boolean(row);
}

/** Whether another team of the organisation (not `exceptTeamId`) has this name, ignoring case. */
export async function teamNameTaken(exec: Executor, organizationId: string, name: string, exceptTeamId?: string): Promise<boolean> {
	const [clash] = await exec
		.select({ id: team.id })
		.from(team)
		.where(
			and(
				eq(team.organizationId, organizationId),
				exceptTeamId === undefined ? undefined : ne(team.id, exceptTeamId),
				sql`lower(${team.name}) = lower(${name})`
			)
		);
	return Boolean(clash);
}

/** Inserts a team; returns the new row. */
export async function insertTeam(exec: Executor, values: { organizationId: string; name: string }): Promise<TeamRow> {
	const [row] = await exec.insert(team).values(values).returning();
	return row!;
}

/** Renames the team. */
export async function renameTeamRow(exec: Executor, id: string, name: string): Promise<void> {
	await exec.update(team).set({ name }).where(eq(team.id, id));
}

/** Deletes the team (its members keep their membership, without a team). */
export async function deleteTeamRow(exec: Executor, id: string): Promise<void> {
	await exec.delete(team).where(eq(team.id, id));
}
