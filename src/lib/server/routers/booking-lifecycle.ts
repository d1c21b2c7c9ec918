/**
 * Progress moves, reschedule, cancel and status of bookings. Every procedure is open to signed-in
 * callers and the service decides per booking (services/booking/booking-lifecycle.ts): a booking
 * outside the caller's scope answers NOT_FOUND, whatever the caller's role — so another
 * organisation's booking looks exactly like a missing one on every procedure — and a role that
 * may not make the change answers FORBIDDEN.
 */
import { z } from 'zod';
import type { SignedIn } from '../auth/session';
import type { BookingStage, BookingStatus } from '../db/schema';
import {
	cancel,
	lifecyclePermissions,
	moveStage,
	previewCancellation,
	PROGRESS_STAGES,
	reschedule,
	rescheduleOptions,
	setStatus
} from '../services/booking/booking-lifecycle';
import { BOOKING_STATUSES, canMove, FINAL_STAGES } from '../services/booking/lifecycle';
import { router, signedInProcedure } from '../trpc';

const bookingId = z.string().uuid('No such booking.');
const note = z.string().trim().max(2000, 'Keep the note under 2,000 characters.').optional();
/** An instant: a Date (superjson) or an ISO string with its offset. */
const instant = z.union([z.date(), z.iso.datetime({ offset: true, message: 'Choose a time.' }).transform((v) => new Date(v))]);

export const moveInput = z.object({ bookingId, to: z.enum(PROGRESS_STAGES, 'Choose the next step.'), note }).strict();
export const bookingRef = z.object({ bookingId }).strict();
export const cancelInput = z
	.object({
		bookingId,
		reason: z.string().trim().max(1000, 'Keep the reason under 1,000 characters.').optional(),
		acceptFee: z.boolean().default(false),
		waiveFee: z.boolean().optional()
	})
	.strict();
export const rescheduleInput = z
	.object({
		bookingId,
		startsAt: instant,
		holderKey: z
			.string()
			.regex(/^[A-Za-z0-9_-]{8,80}$/)
			.optional(),
		note
	})
	.strict();
export const rescheduleOptionsInput = z
	.object({ bookingId, date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Choose a date.') })
	.strict();
export const setStatusInput = z.object({ bookingId, status: z.enum(BOOKING_STATUSES, 'Choose a status.'), note }).strict();

export interface AllowedActions {
	/** Progress stages the caller can move this booking to now. */
	move: BookingStage[];
	cancel: boolean;
	reschedule: boolean;
	/** Statuses the caller can set now. */
	status: BookingStatus[];
}

/** What the detail page offers this caller for this booking (the service checks again on submit). */
export function allowedActions(signedIn: Pick<SignedIn, 'caller'>, b: { stage: string; status: string }): AllowedActions {
	const p = lifecyclePermissions(signedIn.caller);
	const stage = b.stage as BookingStage;
	const status = b.status as BookingStatus;
	const open = status !== 'archived';
	return {
		move: open ? PROGRESS_STAGES.filter((to) => p.stages.includes(to) && canMove(stage, to)) : [],
		cancel: open && p.cancel && canMove(stage, 'cancelled'),
		reschedule: open && p.reschedule && canMove(stage, 'rescheduled'),
		status: p.setStatus ? BOOKING_STATUSES.filter((to) => to !== status && !(to === 'active' && FINAL_STAGES.includes(stage))) : []
	};
}

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

	/** Admins: active, closed or archived. */
	setStatus: signedInProcedure
		.input(setStatusInput)
		.mutation(({ ctx, input }) => setStatus(ctx.app, ctx.actor, ctx.scope, input.bookingId, input.status, input.note))
});
