/**
 * Admins manage organisations: create, rename, deactivate (members then see nothing of it at
 * once: sessions only carry active organisations), require a second factor of every member,
 * teams, and members' roles and teams. Every change is audited in its own transaction.
 */
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { App } from '../../app';
import { invitation, member, organization, team, user, type OrgRole } from '../../db/schema';
import { AppError } from '../../errors';
import { recordAudit, type AuditActor } from '../audit/audit';

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
		db.select().from(organization).orderBy(asc(organization.name)),
		db.select({ organizationId: member.organizationId, n: count() }).from(member).groupBy(member.organizationId),
		db.select({ organizationId: team.organizationId, n: count() }).from(team).groupBy(team.organizationId)
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

export async function organizationDetail(app: App, id: string) {
	const db = app.database.db;
	const [org] = await db.select().from(organization).where(eq(organization.id, id));
	if (!org) throw new AppError('NOT_FOUND', 'No such organisation.');
	const [teams, members, invitations] = await Promise.all([
		db.select({ id: team.id, name: team.name }).from(team).where(eq(team.organizationId, id)).orderBy(asc(team.name)),
		db
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
			.where(eq(member.organizationId, id))
			.orderBy(asc(user.name)),
		db
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
			.where(eq(invitation.organizationId, id))
			.orderBy(asc(invitation.createdAt))
	]);
	const now = new Date();
	return {
		...org,
		teams,
		members: members.map((m) => ({
			...m,
			roles: m.roles as OrgRole[],
			banned: Boolean(m.banned),
			twoFactorEnabled: Boolean(m.twoFactorEnabled)
		})),
		invitations: invitations
			.filter((i) => !i.acceptedAt)
			.map((i) => ({ ...i, status: i.revokedAt ? 'revoked' : i.expiresAt < now ? 'expired' : 'pending' }))
	};
}

export async function createOrganization(app: App, who: AuditActor, input: { name: string; require2fa?: boolean }) {
	return app.database.db.transaction(async (tx) => {
		const base = slugOf(input.name);
		const [{ n }] = (await tx
			.select({ n: count() })
			.from(organization)
			.where(sql`${organization.slug} = ${base} OR ${organization.slug} LIKE ${`${base}-%`}`)) as [{ n: number }];
		const slug = Number(n) === 0 ? base : `${base}-${Number(n) + 1}`;
		const [row] = await tx
			.insert(organization)
			.values({ name: input.name, slug, require2fa: input.require2fa ?? false })
			.returning();
		await recordAudit(tx, who, {
			action: 'organization.create',
			outcome: 'granted',
			resourceType: 'organization',
			resourceId: row!.id,
			details: { require2fa: row!.require2fa }
		});
		return row!;
	});
}

export async function updateOrganization(
	app: App,
	who: AuditActor,
	input: { id: string; name: string; require2fa: boolean; active: boolean }
) {
	return app.database.db.transaction(async (tx) => {
		const [before] = await tx.select().from(organization).where(eq(organization.id, input.id)).for('update');
		if (!before) throw new AppError('NOT_FOUND', 'No such organisation.');
		const [row] = await tx
			.update(organization)
			.set({ name: input.name, require2fa: input.require2fa, active: input.active })
			.where(eq(organization.id, input.id))
			.returning();
		await recordAudit(tx, who, {
			action: 'organization.update',
			outcome: 'granted',
			resourceType: 'organization',
			resourceId: input.id,
			details: {
				renamed: before.name !== input.name,
				require2fa: input.require2fa,
				wasRequire2fa: before.require2fa,
				active: input.active,
				wasActive: before.active
			}
		});
		return row!;
	});
}

