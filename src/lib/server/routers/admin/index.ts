import { invitationSchema } from '$lib/schemas/account';
import { verifyAuditChain } from '../../services/audit/audit';
import { createInvitation, invitationsPage, listInvitations } from '../../services/accounts/invitations';
import { organizationsWithTeams } from '../../services/accounts/organizations';
import { adminCounts, browsePeople, findPeople } from '../../services/accounts/users';
import { operationsSnapshot } from '../../services/operations/operations';
import { insights } from '../../services/insights/insights';
import { insightsInput } from '$lib/schemas/insights';
import { adminProcedure, router } from '../../trpc';
import { adminOrganizationsRouter } from '../admin-organizations';
import { adminSpecialistsRouter } from '../admin-specialists';
import { auditHandler } from './audit.handler';
import { resendInvitationHandler } from './invitations.resend.handler';
import { revokeInvitationHandler } from './invitations.revoke.handler';
import { outboxHandler, outboxPageHandler } from './outbox.handler';
import { badPageCursor } from './page';
import { auditInput, invitationRef, outboxPageInput, pageInput, setActiveInput, usersInput, usersPageInput } from './schemas';
import { setActiveHandler } from './setActive.handler';

export const adminRouter = router({
	orgs: adminOrganizationsRouter,
	specialists: adminSpecialistsRouter,

	dashboard: adminProcedure.query(({ ctx }) => adminCounts(ctx.app)),

	/** The operations dashboard: bookings, reports, outbox and the scheduling upstream, live. */
	operations: adminProcedure.query(({ ctx }) => operationsSnapshot(ctx.app)),

	organizations: adminProcedure.query(({ ctx }) => organizationsWithTeams(ctx.app)),

	invitations: router({
		list: adminProcedure.query(({ ctx }) => listInvitations(ctx.app)),

		/** Keyset pages by expiry, latest first unless `dir` says otherwise. */
		page: adminProcedure
			.input(pageInput)
			.query(({ ctx, input }) => invitationsPage(ctx.app, { ...input, dir: input.dir ?? 'desc' }).catch(badPageCursor)),

		create: adminProcedure.input(invitationSchema).mutation(async ({ ctx, input }) => {
			const { id } = await createInvitation(ctx.app, ctx.actor, input);
			return { id };
		}),

		/** Sends the same invitation again with a new link and expiry; the old link stops working. */
		resend: adminProcedure.input(invitationRef).mutation(({ ctx, input }) => resendInvitationHandler(ctx, input)),

		revoke: adminProcedure.input(invitationRef).mutation(({ ctx, input }) => revokeInvitationHandler(ctx, input))
	}),

	/**
	 * People by part of a name, email or organisation, forgiving typos (pg_trgm word similarity),
	 * best matches first. With no search: the 10 referrers this admin acted for most recently, then
	 * everyone by name.
	 */
	users: adminProcedure.input(usersInput).query(({ ctx, input }) => findPeople(ctx.app, ctx.signedIn.user.id, input.q)),

	/** Every account, keyset pages by name (or by when it was made, newest first unless `dir` says otherwise). */
	usersPage: adminProcedure
		.input(usersPageInput)
		.query(({ ctx, input }) =>
			browsePeople(ctx.app, ctx.signedIn.user.id, { ...input, dir: input.dir ?? (input.sort === 'name' ? 'asc' : 'desc') }).catch(
				badPageCursor
			)
		),

	/** Deactivate (sessions end at once) or reactivate an account. Admins cannot deactivate themselves. */
	setActive: adminProcedure.input(setActiveInput).mutation(({ ctx, input }) => setActiveHandler(ctx, input)),

	outbox: adminProcedure.query(({ ctx }) => outboxHandler(ctx)),

	/** The outbox page: keyset pages, newest first. */
	outboxPage: adminProcedure.input(outboxPageInput).query(({ ctx, input }) => outboxPageHandler(ctx, input).catch(badPageCursor)),

	/** The audit viewer: filtered, newest first, keyset pages (`beforeSeq`). */
	audit: adminProcedure.input(auditInput).query(({ ctx, input }) => auditHandler(ctx, input)),

	/** Whether every row of the trail still hashes and links as written. */
	auditChain: adminProcedure.query(({ ctx }) => verifyAuditChain(ctx.app.database.db)),

	/** The insights charts' figures, aggregated in the database (counts only). */
	insights: adminProcedure.input(insightsInput).query(({ ctx, input }) => insights(ctx.app, input.by))
});
