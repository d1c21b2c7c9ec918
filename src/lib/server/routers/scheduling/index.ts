import { datesQuery, directoryQuery, timesQuery } from '$lib/schemas/scheduling';
import { adoptionForm, adoptUpstream, matchUpstream } from '../../services/booking/adopt-upstream';
import { openConflicts, resolveConflictAudited } from '../../services/booking/sync-conflicts';
import { referrerCatalogue, specialistDirectory } from '../../services/scheduling/catalogue';
import { liveHoldsForAdmin } from '../../services/booking/fair-holds';
import { heldTimeOf } from '../../services/booking/wizard';
import type { SignedInContext } from '../_context';
import { adminProcedure, router, signedInProcedure } from '../../trpc';
import { reconcileHandler } from './admin.reconcile.handler';
import { releaseHoldHandler } from './admin.releaseHold.handler';
import { syncCatalogueHandler } from './admin.syncCatalogue.handler';
import { adoptInput, appointmentRef, conflictRef, matchInput, reconcileInput, releaseHoldInput } from './schemas';

/** The hold key of the caller's own live draft (the time it holds is theirs to see); else none. */
async function ownHolder(ctx: SignedInContext, draftId: string | undefined) {
	return draftId ? (await heldTimeOf(ctx.app, ctx.signedIn, draftId))?.draftId : undefined;
}

export const schedulingRouter = router({
	/** Exam types and the specialists who offer them: what the booking wizard starts from. */
	catalogue: signedInProcedure.query(({ ctx }) => referrerCatalogue(ctx.app)),

	/** Specialists offering an exam type, each with the next free time (one cached read per card). */
	directory: signedInProcedure.input(directoryQuery).query(({ ctx, input }) => specialistDirectory(ctx.app, input)),

	dates: signedInProcedure.input(datesQuery).query(async ({ ctx, input }) => {
		const r = await ctx.app.scheduling.availableDates(
			input.specialistId,
			input.appointmentTypeId,
			input.month,
			input.timeZone,
			await ownHolder(ctx, input.draftId)
		);
		return { dates: r.value, stale: r.stale };
	}),

	times: signedInProcedure.input(timesQuery).query(async ({ ctx, input }) => {
		const r = await ctx.app.scheduling.availableTimes(
			input.specialistId,
			input.appointmentTypeId,
			input.date,
			input.timeZone,
			await ownHolder(ctx, input.draftId),
			ctx.timesPrefetch
		);
		return { slots: r.value, stale: r.stale };
	}),

	admin: router({
		status: adminProcedure.query(async ({ ctx }) => ({
			provider: ctx.app.scheduling.provider.kind,
			unattached: await ctx.app.scheduling.unattached()
		})),

		syncCatalogue: adminProcedure.mutation(({ ctx }) => syncCatalogueHandler(ctx)),

		reconcile: adminProcedure.input(reconcileInput).mutation(({ ctx, input }) => reconcileHandler(ctx, input)),

		/** An appointment made in Acuity, with what the booking form starts from. */
		adoption: adminProcedure.input(appointmentRef).query(({ ctx, input }) => adoptionForm(ctx.app, input.appointmentId)),

		adopt: adminProcedure.input(adoptInput).mutation(({ ctx, input }) => adoptUpstream(ctx.app, ctx.actor, input)),

		match: adminProcedure.input(matchInput).mutation(({ ctx, input }) => matchUpstream(ctx.app, ctx.actor, input)),

		conflicts: adminProcedure.query(({ ctx }) => openConflicts(ctx.app.database.db)),

		holds: adminProcedure.query(({ ctx }) => liveHoldsForAdmin(ctx.app)),

		releaseHold: adminProcedure.input(releaseHoldInput).mutation(({ ctx, input }) => releaseHoldHandler(ctx, input)),

		resolveConflict: adminProcedure.input(conflictRef).mutation(async ({ ctx, input }) => {
			await resolveConflictAudited(ctx.app, ctx.actor, input.id, ctx.signedIn.user.id);
			return { id: input.id };
		})
	})
});
