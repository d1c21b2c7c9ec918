/**
 * Admins manage organisations: create, rename, deactivate (members then see nothing of it at
 * once: sessions only carry active organisations), require a second factor of every member,
 * teams, and members' roles and teams. Every change is audited in its own transaction.
 */
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import type { OrgRole } from '../../db/schema';
import { AppError } from '../../errors';
import { listInvitationsOf } from '../../repositories/invitations.repository';
import type { SortDir } from '../../repositories/keyset';
import {
	countTeamMembers,
	deleteMember,
	findMember,
	listMembersOf,
	lockMember,
	updateMemberRolesAndTeam
} from '../../repositories/membership.repository';
import {
	slugsLike,
	deleteTeamRow,
	findOrganization,
	findTeam,
	findTeamOrganizationId,
	listOrganizationsPage,
	insertOrganization,
	insertTeam,
	listAllTeams,
	listOrganizationRows,
	listOrganizationSummaries,
	listTeamsOf,
	lockOrganization,
	memberCountsByOrganization,
	organizationExists,
	renameTeamRow,
	teamCountsByOrganization,
	teamNameTaken,
	updateOrganizationSettings
} from '../../repositories/organizations.repository';
import { recordGranted } from '../audit/audit';

/**
 * `base`, or the first `base-N` (N from 2) nobody has: counting the taken ones is not enough, since
 * "Harbour Legal 3" may already own `harbour-legal-3`.
 */
export function freeSlug(base: string, taken: Set<string>): string {
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function slugOf(name: string): string {
	return (
		name
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 60) || 'organisation'
	);
}

export async function listOrganizations(app: App) {
	const db = app.database.db;
	const [orgs, members, teams] = await Promise.all([
		listOrganizationRows(db),
		memberCountsByOrganization(db),
		teamCountsByOrganization(db)
	]);
	return orgs.map((o) => ({
		id: o.id,
		name: o.name,
		slug: o.slug,
		active: o.active,
		require2fa: o.require2fa,
		members: Number(members.find((m) => m.organizationId === o.id)?.n ?? 0),
		teams: Number(teams.find((t) => t.organizationId === o.id)?.n ?? 0)
	}));
}

/** A keyset page of organisations by name, with how many members and teams each has. */
export async function organizationsPage(app: App, p: { dir: SortDir; cursor?: string | null; limit?: number }) {
	return listOrganizationsPage(app.database.db, p);
}

/** Every organisation (id, name, second-factor policy) with its teams, by name (the invitation form's choices). */
export async function organizationsWithTeams(app: App) {
	const db = app.database.db;
	const [orgs, teams] = await Promise.all([listOrganizationSummaries(db), listAllTeams(db)]);
	return orgs.map((o) => ({ ...o, teams: teams.filter((t) => t.organizationId === o.id) }));
}

export async function organizationDetail(app: App, id: string) {
	const db = app.database.db;
	const org = await findOrganization(db, id);
	if (!org) throw new AppError('NOT_FOUND', 'No such organisation.');
	const [teams, members, invitations] = await Promise.all([listTeamsOf(db, id), listMembersOf(db, id), listInvitationsOf(db, id)]);
	const now = new Date();
	return {
		...org,
		teams,
		members: members.map((m) => ({
			...m,
			roles: m.roles,
			banned: Boolean(m.banned),
			twoFactorEnabled: Boolean(m.twoFactorEnabled)
		})),
		invitations: invitations
			.filter((i) => !i.acceptedAt)
			.map((i) => ({ ...i, status: i.revokedAt ? 'revoked' : i.expiresAt < now ? 'expired' : 'pending' }))
	};
}

export async function createOrganization(app: App, who: Actor, input: { name: string; require2fa?: boolean }) {
	return app.database.db.transaction(async (tx) => {
		const base = slugOf(input.name);
		const slug = freeSlug(base, new Set(await slugsLike(tx, base)));
		const row = await insertOrganization(tx, { name: input.name, slug, require2fa: input.require2fa ?? false });
		await recordGranted(tx, who, 'organization.create', 'organization', row.id, { require2fa: row.require2fa });
		return row;
	});
}