export async function createTeam(app: App, who: AuditActor, input: { organizationId: string; name: string }) {
	return app.database.db.transaction(async (tx) => {
		const [org] = await tx.select({ id: organization.id }).from(organization).where(eq(organization.id, input.organizationId));
		if (!org) throw new AppError('NOT_FOUND', 'No such organisation.');
		const [clash] = await tx
			.select({ id: team.id })
			.from(team)
			.where(and(eq(team.organizationId, input.organizationId), sql`lower(${team.name}) = lower(${input.name})`));
		if (clash) throw new AppError('CONFLICT', 'This organisation already has a team of that name.', 'name');
		const [row] = await tx.insert(team).values({ organizationId: input.organizationId, name: input.name }).returning();
		await recordAudit(tx, who, {
			action: 'team.create',
			outcome: 'granted',
			resourceType: 'team',
			resourceId: row!.id,
			details: { organizationId: input.organizationId }
		});
		return row!;
	});
}

export async function renameTeam(app: App, who: AuditActor, input: { id: string; name: string }) {
	return app.database.db.transaction(async (tx) => {
		const [t] = await tx.select().from(team).where(eq(team.id, input.id));
		if (!t) throw new AppError('NOT_FOUND', 'No such team.');
		const [clash] = await tx
			.select({ id: team.id })
			.from(team)
			.where(and(eq(team.organizationId, t.organizationId), ne(team.id, t.id), sql`lower(${team.name}) = lower(${input.name})`));
		if (clash) throw new AppError('CONFLICT', 'This organisation already has a team of that name.', 'name');
		await tx.update(team).set({ name: input.name }).where(eq(team.id, t.id));
		await recordAudit(tx, who, {
			action: 'team.update',
			outcome: 'granted',
			resourceType: 'team',
			resourceId: t.id,
			details: { organizationId: t.organizationId }
		});
		return { id: t.id };
	});
}

/** Members of a removed team stay in the organisation, without a team. */
export async function deleteTeam(app: App, who: AuditActor, id: string) {
	return app.database.db.transaction(async (tx) => {
		const [t] = await tx.select().from(team).where(eq(team.id, id));
		if (!t) throw new AppError('NOT_FOUND', 'No such team.');
		const [{ n }] = (await tx.select({ n: count() }).from(member).where(eq(member.teamId, id))) as [{ n: number }];
		await tx.delete(team).where(eq(team.id, id));
		await recordAudit(tx, who, {
			action: 'team.delete',
			outcome: 'granted',
			resourceType: 'team',
			resourceId: id,
			details: { organizationId: t.organizationId, members: Number(n) }
		});
		return { id, membersWithoutTeam: Number(n) };
	});
}

export async function updateMember(app: App, who: AuditActor, input: { id: string; roles: OrgRole[]; teamId: string | null }) {
	return app.database.db.transaction(async (tx) => {
		const [m] = await tx.select().from(member).where(eq(member.id, input.id)).for('update');
		if (!m) throw new AppError('NOT_FOUND', 'No such member.');
		if (input.teamId) {
			const [t] = await tx.select({ organizationId: team.organizationId }).from(team).where(eq(team.id, input.teamId));
			if (!t || t.organizationId !== m.organizationId) throw new AppError('BAD_REQUEST', 'Choose a team of this organisation.', 'teamId');
		}
		if (input.roles.includes('team_lead') && !input.teamId) throw new AppError('BAD_REQUEST', 'A team lead needs a team.', 'teamId');
		const roles = [...new Set(input.roles)];
		await tx.update(member).set({ roles, teamId: input.teamId }).where(eq(member.id, m.id));
		await recordAudit(tx, who, {
			action: 'member.role_change',
			outcome: 'granted',
			resourceType: 'user',
			resourceId: m.userId,
			details: { organizationId: m.organizationId, from: m.roles.join(','), to: roles.join(','), teamChanged: m.teamId !== input.teamId }
		});
		return { id: m.id };
	});
}

/** Takes the person out of the organisation (their account stays; their bookings stay with it). */
export async function removeMember(app: App, who: AuditActor, id: string) {
	return app.database.db.transaction(async (tx) => {
		const [m] = await tx.select().from(member).where(eq(member.id, id));
		if (!m) throw new AppError('NOT_FOUND', 'No such member.');
		await tx.delete(member).where(eq(member.id, id));
		await recordAudit(tx, who, {
			action: 'member.remove',
			outcome: 'granted',
			resourceType: 'user',
			resourceId: m.userId,
			details: { organizationId: m.organizationId }
		});
		return { id };
	});
}
