/**
 * Progress moves, reschedule, cancel and status of bookings. Every procedure is open to signed-in
 * callers and the service decides per booking (services/booking/booking-lifecycle.ts): a booking
 * outside the caller's scope answers NOT_FOUND, whatever the caller's role — so another
 * organisation's booking looks exactly like a missing one on every procedure — and a role that
 * may not make the change answers FORBIDDEN.
 */
import { cancel, moveStage, previewCancellation, reschedule, rescheduleOptions, setStatus } from '../../services/booking/booking-lifecycle';
import { markCancellationFeeInvoiced } from '../../services/booking/fee-invoicing';
import { router, signedInProcedure } from '../../trpc';
import { bookingRef, cancelInput, moveInput, rescheduleInput, rescheduleOptionsInput, setStatusInput } from './schemas';

export { bookingRef, cancelInput, moveInput, rescheduleInput, rescheduleOptionsInput, setStatusInput } from './schemas';
export { allowedActions, type AllowedActions } from './allowed-actions';

export const bookingLifecycleRouter = router({
	/** Admins: no-show, report in progress, report ready, paid. */
	move: signedInProcedure
		.input(moveInput)
		.mutation(({ ctx, input }) => moveStage(ctx.app, ctx.actor, ctx.scope, input.bookingId, input.to, input.note)),

	/** Whether cancelling now is late and what it costs: shown before the user confirms. */
	previewCancellation: signedInProcedure
		.input(bookingRef)
		.query(({ ctx, input }) => previewCancellation(ctx.app, ctx.actor, ctx.scope, input.bookingId)),

	cancel: signedInProcedure.input(cancelInput).mutation(({ ctx, input }) =>
		cancel(ctx.app, ctx.actor, ctx.scope, input.bookingId, {
			reason: input.reason,
			acceptFee: input.acceptFee,
			waiveFee: input.waiveFee
		})
	),

	/** Free times on a date for this booking's specialist and exam type. */
	rescheduleOptions: signedInProcedure
		.input(rescheduleOptionsInput)
		.query(({ ctx, input }) => rescheduleOptions(ctx.app, ctx.actor, ctx.scope, input.bookingId, input.date)),

	reschedule: signedInProcedure.input(rescheduleInput).mutation(({ ctx, input }) =>
		reschedule(ctx.app, ctx.actor, ctx.scope, input.bookingId, input.startsAt, input.holderKey, {
			note: input.note
		})
	),

	/** Admins: the late-cancellation fee has been invoiced (it leaves the dashboard's queue). */
	markFeeInvoiced: signedInProcedure
		.input(bookingRef)
		.mutation(({ ctx, input }) => markCancellationFeeInvoiced(ctx.app, ctx.actor, ctx.scope, input.bookingId)),

	/** Admins: active, closed or archived. */
	setStatus: signedInProcedure
		.input(setStatusInput)
		.mutation(({ ctx, input }) => setStatus(ctx.app, ctx.actor, ctx.scope, input.bookingId, input.status, input.note))
});
