/**
 * An organisation's owners and managers look after their own people (/organisation): invite
 * members (always a referrer's account, never an admin or specialist), set members' roles and
 * teams, deactivate and reactivate members, create and rename teams. Everything happens in the
 * organisation the session works in; a member or team of another organisation answers like a
 * missing one.
 *
 * Rules:
 * - managers neither grant nor remove 'owner', nor act on an owner (only owners do);
 * - the organisation keeps at least one active owner;
 * - nobody deactivates themselves;
 * - deactivating is the account's (sessions end at once, sign-in refused), so it is only offered
 *   when the account is this organisation's alone: a referrer's account (platform role 'user')
 *   with no other membership. Anyone else is our team's to deactivate. An account our team
 *   deactivated stays so until our team reactivates it.
 *
 * Mutations lock the organisation's row first, so two owners demoting each other at once cannot
 * leave it without one. Refusals by role are audited (access.denied); every change is audited.
 */
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import { refuse } from '../../auth/access';
import type { SignedInActor } from '../../auth/actor';
import type { OrgRole } from '../../db/schema';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import { updateMemberRolesAndTeam } from '../../repositories/membership.repository';
import {
	countOtherActiveOwners,
	listPendingInvitationsOf,
	listPeopleOf,
	lockPersonOf,
	pendingInvitationElsewhere
} from '../../repositories/org-people.repository';
import {
	findTeam,
	insertTeam,
	listTeamsOf,
	lockOrganization,
	renameTeamRow,
	teamBelongsTo,
	teamNameTaken
} from '../../repositories/organizations.repository';
import { deleteSessionsOf } from '../../repositories/sessions.repository';
import { updateUserBan } from '../../repositories/users.repository';
import { recordGranted } from '../audit/audit';
import { createInvitation } from './invitations';

/** The owner or manager acting, in the organisation their session works in. */
export interface OrgManager {
	organizationId: string;
	userId: string;
	roles: readonly OrgRole[];
}

/** Why an organisation deactivated an account (an account our team deactivated has another reason). */
export const ORGANISATION_BAN_REASON = 'deactivated by their organisation';

const isOwner = (m: OrgManager) => m.roles.includes('owner');

/** A refusal by role, audited once the transaction has rolled back. */
class Denied extends Error {
	constructor(
		readonly operation: string,
		message: string,
		readonly field?: string
	) {
		super(message);
	}
}

/** Runs `work` in a transaction holding the organisation's lock; a role refusal is audited, then thrown as FORBIDDEN. */
async function inOrganisation<T>(app: App, who: SignedInActor, m: OrgManager, work: (tx: Executor) => Promise<T>): Promise<T> {
	try {
		return await app.database.db.transaction(async (tx) => {
			if (!(await lockOrganization(tx, m.organizationId))) throw new AppError('NOT_FOUND', 'No such organisation.');
			return work(tx);
		});
	} catch (err) {
		if (err instanceof Denied)
			return refuse(app, who, { resourceType: 'permission', operation: err.operation }, 'role', err.message, err.field);
		throw err;
	}
}

const noSuchMember = () => new AppError('NOT_FOUND', 'No such member.');

/** The organisation's teams, members (with what this manager may do to each) and pending invitations. */
export async function organisationOverview(app: App, m: OrgManager) {
	const db = app.database.db;
	const [teams, people, invitations] = await Promise.all([
		listTeamsOf(db, m.organizationId),
		listPeopleOf(db, m.organizationId),
		listPendingInvitationsOf(db, m.organizationId)
	]);
	const teamName = new Map(teams.map((t) => [t.id, t.name]));
	return {
		teams,
		/** Whether this person may grant the owner role and act on owners. */
		managesOwners: isOwner(m),
		members: people.map((p) => {
			const self = p.userId === m.userId;
			const mayEdit = isOwner(m) || !p.roles.includes('owner');
			const ownAccount = p.platformRole === 'user' && Number(p.memberships) === 1;
			return {
				id: p.id,
				name: p.name,
				email: p.email,
				roles: p.roles,
				teamId: p.teamId,
				teamName: p.teamName,
				active: !p.banned,
				self,
				mayEdit,
				/** Whether this manager may deactivate or reactivate the account here; `whyNot` when not. */
				mayDeactivate: mayEdit && !self && ownAccount,
				whyNot: self
					? 'This is you.'
					: !mayEdit
						? 'Only an owner can change an owner.'
						: !ownAccount
							? 'Their account is also used outside your organisation: ask us to change it.'
							: null
			};
		}),
		invitations: invitations.map((i) => ({ ...i, teamName: i.teamId ? (teamName.get(i.teamId) ?? null) : null }))
	};
}

export interface OrgInvitationInput {
	email: string;
	name: string;
	orgRoles: OrgRole[];
	teamId: string | null;
}

