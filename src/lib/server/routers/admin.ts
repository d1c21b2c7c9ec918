import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { invitationSchema } from '$lib/schemas/account';
import { recordAudit, verifyAuditChain } from '../services/audit/audit';
import { auditPage, auditWhere, peopleOf } from '../services/audit/audit-query';
import { auditFiltersSchema } from '$lib/schemas/audit';
import { createInvitation, listInvitations, resendInvitation, revokeInvitation } from '../services/accounts/invitations';
import { organizationsWithTeams } from '../services/accounts/organizations';
import { adminCounts, findPeople, setUserActive } from '../services/accounts/users';
import { listMessages } from '../services/outbox/outbox';
import { operationsSnapshot } from '../services/operations/operations';
import { adminProcedure, router } from '../trpc';
import { adminOrganizationsRouter } from './admin-organizations';
import { adminSpecialistsRouter } from './admin-specialists';

export const adminRouter = router({
	orgs: adminOrganizationsRouter,
	specialists: adminSpecialistsRouter,

	dashboard: adminProcedure.query(({ ctx }) => adminCounts(ctx.app)),

	/** The operations dashboard: bookings, reports, outbox and the scheduling upstream, live. */
	operations: adminProcedure.query(({ ctx }) => operationsSnapshot(ctx.app)),

	organizations: adminProcedure.query(({ ctx }) => organizationsWithTeams(ctx.app)),

	invitations: router({
		list: adminProcedure.query(({ ctx }) => listInvitations(ctx.app)),

		create: adminProcedure.input(invitationSchema).mutation(async ({ ctx, input }) => {
			const { id } = await createInvitation(ctx.app, ctx.actor, input);
			return { id };
		}),

		/** Sends the same invitation again with a new link and expiry; the old link stops working. */
		resend: adminProcedure.input(z.object({ id: z.string().uuid() }).strict()).mutation(async ({ ctx, input }) => {
			const resent = await resendInvitation(ctx.app, ctx.actor, input.id);
			if (!resent) throw new TRPCError({ code: 'NOT_FOUND', message: 'No open invitation with that id.' });
			return resent;
		}),

		revoke: adminProcedure.input(z.object({ id: z.string().uuid() }).strict()).mutation(async ({ ctx, input }) => {
			const revoked = await revokeInvitation(ctx.app, ctx.actor, input.id);
			if (!revoked) throw new TRPCError({ code: 'NOT_FOUND', message: 'No pending invitation with that id.' });
			return revoked;
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
		.query(({ ctx, input }) => findPeople(ctx.app, ctx.signedIn.user.id, input.q)),

	/** Deactivate (sessions end at once) or reactivate an account. Admins cannot deactivate themselves. */
	setActive: adminProcedure
		.input(z.object({ userId: z.uuid('No such user.'), active: z.boolean() }).strict())
		.mutation(async ({ ctx, input }) => {
			if (input.userId === ctx.signedIn.user.id)
				throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot deactivate your own account.' });
			const done = await setUserActive(ctx.app, ctx.actor, input.userId, input.active);
			if (!done) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such user.' });
			return done;
		}),

	outbox: adminProcedure.query(async ({ ctx }) => {
		const messages = await listMessages(ctx.app.database.db, ctx.app.cipher, 100);
		await recordAudit(ctx.app.database.db, ctx.actor, {
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
