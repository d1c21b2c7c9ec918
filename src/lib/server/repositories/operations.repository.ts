/** The operations dashboard's booking figures, read live across every organisation. */
import { and, asc, eq, gte, lt, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { appointmentType, booking, bookingLogistics, specialist } from '../db/schema';

/** Active bookings counted by stage (stages without any are absent). */
export async function activeBookingsByStage(exec: Executor): Promise<{ stage: string; n: number }[]> {
	return exec
		.select({ stage: booking.stage, n: sql<number>`count(*)::int` })
		.from(booking)
		.where(eq(booking.status, 'active'))
		.groupBy(booking.stage);
}

/** How many examinations still held (any stage but cancelled, any status) start in [from, to). */
export async function countExaminationsBetween(exec: Executor, from: Date, to: Date): Promise<number | null> {
	const [row] = await exec
		.select({ n: sql<number>`count(*)::int` })
		.from(booking)
		.where(and(gte(booking.startsAt, from), lt(booking.startsAt, to), notInArray(booking.stage, ['cancelled'])));
	return row?.n ?? null;
}

/**
 * The examinations held in [from, to), soonest first, for the dashboard's "today and tomorrow":
 * the sealed examinee (initials and the interpreter before logistics are saved) and the plain
 * interpreter flag of saved logistics (null when none are saved). booking_starts_idx serves the
 * range in order.
 */
export async function examinationsBetween(exec: Executor, from: Date, to: Date, limit: number) {
	return exec
		.select({
			id: booking.id,
			reference: booking.reference,
			startsAt: booking.startsAt,
			clinicTimeZone: booking.clinicTimeZone,
			stage: booking.stage,
			specialistName: specialist.displayName,
			mode: appointmentType.mode,
			examineeEncrypted: booking.examineeEncrypted,
			interpreterNeeded: bookingLogistics.interpreterNeeded
		})
		.from(booking)
		.innerJoin(specialist, eq(specialist.id, booking.specialistId))
		.innerJoin(appointmentType, eq(appointmentType.id, booking.appointmentTypeId))
		.leftJoin(bookingLogistics, eq(bookingLogistics.bookingId, booking.id))
		.where(and(gte(booking.startsAt, from), lt(booking.startsAt, to), notInArray(booking.stage, ['cancelled'])))
		.orderBy(asc(booking.startsAt), asc(booking.id))
		.limit(limit);
}

/** Late cancellations whose fee is still to invoice: the predicate of the partial index booking_fee_to_invoice_idx. */
const feeToInvoice = () =>
	// Written as the index's predicate is, so the planner sees it implied.
	sql`${booking.lateCancellation} AND ${booking.cancellationFeeCents} > 0 AND ${booking.cancellationInvoicedAt} IS NULL`;

/** The oldest late-cancellation fees still to invoice (by the examination's time), and how many there are. */
export async function feesToInvoice(exec: Executor, limit: number) {
	return exec
		.select({
			id: booking.id,
			reference: booking.reference,
			startsAt: booking.startsAt,
			clinicTimeZone: booking.clinicTimeZone,
			feeCents: booking.cancellationFeeCents
		})
		.from(booking)
		.where(feeToInvoice())
		.orderBy(asc(booking.startsAt), asc(booking.id))
		.limit(limit);
}

export async function countFeesToInvoice(exec: Executor): Promise<number> {
	const [row] = await exec
		.select({ n: sql<number>`count(*)::int` })
		.from(booking)
		.where(feeToInvoice());
	return row?.n ?? 0;
}

/**
 * Marks a late-cancellation fee invoiced, once: answers the booking id, or null when there was no
 * fee left to invoice (none, already invoiced, or no such booking).
 */
export async function markFeeInvoiced(exec: Executor, bookingId: string, by: string, at: Date): Promise<string | null> {
	const [row] = await exec
		.update(booking)
		.set({ cancellationInvoicedAt: at, cancellationInvoicedBy: by, updatedAt: at })
		.where(and(eq(booking.id, bookingId), feeToInvoice()))
		.returning({ id: booking.id });
	return row?.id ?? null;
}
