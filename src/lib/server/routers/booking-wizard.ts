import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { EXAMINEE_FIELDS, examineeSchema, intakeSchemaFor } from '$lib/schemas/booking';
import { confirmBooking } from '../services/booking/confirm';
import { assertHoldAllowed } from '../services/booking/fair-holds';
import { createDraft, getDraft, saveDraft } from '../services/booking/drafts';
import { bookableReferrers, draftSummary, intakeFieldsOf, offersType } from '../services/booking/wizard';
import { adminProcedure, router, signedInProcedure } from '../trpc';

const uuid = z.string().uuid();

export const bookingWizardRouter = router({
	/** Admins: the referrers they can book for (search by name, email or organisation). */
	referrers: adminProcedure
		.input(
			z
				.object({ q: z.string().trim().max(80).default('') })
				.strict()
				.default({ q: '' })
		)
		.query(({ ctx, input }) => bookableReferrers(ctx.app, input.q)),

	start: signedInProcedure
		.input(
			z
				.object({ forUserId: z.uuid('Choose the referrer the booking is for.').nullish() })
				.strict()
				.default({})
		)
		.mutation(async ({ ctx, input }) => {
			const draft = await createDraft(ctx.app, ctx.signedIn, {}, input.forUserId);
			return { draftId: draft.id };
		}),

	get: signedInProcedure.input(z.object({ draftId: uuid }).strict()).query(async ({ ctx, input }) => {
		const draft = await getDraft(ctx.app, ctx.signedIn, input.draftId, ctx.actor);
		if (!draft) throw new TRPCError({ code: 'NOT_FOUND', message: 'This booking draft has expired. Please start again.' });
		return draftSummary(ctx.app, draft);
	}),

	/** Choose (and hold) a time; the type and specialist come with it. */
	choose: signedInProcedure
		.input(z.object({ draftId: uuid, appointmentTypeId: uuid, specialistId: uuid, startsAt: z.coerce.date() }).strict())
		.mutation(async ({ ctx, input }) => {
			const draft = await getDraft(ctx.app, ctx.signedIn, input.draftId, ctx.actor);
			if (!draft) throw new TRPCError({ code: 'NOT_FOUND', message: 'This booking draft has expired. Please start again.' });
			if (!(await offersType(ctx.app, input.specialistId, input.appointmentTypeId)))
				throw new TRPCError({ code: 'BAD_REQUEST', message: 'That specialist does not offer this examination.' });
			const { value: free } = await ctx.app.scheduling.availableTimes(
				input.specialistId,
				input.appointmentTypeId,
				new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC' }).format(input.startsAt),
				'UTC',
				draft.id
			);
			if (!free.some((s) => new Date(s.startsAt).getTime() === input.startsAt.getTime()))
				throw new TRPCError({ code: 'CONFLICT', message: 'That time has just been taken. Please choose another.' });
			await assertHoldAllowed(ctx.app, draft, ctx.signedIn.user.role === 'admin');
			const hold = await ctx.app.scheduling.hold({
				holderKey: draft.id,
				specialistId: input.specialistId,
				appointmentTypeId: input.appointmentTypeId,
				startsAt: input.startsAt
			});
			await saveDraft(ctx.app, ctx.signedIn, draft.id, {
				appointmentTypeId: input.appointmentTypeId,
				specialistId: input.specialistId,
				startsAt: input.startsAt.toISOString()
			});
			return { heldUntil: hold.expiresAt };
		}),

	/** The examinee and intake answers, validated with the same schemas as the form. */
	details: signedInProcedure
		.input(
			z
				.object({
					draftId: uuid,
					examinee: examineeSchema,
					intake: z.record(z.string().max(80), z.union([z.string().max(2000), z.array(z.string().max(200)).max(20)]))
				})
				.strict()
		)
		.mutation(async ({ ctx, input }) => {
			const draft = await getDraft(ctx.app, ctx.signedIn, input.draftId, ctx.actor);
			if (!draft?.data.appointmentTypeId)
				throw new TRPCError({ code: 'NOT_FOUND', message: 'This booking draft has expired. Please start again.' });
			const intake = intakeSchemaFor(await intakeFieldsOf(ctx.app, draft.data.appointmentTypeId)).parse(input.intake) as Record<
				string,
				string | string[]
			>;
			await saveDraft(ctx.app, ctx.signedIn, draft.id, { examinee: input.examinee, intake });
			return { ok: true };
		}),

	/** What was typed, kept as typed (even if not yet valid) so a reload loses nothing. */
	keep: signedInProcedure
		.input(
			z
				.object({
					draftId: uuid,
					// Only the examinee form's own fields, and at most as many answers as a form could hold.
					examinee: z.partialRecord(z.enum(EXAMINEE_FIELDS, 'Unknown examinee field.'), z.string().max(2000)),
					intake: z
						.record(
							z.string().regex(/^q_[A-Za-z0-9_-]{1,60}$/, 'Unknown intake question.'),
							z.union([z.string().max(2000), z.array(z.string().max(200)).max(20)])
						)
						.refine((r) => Object.keys(r).length <= 100, 'Too many intake answers.')
				})
				.strict()
		)
		.mutation(async ({ ctx, input }) => {
			// Kept as typed, valid or not (a reload must lose nothing); checked at Review and Confirm.
			await saveDraft(
				ctx.app,
				ctx.signedIn,
				input.draftId,
				{ examinee: input.examinee as Record<string, string>, intake: input.intake },
				ctx.actor
			);
			return { ok: true };
		}),

	confirm: signedInProcedure.input(z.object({ draftId: uuid }).strict()).mutation(async ({ ctx, input }) => {
		return confirmBooking(ctx.app, ctx.signedIn, ctx.actor, input.draftId);
	})
});
