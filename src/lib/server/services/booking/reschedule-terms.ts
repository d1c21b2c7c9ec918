/**
 * What moving a booking to another time means for the referrer, shown before they confirm the move:
 * whether the new time is already inside the free-cancellation period (from the moment it is moved,
 * cancelling costs the late fee), until when cancelling stays free otherwise, and what the move
 * itself costs. The rules are the cancellation policy's (cancellation-policy.ts), read with the
 * same specialist state and clinic zone the lifecycle service uses when cancelling.
 *
 * Moving costs nothing, even when the booking is already inside its own late-cancellation period:
 * booking-lifecycle.ts `reschedule` charges no fee. MOVE_FEE_CENTS says so; change both together.
 */
import type { App } from '../../app';
import { findTypeWithSpecialist } from '../../repositories/catalogue.repository';
import { bookingTerms, cancellationTerms } from './cancellation-policy';

/** What a move costs: nothing (booking-lifecycle.ts `reschedule` records no fee). */
export const MOVE_FEE_CENTS = 0;

export interface MovingBooking {
	specialistId: string;
	appointmentTypeId: string;
	clinicTimeZone: string;
	startsAt: Date;
}

export interface MoveTerms {
	/** The new time is less than the notice period away: once moved, cancelling it costs the late fee. */
	bornLate: boolean;
	/** Until when cancelling at the new time stays free. */
	freeCancellationUntil: Date;
	lateFeeCents: number;
	noticeBusinessDays: number;
	/** The booking, at its current time, is already inside its late-cancellation period. */
	currentlyLate: boolean;
	moveFeeCents: number;
}

/** The cancellation rules of one booking's specialist and exam type, to read against candidate times. */
export async function moveRules(app: App, b: MovingBooking, now = new Date()) {
	const row = await findTypeWithSpecialist(app.database.db, b.appointmentTypeId, b.specialistId);
	if (!row) throw new Error('booking without its type or specialist');
	const base = { clinicTimeZone: b.clinicTimeZone, state: row.specialist.state, priceCents: row.type.priceCents, now };
	const currentlyLate = cancellationTerms({ ...base, startsAt: b.startsAt }).late;
	const termsAt = (startsAt: Date): MoveTerms => {
		const t = bookingTerms({ ...base, startsAt });
		return {
			bornLate: t.bornLate,
			freeCancellationUntil: t.freeCancellationUntil,
			lateFeeCents: t.lateFeeCents,
			noticeBusinessDays: t.noticeBusinessDays,
			currentlyLate,
			moveFeeCents: MOVE_FEE_CENTS
		};
	};
	return {
		lateFeeCents: termsAt(b.startsAt).lateFeeCents,
		termsAt,
		/** The times among `startsAt` (ISO) already inside the free-cancellation period. */
		lateAmong: (startsAt: string[]) => startsAt.filter((s) => termsAt(new Date(s)).bornLate)
	};
}
