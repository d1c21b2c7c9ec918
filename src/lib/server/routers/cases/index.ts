/**
 * Cases: the claimant's matter. Every procedure is open to signed-in callers and the service
 * decides (services/cases/cases.ts): a case outside the caller's scope answers NOT_FOUND exactly
 * like a missing one, audited; a role that may not change cases answers FORBIDDEN.
 */
import { TRPCError } from '@trpc/server';
import { caseListInput } from '$lib/schemas/case-filters';
import { recordAudit } from '../../services/audit/audit';
import {
	caseView,
	createCase,
	InvalidCaseCursorError,
	listCases,
	referrerChoices,
	setCaseStatus,
	updateCase
} from '../../services/cases/cases';
import { router, signedInProcedure } from '../../trpc';
import { caseGetInput, caseInput, caseStatusInput, caseUpdateInput } from './schemas';

export { caseGetInput, caseInput, caseStatusInput, caseUpdateInput } from './schemas';

export const casesRouter = router({
	/** One page of the caller's cases, most recently changed first (`cursor` from the previous page). */
	list: signedInProcedure.input(caseListInput).query(async ({ ctx, input }) => {
		const { cursor, limit, ...filters } = input;
		const page = await listCases(ctx.app, ctx.actor, ctx.scope, filters, cursor, limit).catch((err: unknown) => {
			if (err instanceof InvalidCaseCursorError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
			throw err;
		});
		// The page shows claimant names: one list read on record (counts and codes only).
		if (page.rows.length)
			await recordAudit(ctx.app.database.db, ctx.actor, {
				action: 'case.read',
				outcome: 'granted',
				resourceType: 'case_list',
				details: { count: page.rows.length, claimantSearch: Boolean(filters.claimant), status: filters.status, overdue: filters.overdue }
			});
		return page;
	}),

	/** One case in full: claimant, details, examinations with their checklists, documents, timeline. Audited. */
	get: signedInProcedure.input(caseGetInput).query(({ ctx, input }) => caseView(ctx.app, ctx.actor, ctx.scope, input.id)),

	/** Referrers a case may be made the responsibility of (this organisation's, within the caller's scope). */
	referrers: signedInProcedure.query(({ ctx }) => referrerChoices(ctx.app, ctx.actor, ctx.scope)),

	create: signedInProcedure.input(caseInput).mutation(({ ctx, input }) => createCase(ctx.app, ctx.actor, ctx.scope, input)),

	update: signedInProcedure.input(caseUpdateInput).mutation(({ ctx, input }) => updateCase(ctx.app, ctx.actor, ctx.scope, input.id, input)),

	setStatus: signedInProcedure
		.input(caseStatusInput)
		.mutation(({ ctx, input }) => setCaseStatus(ctx.app, ctx.actor, ctx.scope, input.id, input.status, input.note))
});