/** Invites someone into this organisation (the same emailed invitation admins send), as a referrer's account. */
export async function inviteToOrganisation(app: App, who: SignedInActor, m: OrgManager, input: OrgInvitationInput) {
	if (input.orgRoles.includes('owner') && !isOwner(m))
		return refuse(
			app,
			who,
			{ resourceType: 'permission', operation: 'organisation.invite' },
			'role',
			'Only an owner can invite an owner.',
			'orgRoles'
		);
	if (input.orgRoles.includes('team_lead') && !input.teamId) throw new AppError('BAD_REQUEST', 'A team lead needs a team.', 'teamId');
	const email = input.email.trim().toLowerCase();
	if (input.teamId && !(await teamBelongsTo(app.database.db, input.teamId, m.organizationId)))
		throw new AppError('BAD_REQUEST', 'Choose a team from the list.', 'teamId');
	// A new invitation replaces a pending one for the address: never one sent by someone else.
	if (await pendingInvitationElsewhere(app.database.db, email, m.organizationId))
		throw new AppError('CONFLICT', 'This person already has an invitation from someone else waiting. Ask us to help.', 'email');
	const { id } = await createInvitation(app, who, {
		email,
		name: input.name,
		platformRole: 'user',
		organizationId: m.organizationId,
		orgRoles: input.orgRoles,
		teamId: input.teamId
	});
	return { id };
}

/** Sets a member's roles and team. */
export async function updateOrganisationMember(
	app: App,
	who: SignedInActor,
	m: OrgManager,
	input: { memberId: string; roles: OrgRole[]; teamId: string | null }
) {
	return inOrganisation(app, who, m, async (tx) => {
		const p = await lockPersonOf(tx, m.organizationId, input.memberId);
		if (!p) throw noSuchMember();
		const roles = [...new Set(input.roles)];
		if (!isOwner(m) && (p.roles.includes('owner') || roles.includes('owner')))
			throw new Denied('organisation.member_update', 'Only an owner can change an owner, or make someone an owner.', 'roles');
		if (p.roles.includes('owner') && !roles.includes('owner') && (await countOtherActiveOwners(tx, m.organizationId, p.id)) === 0)
			throw new AppError('CONFLICT', 'Your organisation needs an owner: make someone else an owner first.', 'roles');
		if (input.teamId && !(await teamBelongsTo(tx, input.teamId, m.organizationId)))
			throw new AppError('BAD_REQUEST', 'Choose a team from the list.', 'teamId');
		if (roles.includes('team_lead') && !input.teamId) throw new AppError('BAD_REQUEST', 'A team lead needs a team.', 'teamId');
		await updateMemberRolesAndTeam(tx, p.id, roles, input.teamId);
		await recordGranted(tx, who, 'member.role_change', 'user', p.userId, {
			organizationId: m.organizationId,
			from: p.roles.join(','),
			to: roles.join(','),
			teamChanged: p.teamId !== input.teamId,
			by: 'organisation'
		});
		return { id: p.id };
	});
}

/** Deactivates (every session ends at once) or reactivates a member's account. */
export async function setOrganisationMemberActive(
	app: App,
	who: SignedInActor,
	m: OrgManager,
	input: { memberId: string; active: boolean }
) {
	return inOrganisation(app, who, m, async (tx) => {
		const p = await lockPersonOf(tx, m.organizationId, input.memberId);
		if (!p) throw noSuchMember();
		if (p.userId === m.userId) throw new AppError('BAD_REQUEST', 'You cannot deactivate your own account.', 'memberId');
		if (!isOwner(m) && p.roles.includes('owner'))
			throw new Denied('organisation.member_status', 'Only an owner can deactivate or reactivate an owner.', 'memberId');
		if (p.platformRole !== 'user' || p.memberships > 1)
			throw new AppError(
				'CONFLICT',
				`${p.name}’s account is also used outside your organisation, so only our team can deactivate or reactivate it. Please ask us.`,
				'memberId'
			);
		if (input.active && p.banned && p.banReason !== ORGANISATION_BAN_REASON)
			throw new AppError('CONFLICT', `Our team deactivated ${p.name}’s account. Please ask us to reactivate it.`, 'memberId');
		if (!input.active && p.roles.includes('owner') && (await countOtherActiveOwners(tx, m.organizationId, p.id)) === 0)
			throw new AppError('CONFLICT', 'Your organisation needs an active owner: make someone else an owner first.', 'memberId');
		await updateUserBan(tx, p.userId, { banned: !input.active, banReason: input.active ? null : ORGANISATION_BAN_REASON });
		if (!input.active) await deleteSessionsOf(tx, p.userId);
		await recordGranted(tx, who, 'user.status_change', 'user', p.userId, {
			active: input.active,
			organizationId: m.organizationId,
			by: 'organisation'
		});
		return { id: p.id, name: p.name, active: input.active };
	});
}

export async function createOrganisationTeam(app: App, who: Actor, m: OrgManager, input: { name: string }) {
	return app.database.db.transaction(async (tx) => {
		if (await teamNameTaken(tx, m.organizationId, input.name))
			throw new AppError('CONFLICT', 'Your organisation already has a team of that name.', 'name');
		const row = await insertTeam(tx, { organizationId: m.organizationId, name: input.name });
		await recordGranted(tx, who, 'team.create', 'team', row.id, { organizationId: m.organizationId, by: 'organisation' });
		return { id: row.id };
	});
}

export async function renameOrganisationTeam(app: App, who: Actor, m: OrgManager, input: { teamId: string; name: string }) {
	return app.database.db.transaction(async (tx) => {
		const t = await findTeam(tx, input.teamId);
		if (!t || t.organizationId !== m.organizationId) throw new AppError('NOT_FOUND', 'No such team.');
		if (await teamNameTaken(tx, m.organizationId, input.name, t.id))
			throw new AppError('CONFLICT', 'Your organisation already has a team of that name.', 'name');
		await renameTeamRow(tx, t.id, input.name);
		await recordGranted(tx, who, 'team.update', 'team', t.id, { organizationId: m.organizationId, by: 'organisation' });
		return { id: t.id };
	});
}
