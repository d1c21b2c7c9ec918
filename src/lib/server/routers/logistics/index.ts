/**
 * The claimant's logistics per examination (services/cases/logistics.ts decides who sees and
 * changes what): a booking outside the caller's scope is "not found", audited; the specialist reads
 * only what the day needs.
 */
import { z } from 'zod';
import { logisticsSchema } from '$lib/schemas/case';
import { dayOfLogistics, getLogistics, saveLogistics, webJoinLink } from '../../services/cases/logistics';
import { router, signedInProcedure } from '../../trpc';

const bookingId = z.string().uuid('No such booking.');

export const logisticsGetInput = z.object({ bookingId }).strict();
export const logisticsDayOfInput = z.object({ bookingIds: z.array(bookingId).max(100) }).strict();
/** The booking and the logistics fields side by side, so each error names its field. */
export const logisticsSaveInput = logisticsSchema.extend({ bookingId }).strict().superRefine(webJoinLink);

export const logisticsRouter = router({
	/** One booking's logistics, as the caller's role may see them. */
	get: signedInProcedure.input(logisticsGetInput).query(({ ctx, input }) => getLogistics(ctx.app, ctx.actor, ctx.scope, input.bookingId)),

	/** The day's fields of several bookings (a specialist's appointments list). */
	dayOf: signedInProcedure
		.input(logisticsDayOfInput)
		.query(({ ctx, input }) => dayOfLogistics(ctx.app, ctx.actor, ctx.scope, input.bookingIds)),

	/** Admins and referrers: save the logistics (validated, sealed, audited without their values). */
	save: signedInProcedure.input(logisticsSaveInput).mutation(({ ctx, input }) => {
		const { bookingId: id, ...logistics } = input;
		return saveLogistics(ctx.app, ctx.actor, ctx.scope, id, logistics);
	})
});
