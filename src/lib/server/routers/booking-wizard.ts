import { TRPCError } from '@trpc/server';
import { and, asc, eq, ilike, or } from 'drizzle-orm';
import { z } from 'zod';
import { EXAMINEE_FIELDS, examineeSchema, intakeSchemaFor } from '$lib/schemas/booking';
import { appointmentType, member, organization, slotHold, specialist, specialistAppointmentType, user } from '../db/schema';
import { actorOf } from '../services/accounts/request-meta';
import { confirmBooking } from '../services/booking/confirm';
import { assertHoldAllowed } from '../services/booking/fair-holds';
import { createDraft, getDraft, saveDraft } from '../services/booking/drafts';
import { adminProcedure, router, signedInProcedure, type Context } from '../trpc';
import type { SignedIn } from '../auth/session';

/** Who is refused when a draft is not theirs (or gone): the audit record's actor. */
const deniedAs = (ctx: Context & { signedIn: SignedIn }) => actorOf(ctx.meta, ctx.signedIn.user.id, ctx.signedIn.impersonatedBy);

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
		.query(async ({ ctx, input }) => {
			const like = `%${input.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
			return ctx.app.database.db
				.select({ id: user.id, name: user.name, email: user.email, organizationName: organization.name })
				.from(member)
				.innerJoin(user, eq(user.id, member.userId))
				.innerJoin(organization, eq(organization.id, member.organizationId))
				.where(input.q ? or(ilike(user.name, like), ilike(user.email, like), ilike(organization.name, like)) : undefined)
				.orderBy(asc(organization.name), asc(user.name))
				.limit(50);
		}),

	start: signedInProcedure
		.input(
			z
				.object({ forUserId: z.string().min(1).max(64).nullish() })
				.strict()
				.default({})
		)
		.mutation(async ({ ctx, input }) => {
			const draft = await createDraft(ctx.app, ctx.signedIn, {}, input.forUserId);
			return { draftId: draft.id };
		}),

	get: signedInProcedure.input(z.object({ draftId: uuid }).strict()).query(async ({ ctx, input }) => {
		const draft = await getDraft(ctx.app, ctx.signedIn, input.draftId, deniedAs(ctx));
		if (!draft) throw new TRPCError({ code: 'NOT_FOUND', message: 'This booking draft has expired. Please start again.' });
		const [owner] = await ctx.app.database.db.select({ name: user.name }).from(user).where(eq(user.id, draft.ownerUserId));
		const [hold] = await ctx.app.database.db
			.select({ expiresAt: slotHold.expiresAt })
			.from(slotHold)
			.where(eq(slotHold.holderKey, draft.id));
		const [type] = draft.data.appointmentTypeId
			? await ctx.app.database.db.select().from(appointmentType).where(eq(appointmentType.id, draft.data.appointmentTypeId))
			: [];
		const [spec] = draft.data.specialistId
			? await ctx.app.database.db
					.select({
						id: specialist.id,
						displayName: specialist.displayName,
						specialty: specialist.specialty,
						location: specialist.location,
						timeZone: specialist.timeZone
					})
					.from(specialist)
					.where(eq(specialist.id, draft.data.specialistId))
			: [];
		return {
			id: draft.id,
			data: draft.data,
			expiresAt: draft.expiresAt,
			heldUntil: hold && hold.expiresAt > new Date() ? hold.expiresAt : null,
			ownerName: owner?.name ?? '',
			forSomeoneElse: draft.ownerUserId !== draft.userId,
			type: type
				? {
						id: type.id,
						name: type.name,
						durationMinutes: type.durationMinutes,
						priceCents: type.priceCents,
						mode: type.mode,
						intakeFields: type.intakeFields
					}
				: null,
			specialist: spec ?? null
		};
	}),

	/** Choose (and hold) a time; the type and specialist come with it. */
	choose: signedInProcedure
		.input(z.object({ draftId: uuid, appointmentTypeId: uuid, specialistId: uuid, startsAt: z.coerce.date() }).strict())
		.mutation(async ({ ctx, input }) => {
			const draft = await getDraft(ctx.app, ctx.signedIn, input.draftId, deniedAs(ctx));
			if (!draft) throw new TRPCError({ code: 'NOT_FOUND', message: 'This booking draft has expired. Please start again.' });
			const [offered] = await ctx.app.database.db
				.select()
				.from(specialistAppointmentType)
				.where(
					and(
						eq(specialistAppointmentType.specialistId, input.specialistId),
						eq(specialistAppointmentType.appointmentTypeId, input.appointmentTypeId)
					)
				)
				.limit(1);
			if (!offered) throw new TRPCError({ code: 'BAD_REQUEST', message: 'That specialist does not offer this examination.' });
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
			const draft = await getDraft(ctx.app, ctx.signedIn, input.draftId, deniedAs(ctx));
			if (!draft?.data.appointmentTypeId)
				throw new TRPCError({ code: 'NOT_FOUND', message: 'This booking draft has expired. Please start again.' });
			const [type] = await ctx.app.database.db.select().from(appointmentType).where(eq(appointmentType.id, draft.data.appointmentTypeId));
			const intake = intakeSchemaFor(type?.intakeFields ?? []).parse(input.intake) as Record<string, string | string[]>;
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
				deniedAs(ctx)
			);
			return { ok: true };
		}),

	confirm: signedInProcedure.input(z.object({ draftId: uuid }).strict()).mutation(async ({ ctx, input }) => {
		return confirmBooking(ctx.app, ctx.signedIn, actorOf(ctx.meta, ctx.signedIn.user.id, ctx.signedIn.impersonatedBy), input.draftId);
	})
});
