import { z } from 'zod';
import { datesQuery, directoryQuery, timesQuery } from '$lib/schemas/scheduling';
import { adoptionForm, adoptUpstream, matchUpstream } from '../services/booking/adopt-upstream';
import { openConflicts, resolveConflictAudited } from '../services/booking/sync-conflicts';
import { referrerCatalogue, specialistDirectory } from '../services/scheduling/catalogue';
import { liveHoldsForAdmin } from '../services/booking/fair-holds';
import { recordAudit } from '../services/audit/audit';
import { adminProcedure, router, signedInProcedure } from '../trpc';

export const schedulingRouter = router({
	/** Exam types and the specialists who offer them: what the booking wizard starts from. */
	catalogue: signedInProcedure.query(({ ctx }) => referrerCatalogue(ctx.app)),

	/** Specialists offering an exam type, each with the next free time (one cached read per card). */
	directory: signedInProcedure.input(directoryQuery).query(({ ctx, input }) => specialistDirectory(ctx.app, input)),

	dates: signedInProcedure.input(datesQuery).query(async ({ ctx, input }) => {
		const r = await ctx.app.scheduling.availableDates(input.specialistId, input.appointmentTypeId, input.month, input.timeZone);
		return { dates: r.value, stale: r.stale };
	}),

	times: signedInProcedure.input(timesQuery).query(async ({ ctx, input }) => {
		const r = await ctx.app.scheduling.availableTimes(input.specialistId, input.appointmentTypeId, input.date, input.timeZone);
		return { slots: r.value, stale: r.stale };
	}),

	admin: router({
		status: adminProcedure.query(async ({ ctx }) => ({
			provider: ctx.app.scheduling.provider.kind,
			unattached: await ctx.app.scheduling.unattached()
		})),

		syncCatalogue: adminProcedure.mutation(async ({ ctx }) => {
			const report = await ctx.app.scheduling.syncCatalogue();
			await recordAudit(ctx.app.database.db, ctx.actor, {
				action: 'scheduling.catalogue_sync',
				outcome: 'granted',
				resourceType: 'catalogue',
				details: report
			});
			return report;
		}),

		reconcile: adminProcedure
			.input(
				z
					.object({ days: z.number().int().min(1).max(365).default(30) })
					.strict()
					.default({ days: 30 })
			)
			.mutation(async ({ ctx, input }) => {
				const now = Date.now();
				const report = await ctx.app.scheduling.reconcile({
					from: new Date(now - 7 * 86_400_000),
					to: new Date(now + input.days * 86_400_000)
				});
				await recordAudit(ctx.app.database.db, ctx.actor, {
					action: 'scheduling.reconcile',
					outcome: 'granted',
					resourceType: 'appointments',
					details: { ...report }
				});
				return report;
			}),

		/** An appointment made in Acuity, with what the booking form starts from. */
		adoption: adminProcedure
			.input(z.object({ appointmentId: z.string().uuid() }).strict())
			.query(({ ctx, input }) => adoptionForm(ctx.app, input.appointmentId)),

		adopt: adminProcedure
			.input(
				z
					.object({
						appointmentId: z.string().uuid(),
						memberId: z.string().uuid('Choose the referrer the booking is for.'),
						examinee: z.record(z.string(), z.string().max(2000)),
						intake: z.record(z.string().max(80), z.union([z.string().max(2000), z.array(z.string().max(300)).max(50)]))
					})
					.strict()
			)
			.mutation(({ ctx, input }) => adoptUpstream(ctx.app, ctx.actor, input)),

		match: adminProcedure
			.input(
				z
					.object({
						appointmentId: z.string().uuid(),
						reference: z.string().trim().min(1, 'Enter the booking reference, e.g. IME-7K3Q9P.').max(20)
					})
					.strict()
			)
			.mutation(({ ctx, input }) => matchUpstream(ctx.app, ctx.actor, input)),

		conflicts: adminProcedure.query(({ ctx }) => openConflicts(ctx.app.database.db)),

		holds: adminProcedure.query(({ ctx }) => liveHoldsForAdmin(ctx.app)),

		releaseHold: adminProcedure
			.input(z.object({ holderKey: z.string().uuid('No such hold.') }).strict())
			.mutation(async ({ ctx, input }) => {
				await ctx.app.scheduling.release(input.holderKey);
				await recordAudit(ctx.app.database.db, ctx.actor, {
					action: 'scheduling.hold_release',
					outcome: 'granted',
					resourceType: 'slot_hold',
					resourceId: input.holderKey
				});
				return { released: input.holderKey };
			}),

		resolveConflict: adminProcedure.input(z.object({ id: z.string().uuid() }).strict()).mutation(async ({ ctx, input }) => {
			await resolveConflictAudited(ctx.app, ctx.actor, input.id, ctx.signedIn.user.id);
			return { id: input.id };
		})
	})
});
