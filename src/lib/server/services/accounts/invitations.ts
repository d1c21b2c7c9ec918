/**
 * Accounts exist only through invitations: an admin (or an organisation's owner or manager, for
 * their own organisation) invites an email address with a role; the link is single use and
 * expires. Accepting creates the user, their credential and membership in one transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { App } from '../../app';
import { account, invitation, member, organization, specialist, team, user, type OrgRole, type PlatformRole } from '../../db/schema';
import { AppError } from '../../errors';
import { recordAudit, type AuditActor } from '../audit/audit';
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

export async function createInvitation(app: App, who: AuditActor, input: InvitationInput): Promise<{ id: string; link: string }> {
	const email = input.email.trim().toLowerCase();
	const isOrgUser = input.platformRole === 'user';
	if (isOrgUser && (!input.organizationId || !input.orgRoles?.length))
		throw new AppError('BAD_REQUEST', 'Choose the organisation and at least one role for a referrer.', 'organizationId');
	const token = randomBytes(32).toString('base64url');
	const link = `${app.config.origin}/invitation/${token}`;
	const id = await app.database.db.transaction(async (tx) => {
		const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email)).limit(1);
		if (existing) throw new AppError('CONFLICT', 'An account with this email already exists.', 'email');
		if (isOrgUser) {
			const [org] = await tx.select({ id: organization.id }).from(organization).where(eq(organization.id, input.organizationId!)).limit(1);
			if (!org) throw new AppError('BAD_REQUEST', 'That organisation does not exist.', 'organizationId');
			if (input.teamId) {
				const [t] = await tx
					.select({ id: team.id })
					.from(team)
					.where(and(eq(team.id, input.teamId), eq(team.organizationId, input.organizationId!)))
					.limit(1);
				if (!t) throw new AppError('BAD_REQUEST', 'That team is not part of the organisation.', 'teamId');
			}
		}
		const specialistId = input.platformRole === 'specialist' ? (input.specialistId ?? null) : null;
		if (specialistId) {
			const [s] = await tx.select({ userId: specialist.userId }).from(specialist).where(eq(specialist.id, specialistId)).limit(1);
			if (!s) throw new AppError('BAD_REQUEST', 'That specialist profile does not exist.', 'specialistId');
			if (s.userId) throw new AppError('CONFLICT', 'That specialist profile already has an account.', 'specialistId');
		}
		// A new invitation replaces any pending one for the same address.
		await tx
			.update(invitation)
			.set({ revokedAt: new Date() })
			.where(and(eq(invitation.email, email), isNull(invitation.acceptedAt), isNull(invitation.revokedAt)));
		const [row] = await tx
			.insert(invitation)
			.values({
				tokenHash: hashToken(token),
				email,
				name: input.name.trim(),
				platformRole: input.platformRole,
				organizationId: isOrgUser ? input.organizationId! : null,
				orgRoles: isOrgUser ? [...new Set(input.orgRoles)] : [],
				teamId: isOrgUser ? (input.teamId ?? null) : null,
				specialistId,
				invitedBy: who.actor,
				expiresAt: new Date(Date.now() + app.config.auth.invitationTtlHours * 3600_000)
			})
			.returning({ id: invitation.id });
		await enqueue(tx, app.cipher, {
			channel: 'email',
			template: 'invitation',
			to: email,
			subject: 'You are invited to IME Bookings',
			text: `${input.name.trim()}, you have been invited to IME Bookings. Follow the link within ${Math.round(app.config.auth.invitationTtlHours / 24)} days to choose your password.`,
			link
		});
		await recordAudit(tx, who, {
			action: 'invitation.create',
			outcome: 'granted',
			resourceType: 'invitation',
			resourceId: row!.id,
			details: { platformRole: input.platformRole, organizationId: input.organizationId ?? null }
		});
		return row!.id;
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
	const [row] = await app.database.db
		.select({
			id: invitation.id,
			email: invitation.email,
			name: invitation.name,
			platformRole: invitation.platformRole,
			organizationName: organization.name
		})
		.from(invitation)
		.leftJoin(organization, eq(organization.id, invitation.organizationId))
		.where(
			and(
				eq(invitation.tokenHash, hashToken(token)),
				isNull(invitation.acceptedAt),
				isNull(invitation.revokedAt),
				gt(invitation.expiresAt, new Date())
			)
		)
		.limit(1);
	return row ?? null;
}

export async function acceptInvitation(
	app: App,
	who: AuditActor,
	token: string,
	password: string
): Promise<{ userId: string; email: string }> {
	const ctx = await app.auth.$context;
	const { minPasswordLength, maxPasswordLength } = ctx.password.config;
	if (password.length < minPasswordLength || password.length > maxPasswordLength)
		throw new AppError('BAD_REQUEST', `Choose a password of ${minPasswordLength} to ${maxPasswordLength} characters.`, 'password');
	const hash = await ctx.password.hash(password);
	return app.database.db.transaction(async (tx) => {
		const [inv] = await tx
			.select()
			.from(invitation)
			.where(eq(invitation.tokenHash, hashToken(token)))
			.for('update')
			.limit(1);
		if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= new Date())
			throw new AppError('NOT_FOUND', 'This invitation link is no longer valid. Ask for a new invitation.');
		const [taken] = await tx.select({ id: user.id }).from(user).where(eq(user.email, inv.email)).limit(1);
		if (taken) throw new AppError('CONFLICT', 'An account with this email already exists. Sign in instead.');
		const userId = crypto.randomUUID();
		await tx.insert(user).values({
			id: userId,
			name: inv.name,
			email: inv.email,
			// Following the emailed link proves the address.
			emailVerified: true,
			role: inv.platformRole
		});
		await tx.insert(account).values({
			id: crypto.randomUUID(),
			accountId: userId,
			providerId: 'credential',
			userId,
			password: hash
		});
		if (inv.organizationId)
			await tx.insert(member).values({ organizationId: inv.organizationId, userId, roles: inv.orgRoles, teamId: inv.teamId });
		// The profile it was made for, unless someone else was linked to it meanwhile (an admin links by hand then).
		if (inv.specialistId && inv.platformRole === 'specialist')
			await tx
				.update(specialist)
				.set({ userId })
				.where(and(eq(specialist.id, inv.specialistId), isNull(specialist.userId)));
		await tx
			.update(invitation)
			.set({ acceptedAt: sql`now()` })
			.where(eq(invitation.id, inv.id));
		await recordAudit(
			tx,
			{ ...who, actor: userId },
			{
				action: 'invitation.accept',
				outcome: 'granted',
				resourceType: 'invitation',
				resourceId: inv.id
			}
		);
		return { userId, email: inv.email };
	});
}