export async function updateOrganization(app: App, who: Actor, input: { id: string; name: string; require2fa: boolean; active: boolean }) {
	return app.database.db.transaction(async (tx) => {
		const before = await lockOrganization(tx, input.id);
		if (!before) throw new AppError('NOT_FOUND', 'No such organisation.');
		const row = await updateOrganizationSettings(tx, input.id, { name: input.name, require2fa: input.require2fa, active: input.active });
		await recordGranted(tx, who, 'organization.update', 'organization', input.id, {
			renamed: before.name !== input.name,
			require2fa: input.require2fa,
			wasRequire2fa: before.require2fa,
			active: input.active,
			wasActive: before.active
		});
		return row;
	});
}

export async function createTeam(app: App, who: Actor, input: { organizationId: string; name: string }) {
	return app.database.db.transaction(async (tx) => {
		if (!(await organizationExists(tx, input.organizationId))) throw new AppError('NOT_FOUND', 'No such organisation.');
		if (await teamNameTaken(tx, input.organizationId, input.name))
			throw new AppError('CONFLICT', 'This organisation already has a team of that name.', 'name');
		const row = await insertTeam(tx, { organizationId: input.organizationId, name: input.name });
		await recordGranted(tx, who, 'team.create', 'team', row.id, { organizationId: input.organizationId });
		return row;
	});
}

export async function renameTeam(app: App, who: Actor, input: { id: string; name: string }) {
	return app.database.db.transaction(async (tx) => {
		const t = await findTeam(tx, input.id);
		if (!t) throw new AppError('NOT_FOUND', 'No such team.');
		if (await teamNameTaken(tx, t.organizationId, input.name, t.id))
			throw new AppError('CONFLICT', 'This organisation already has a team of that name.', 'name');
		await renameTeamRow(tx, t.id, input.name);
		await recordGranted(tx, who, 'team.update', 'team', t.id, { organizationId: t.organizationId });
		return { id: t.id };
	});
}

/** Members of a removed team stay in the organisation, without a team. */
export async function deleteTeam(app: App, who: Actor, id: string) {
	return app.database.db.transaction(async (tx) => {
		const t = await findTeam(tx, id);
		if (!t) throw new AppError('NOT_FOUND', 'No such team.');
		const n = await countTeamMembers(tx, id);
		await deleteTeamRow(tx, id);
		await recordGranted(tx, who, 'team.delete', 'team', id, { organizationId: t.organizationId, members: n });
		return { id, membersWithoutTeam: n };
	});
}

export async function updateMember(app: App, who: Actor, input: { id: string; roles: OrgRole[]; teamId: string | null }) {
	return app.database.db.transaction(async (tx) => {
		const m = await lockMember(tx, input.id);
		if (!m) throw new AppError('NOT_FOUND', 'No such member.');
		if (input.teamId) {
			const teamOrganizationId = await findTeamOrganizationId(tx, input.teamId);
			if (!teamOrganizationId || teamOrganizationId !== m.organizationId)
				throw new AppError('BAD_REQUEST', 'Choose a team of this organisation.', 'teamId');
		}
		if (input.roles.includes('team_lead') && !input.teamId) throw new AppError('BAD_REQUEST', 'A team lead needs a team.', 'teamId');
		const roles = [...new Set(input.roles)];
		await updateMemberRolesAndTeam(tx, m.id, roles, input.teamId);
		await recordGranted(tx, who, 'member.role_change', 'user', m.userId, {
			organizationId: m.organizationId,
			from: m.roles.join(','),
			to: roles.join(','),
			teamChanged: m.teamId !== input.teamId
		});
		return { id: m.id };
	});
}

/** Takes the person out of the organisation (their account stays; their bookings stay with it). */
export async function removeMember(app: App, who: Actor, id: string) {
	return app.database.db.transaction(async (tx) => {
		const m = await findMember(tx, id);
		if (!m) throw new AppError('NOT_FOUND', 'No such member.');
		await deleteMember(tx, id);
		await recordGranted(tx, who, 'member.remove', 'user', m.userId, { organizationId: m.organizationId });
		return { id };
	});
}
