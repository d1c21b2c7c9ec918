/**
 * Accounts exist only through invitations: an admin (or an organisation's owner or manager, for
 * their own organisation) invites an email address with a role; the link is single use and
 * expires. Accepting creates the user, their credential and membership in one transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { App } from '../../app';
import { attributedTo, attributionOf, type Actor } from '../../auth/actor';
import type { OrgRole, PlatformRole } from '../../db/schema';
import { AppError } from '../../errors';
import {
	findSpecialistAccountLink,
	findUnacceptedInvitation,
	findUsableInvitationByTokenHash,
	insertInvitation,
	linkSpecialistIfUnlinked,
	listInvitationsPage,
	listRecentInvitations,
	lockInvitationByTokenHash,
	markInvitationAccepted,
	revokePendingInvitation,
	revokePendingInvitationsFor
} from '../../repositories/invitations.repository';
import type { SortDir } from '../../repositories/keyset';
import { insertMember } from '../../repositories/membership.repository';
import { organizationExists, teamBelongsTo } from '../../repositories/organizations.repository';
import { findUserIdByEmail, insertCredentialAccount, insertUser } from '../../repositories/users.repository';
import { recordGranted } from '../audit/audit';
import { enqueue } from '../outbox/outbox';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface InvitationInput {
	email: string;
	name: string;
	platformRole: PlatformRole;
	organizationId?: string | null;
	orgRoles?: OrgRole[];
	teamId?: string | null;
	/** Only for a specialist: the profile the account is linked to on acceptance. */
	specialistId?: string | null;
}

export async function createInvitation(app: App, who: Actor, input: InvitationInput): Promise<{ id: string; link: string }> {
	const email = input.email.trim().toLowerCase();
	const isOrgUser = input.platformRole === 'user';
	if (isOrgUser && (!input.organizationId || !input.orgRoles?.length))
		throw new AppError('BAD_REQUEST', 'Choose the organisation and at least one role for a referrer.', 'organizationId');
	const token = randomBytes(32).toString('base64url');
	const link = `${app.config.origin}/invitation/${token}`;
	const id = await app.database.db.transaction(async (tx) => {
		if (await findUserIdByEmail(tx, email)) throw new AppError('CONFLICT', 'An account with this email already exists.', 'email');
		if (isOrgUser) {
			if (!(await organizationExists(tx, input.organizationId!)))
				throw new AppError('BAD_REQUEST', 'That organisation does not exist.', 'organizationId');
			if (input.teamId) {
				if (!(await teamBelongsTo(tx, input.teamId, input.organizationId!)))
					throw new AppError('BAD_REQUEST', 'That team is not part of the organisation.', 'teamId');
			}
		}
		const specialistId = input.platformRole === 'specialist' ? (input.specialistId ?? null) : null;
		if (specialistId) {
			const s = await findSpecialistAccountLink(tx, specialistId);
			if (!s) throw new AppError('BAD_REQUEST', 'That specialist profile does not exist.', 'specialistId');
			if (s.userId) throw new AppError('CONFLICT', 'That specialist profile already has an account.', 'specialistId');
		}
		// A new invitation replaces any pending one for the same address.
		await revokePendingInvitationsFor(tx, email);
		const invitationId = await insertInvitation(tx, {
			tokenHash: hashToken(token),
			email,
			name: input.name.trim(),
			platformRole: input.platformRole,
			organizationId: isOrgUser ? input.organizationId! : null,
			orgRoles: isOrgUser ? [...new Set(input.orgRoles)] : [],
			teamId: isOrgUser ? (input.teamId ?? null) : null,
			specialistId,
			invitedBy: attributionOf(who).actor,
			expiresAt: new Date(Date.now() + app.config.auth.invitationTtlHours * 3600_000)
		});
		await enqueue(tx, app.cipher, {
			channel: 'email',
			template: 'invitation',
			to: email,
			subject: 'You are invited to IME Bookings',
			text: `${input.name.trim()}, you have been invited to IME Bookings. Follow the link within ${Math.round(app.config.auth.invitationTtlHours / 24)} days to choose your password.`,
			link
		});
		await recordGranted(tx, who, 'invitation.create', 'invitation', invitationId, {
			platformRole: input.platformRole,
			organizationId: input.organizationId ?? null
		});
		return invitationId;
	});
	return { id, link };
}

