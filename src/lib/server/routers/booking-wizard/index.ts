import { confirmBooking } from '../../services/booking/confirm';
import { createDraft } from '../../services/booking/drafts';
import { bookableReferrers } from '../../services/booking/wizard';
import { adminProcedure, router, signedInProcedure } from '../../trpc';
import { chooseHandler } from './choose.handler';
import { detailsHandler } from './details.handler';
import { getHandler } from './get.handler';
import { keepHandler } from './keep.handler';
import { releaseHandler } from './release.handler';
import { bookableCaseHandler, caseChoiceHandler, caseChoiceInput, caseRef, fromCaseHandler } from './case.handler';
import { chooseInput, confirmInput, detailsInput, draftRef, keepInput, referrersInput, startInput } from './schemas';

export const bookingWizardRouter = router({
	/** Admins: the referrers they can book for (search by name, email or organisation). */
	referrers: adminProcedure.input(referrersInput).query(({ ctx, input }) => bookableReferrers(ctx.app, input.q)),

	start: signedInProcedure.input(startInput).mutation(async ({ ctx, input }) => {
		const draft = await createDraft(ctx.app, ctx.signedIn, {}, input.forUserId);
		return { draftId: draft.id };
	}),

	get: signedInProcedure.input(draftRef).query(({ ctx, input }) => getHandler(ctx, input)),

	/** A case the caller may book from (its reference), for the first step's heading. */
	bookableCase: signedInProcedure.input(caseRef).query(({ ctx, input }) => bookableCaseHandler(ctx, input)),

	/** Start a draft for an examination of a case: the examinee comes from its claimant. */
	fromCase: signedInProcedure.input(caseRef).mutation(({ ctx, input }) => fromCaseHandler(ctx, input)),

	/** Open a case for the claimant at confirm (or join the matching one). */
	caseChoice: signedInProcedure.input(caseChoiceInput).mutation(({ ctx, input }) => caseChoiceHandler(ctx, input)),

	/** Choose (and hold) a time; the type and specialist come with it. */
	choose: signedInProcedure.input(chooseInput).mutation(({ ctx, input }) => chooseHandler(ctx, input)),

	/** Let the held time go at once (changing specialist, examination or time); the typing stays. */
	release: signedInProcedure.input(draftRef).mutation(({ ctx, input }) => releaseHandler(ctx, input)),

	/** The examinee and intake answers, validated with the same schemas as the form. */
	details: signedInProcedure.input(detailsInput).mutation(({ ctx, input }) => detailsHandler(ctx, input)),

	/** What was typed, kept as typed (even if not yet valid) so a reload loses nothing. */
	keep: signedInProcedure.input(keepInput).mutation(({ ctx, input }) => keepHandler(ctx, input)),

	confirm: signedInProcedure
		.input(confirmInput)
		.mutation(({ ctx, input }) => confirmBooking(ctx.app, ctx.signedIn, ctx.actor, input.draftId, { acceptLateFee: input.acceptLateFee }))
});
