import { TRPCError } from '@trpc/server';
import { and, asc, desc, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows';
import { z } from 'zod';
import { invitationSchema } from '$lib/schemas/account';
import { invitation, member, organization, session, team, user } from '../db/schema';
import { recordAudit, verifyAuditChain } from '../services/audit/audit';
import { auditPage, auditWhere, peopleOf } from '../services/audit/audit-query';
import { auditFiltersSchema } from '$lib/schemas/audit';
import { actorOf } from '../services/accounts/request-meta';
import { createInvitation } from '../services/accounts/invitations';
import { listMessages } from '../services/outbox/outbox';
import { operationsSnapshot } from '../services/operations/operations';
import { adminProcedure, router } from '../trpc';
import { adminOrganizationsRouter } from './admin-organizations';
import { adminSpecialistsRouter } from './admin-specialists';

export const adminRouter = router({
	orgs: adminOrganizationsRouter,
	specialists: adminSpecialistsRouter,

	dashboard: adminProcedure.query(async ({ ctx }) => {
		const db = ctx.app.database.db;
		const [users, orgs, pending] = await Promise.all([
			db.$count(user),
			db.$count(organization),
			db.$count(invitation, and(isNull(invitation.acceptedAt), isNull(invitation.revokedAt)))
		]);
		return { users, organizations: orgs, pendingInvitations: pending };
	}),

	/** The operations dashboard: bookings, reports, outbox and the scheduling upstream, live. */
	operations: adminProcedure.query(({ ctx }) => operationsSnapshot(ctx.app)),

	organizations: adminProcedure.query(async ({ ctx }) => {
		const db = ctx.app.database.db;
		const [orgs, teams] = await Promise.all([
			db
				.select({ id: organization.id, name: organization.name, require2fa: organization.require2fa })
				.from(organization)
				.orderBy(asc(organization.name)),
			db.select({ id: team.id, name: team.name, organizationId: team.organizationId }).from(team).orderBy(asc(team.name))
		]);
		return orgs.map((o) => ({ ...o, teams: teams.filter((t) => t.organizationId === o.id) }));
	}),

	invitations: router({
		list: adminProcedure.query(async ({ ctx }) => {
			const rows = await ctx.app.database.db
				.select({
					id: invitation.id,
					email: invitation.email,
					name: invitation.name,
					platformRole: invitation.platformRole,
					orgRoles: invitation.orgRoles,
					organizationName: organization.name,
					expiresAt: invitation.expiresAt,
					acceptedAt: invitation.acceptedAt,
					revokedAt: invitation.revokedAt,
					createdAt: invitation.createdAt
				})
				.from(invitation)
				.leftJoin(organization, eq(organization.id, invitation.organizationId))
				.orderBy(desc(invitation.createdAt))
				.limit(200);
			const now = new Date();
			return rows.map((r) => ({
				...r,
				status: r.acceptedAt ? 'accepted' : r.revokedAt ? 'revoked' : r.expiresAt < now ? 'expired' : 'pending'
			}));
		}),

		create: adminProcedure.input(invitationSchema).mutation(async ({ ctx, input }) => {
			const { id } = await createInvitation(ctx.app, actorOf(ctx.meta, ctx.signedIn.user.id, ctx.signedIn.impersonatedBy), input);
			return { id };
		}),

		/** Sends the same invitation again with a new link and expiry; the old link stops working. */
		resend: adminProcedure.input(z.object({ id: z.string().uuid() }).strict()).mutation(async ({ ctx, input }) => {
			const [inv] = await ctx.app.database.db
				.select()
				.from(invitation)
				.where(and(eq(invitation.id, input.id), isNull(invitation.acceptedAt)));
			if (!inv) throw new TRPCError({ code: 'NOT_FOUND', message: 'No open invitation with that id.' });
			const { id } = await createInvitation(ctx.app, actorOf(ctx.meta, ctx.signedIn.user.id, ctx.signedIn.impersonatedBy), {
				email: inv.email,
				name: inv.name,
				platformRole: inv.platformRole as 'user' | 'admin' | 'specialist',
				organizationId: inv.organizationId,
				orgRoles: inv.orgRoles as ('owner' | 'manager' | 'team_lead' | 'referrer')[],
				teamId: inv.teamId,
				specialistId: inv.specialistId
			});
			return { id };
		}),

		revoke: adminProcedure.input(z.object({ id: z.string().uuid() }).strict()).mutation(async ({ ctx, input }) => {
			return ctx.app.database.db.transaction(async (tx) => {
				const updated = await tx
					.update(invitation)
					.set({ revokedAt: new Date() })
					.where(and(eq(invitation.id, input.id), isNull(invitation.acceptedAt), isNull(invitation.revokedAt)))
					.returning({ id: invitation.id });
				if (updated.length === 0) throw new TRPCError({ code: 'NOT_FOUND', message: 'No pending invitation with that id.' });
				await recordAudit(tx, actorOf(ctx.meta, ctx.signedIn.user.id), {
					action: 'invitation.revoke',
					outcome: 'granted',
					resourceType: 'invitation',
					resourceId: input.id
				});
				return { id: input.id };
			});
		})
	}),

	/**
	 * People by part of a name, email or organisation, forgiving typos (pg_trgm word similarity),
	 * best matches first. With no search: the 10 referrers this admin acted for most recently, then
	 * everyone by name.
	 */
	users: adminProcedure
		.input(
			z
				.object({ q: z.string().trim().max(80).default('') })
				.strict()
				.default({ q: '' })
		)
		.query(async ({ ctx, input }) => {
			const db = ctx.app.database.db;
			const q = input.q;
			const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
			const score = sql<number>`greatest(word_similarity(${q}, ${user.name}), word_similarity(${q}, ${user.email}), coalesce(word_similarity(${q}, ${organization.name}), 0))`;
			const recent = q
				? []
				: rowsOf<{ id: string }>(
						await db.execute(sql`
							SELECT resource_id AS id FROM audit_log
							WHERE actor = ${ctx.signedIn.user.id} AND action = 'auth.impersonation_start' AND outcome = 'granted' AND resource_id IS NOT NULL
							GROUP BY resource_id ORDER BY max(seq) DESC LIMIT 10`)
					).map((r) => r.id);
			const rows = await db
				.select({
					id: user.id,
					name: user.name,
					email: user.email,
					role: user.role,
					banned: user.banned,
					twoFactorEnabled: user.twoFactorEnabled,
					createdAt: user.createdAt,
					organizationName: organization.name,
					orgRoles: member.roles
				})
				.from(user)
				.leftJoin(member, eq(member.userId, user.id))
				.leftJoin(organization, eq(organization.id, member.organizationId))
				.where(q ? or(ilike(user.name, like), ilike(user.email, like), ilike(organization.name, like), sql`${score} > 0.45`) : undefined)
				.orderBy(...(q ? [desc(score), asc(user.name)] : [asc(user.name)]))
				.limit(200);
			const rank = new Map(recent.map((id, i) => [id, i]));
			return rows.map((r) => ({ ...r, recent: rank.has(r.id) })).sort((a, b) => (rank.get(a.id) ?? 99) - (rank.get(b.id) ?? 99));
		}),

	/** Deactivate (sessions end at once) or reactivate an account. Admins cannot deactivate themselves. */
	setActive: adminProcedure
		.input(z.object({ userId: z.string().min(1).max(64), active: z.boolean() }).strict())
		.mutation(async ({ ctx, input }) => {
			if (input.userId === ctx.signedIn.user.id)
				throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot deactivate your own account.' });
			return ctx.app.database.db.transaction(async (tx) => {
				const updated = await tx
					.update(user)
					.set({ banned: !input.active, banReason: input.active ? null : 'deactivated by an admin', updatedAt: new Date() })
					.where(eq(user.id, input.userId))
					.returning({ id: user.id });
				if (updated.length === 0) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such user.' });
				if (!input.active) await tx.delete(session).where(eq(session.userId, input.userId));
				await recordAudit(tx, actorOf(ctx.meta, ctx.signedIn.user.id), {
					action: 'user.status_change',
					outcome: 'granted',
					resourceType: 'user',
					resourceId: input.userId,
					details: { active: input.active }
				});
				return { userId: input.userId, active: input.active };
			});
		}),

	outbox: adminProcedure.query(async ({ ctx }) => {
		const messages = await listMessages(ctx.app.database.db, ctx.app.cipher, 100);
		await recordAudit(ctx.app.database.db, actorOf(ctx.meta, ctx.signedIn.user.id), {
			action: 'outbox.read',
			outcome: 'granted',
			resourceType: 'outbox'
		});
		return messages;
	}),

	/** The audit viewer: filtered, newest first, keyset pages (`beforeSeq`). */
	audit: adminProcedure
		.input(
			z
				.object({
					filters: auditFiltersSchema.prefault({}),
					beforeSeq: z.number().int().positive().optional(),
					limit: z.number().int().min(1).max(200).default(50)
				})
				.strict()
				.prefault({})
		)
		.query(async ({ ctx, input }) => {
			const db = ctx.app.database.db;
			const rows = await auditPage(db, await auditWhere(db, input.filters), input.beforeSeq, input.limit);
			const people = await peopleOf(db, rows);
			const person = (id: string | null) => (id ? (people.get(id) ?? null) : null);
			return {
				rows: rows.map((r) => ({ ...r, actorPerson: person(r.actor), onBehalfOfPerson: person(r.onBehalfOf) })),
				nextBeforeSeq: rows.length === input.limit ? rows[rows.length - 1]!.seq : null
			};
		}),

	/** Whether every row of the trail still hashes and links as written. */
	auditChain: adminProcedure.query(({ ctx }) => verifyAuditChain(ctx.app.database.db))
});