export interface PendingInvitation {
	id: string;
	email: string;
	name: string;
	platformRole: string;
	organizationName: string | null;
}

/** A usable invitation for this token, or null (unknown, used, revoked or expired answer alike). */
export async function findUsableInvitation(app: App, token: string): Promise<PendingInvitation | null> {
	return findUsableInvitationByTokenHash(app.database.db, hashToken(token));
}

export async function acceptInvitation(app: App, who: Actor, token: string, password: string): Promise<{ userId: string; email: string }> {
	const ctx = await app.auth.$context;
	const { minPasswordLength, maxPasswordLength } = ctx.password.config;
	if (password.length < minPasswordLength || password.length > maxPasswordLength)
		throw new AppError('BAD_REQUEST', `Choose a password of ${minPasswordLength} to ${maxPasswordLength} characters.`, 'password');
	const hash = await ctx.password.hash(password);
	return app.database.db.transaction(async (tx) => {
		const inv = await lockInvitationByTokenHash(tx, hashToken(token));
		if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= new Date())
			throw new AppError('NOT_FOUND', 'This invitation link is no longer valid. Ask for a new invitation.');
		if (await findUserIdByEmail(tx, inv.email))
			throw new AppError('CONFLICT', 'An account with this email already exists. Sign in instead.');
		const userId = crypto.randomUUID();
		await insertUser(tx, {
			id: userId,
			name: inv.name,
			email: inv.email,
			// Following the emailed link proves the address.
			emailVerified: true,
			role: inv.platformRole
		});
		await insertCredentialAccount(tx, userId, hash);
		if (inv.organizationId) await insertMember(tx, { organizationId: inv.organizationId, userId, roles: inv.orgRoles, teamId: inv.teamId });
		// The profile it was made for, unless someone else was linked to it meanwhile (an admin links by hand then).
		if (inv.specialistId && inv.platformRole === 'specialist') await linkSpecialistIfUnlinked(tx, inv.specialistId, userId);
		await markInvitationAccepted(tx, inv.id);
		await recordGranted(tx, attributedTo(who, userId), 'invitation.accept', 'invitation', inv.id);
		return { userId, email: inv.email };
	});
}

/** The 200 newest invitations (admins), each with its status. */
/** A keyset page of invitations by expiry, each with its status. */
export async function invitationsPage(app: App, p: { dir: SortDir; cursor?: string | null; limit?: number }) {
	const page = await listInvitationsPage(app.database.db, p);
	const now = new Date();
	return { rows: page.rows.map((r) => ({ ...r, status: invitationStatus(r, now) })), nextCursor: page.nextCursor };
}

const invitationStatus = (r: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date) =>
	r.acceptedAt ? 'accepted' : r.revokedAt ? 'revoked' : r.expiresAt < now ? 'expired' : 'pending';

export async function listInvitations(app: App) {
	const rows = await listRecentInvitations(app.database.db);
	const now = new Date();
	return rows.map((r) => ({
		...r,
		status: r.acceptedAt ? 'accepted' : r.revokedAt ? 'revoked' : r.expiresAt < now ? 'expired' : 'pending'
	}));
}

/**
 * Sends an invitation that was not accepted again, with a new link and expiry (the old link stops
 * working); returns the new invitation's id, or null when there is no unaccepted invitation with that id.
 */
export async function resendInvitation(app: App, who: Actor, id: string): Promise<{ id: string } | null> {
	const inv = await findUnacceptedInvitation(app.database.db, id);
	if (!inv) return null;
	const created = await createInvitation(app, who, {
		email: inv.email,
		name: inv.name,
		platformRole: inv.platformRole as 'user' | 'admin' | 'specialist',
		organizationId: inv.organizationId,
		orgRoles: inv.orgRoles,
		teamId: inv.teamId,
		specialistId: inv.specialistId
	});
	return { id: created.id };
}

/** Revokes a pending invitation (audited); returns null when there is no pending invitation with that id. */
export async function revokeInvitation(app: App, who: Actor, id: string): Promise<{ id: string } | null> {
	return app.database.db.transaction(async (tx) => {
		if (!(await revokePendingInvitation(tx, id))) return null;
		await recordGranted(tx, who, 'invitation.revoke', 'invitation', id);
		return { id };
	});
}
