/**
 * Changing a booking after it is made: progress moves, reschedule, cancel, and the status. Who may
 * do which, and how each change is attributed and recorded: lifecycle-change.ts. The cancellation
 * fee rule: cancellation-policy.ts. A booking outside the caller's scope answers NOT_FOUND exactly
 * like a missing one.
 *
 * Reschedule and cancel ask the scheduling provider first (the source of truth for the time); the
 * appointment, booking, history row, audit record and notices then commit in one transaction. If
 * that transaction fails after a reschedule, the provider is asked to move the time back. A
 * retried call recognises provider work already done (the time already moved, the appointment
 * already cancelled) and only finishes the local half.
 */
import type { App } from '../../app';
import type { SignedInActor } from '../../auth/actor';
import { can } from '../../auth/access';
import type { Scope } from '../../auth/scope';
import type { BookingStage, BookingStatus } from '../../db/schema';
import { AppError } from '../../errors';
import {
	markCancelled,
	markNoShow,
	moveAppointment,
	setPendingChange,
	type AppointmentRow
} from '../../repositories/appointments.repository';
import { updateBookingReturning } from '../../repositories/booking.repository';
import { busyIntervalOf } from '../scheduling/builtin/availability';
import { DEADLOCK, EXCLUSION_VIOLATION, pgCode, retryingOn } from '../../db/errors';
import { SchedulingError, slotUnavailable } from '../scheduling/errors';
import { liveHolds } from '../scheduling/holds';
import { PENDING_CHANGE_SECONDS } from '../scheduling/scheduling';
import { recordConflict, when } from './sync-conflicts';
import { cancellationTerms, formatAud, type CancellationTerms } from './cancellation-policy';
import { enqueueChangeNotices } from './lifecycle-notices';
import { placeAt } from '../scheduling/locations';
import { assertMove, assertStatusChange, statusAfter } from './lifecycle';
import { detailsOf, loadForChange, lockBooking, recordChange, resultOf, type BookingRow, type LifecycleResult } from './lifecycle-change';

export { PROGRESS_STAGES, type LifecycleResult } from './lifecycle-change';

/**
 * A progress move without a change of time: no-show, report in progress, report ready, paid.
 * `cancelled` is handed to `cancel` (its fee rule applies); `rescheduled` needs a new time.
 */
export async function moveStage(
	app: App,
	who: SignedInActor,
	scope: Scope,
	bookingId: string,
	to: BookingStage,
	note?: string
): Promise<LifecycleResult> {
	if (to === 'cancelled') return (await cancel(app, who, scope, bookingId, { reason: note, acceptFee: false })).booking;
	const b = await loadForChange(app, who, scope, bookingId, to === 'rescheduled' ? 'booking.reschedule' : 'booking.move', 'move');
	assertMove(b.stage, to, b.status);
	if (to === 'rescheduled') throw new AppError('BAD_REQUEST', 'Choose the new time to reschedule to.', 'startsAt');
	const updated = await app.database.db.transaction(async (tx) => {
		const locked = await lockBooking(tx, scope, b.id);
		assertMove(locked.stage, to, locked.status);
		const status = statusAfter(to, locked.status);
		const row = await updateBookingReturning(tx, b.id, { stage: to, status, updatedAt: new Date() });
		if (to === 'no_show' && locked.appointmentId) await markNoShow(tx, locked.appointmentId);
		await recordChange(tx, app, who, locked, {
			action: 'stage_change',
			audit: 'booking.stage_change',
			forOwner: false,
			toStage: to,
			toStatus: status,
			note
		});
		return row;
	});
	return resultOf(updated);
}

/** Active, closed or archived (admins). */
export async function setStatus(
	app: App,
	who: SignedInActor,
	scope: Scope,
	bookingId: string,
	to: BookingStatus,
	note?: string
): Promise<LifecycleResult> {
	const b = await loadForChange(app, who, scope, bookingId, 'booking.set_status', 'set_status');
	assertStatusChange(b.stage, b.status, to);
	const updated = await app.database.db.transaction(async (tx) => {
		const locked = await lockBooking(tx, scope, b.id);
		assertStatusChange(locked.stage, locked.status, to);
		const row = await updateBookingReturning(tx, b.id, { status: to, updatedAt: new Date() });
		await recordChange(tx, app, who, locked, {
			action: 'status_change',
			audit: 'booking.status_change',
			forOwner: false,
			toStage: locked.stage,
			toStatus: to,
			note
		});
		return row;
	});
	return resultOf(updated);
}

const TAKEN = 'That time is not free any more. Please choose another time.';
/** The local half of a move, run again once if PostgreSQL chose it as a deadlock's victim (another write of an overlapping time). */
const movingLocally = retryingOn([DEADLOCK], 1);

function providerIdOf(app: App, appt: AppointmentRow | null): string {
	if (!appt || appt.status !== 'confirmed' || !appt.providerAppointmentId || appt.provider !== app.scheduling.provider.kind)
		throw new AppError('CONFLICT', 'This booking’s appointment cannot be moved here. Please contact us to arrange a new time.');
	return appt.providerAppointmentId;
}

/**
 * Move the appointment to `newStartsAt` (same specialist and exam type). `holderKey`: the caller's
 * own hold on the new time, released just before the provider is asked (it would count against it).
 */
export async function reschedule(
	app: App,
	who: SignedInActor,
	scope: Scope,
	bookingId: string,
	newStartsAt: Date,
	holderKey?: string,
	options: { note?: string } = {}
): Promise<LifecycleResult> {
	const b = await loadForChange(app, who, scope, bookingId, 'booking.reschedule', 'reschedule');
	assertMove(b.stage, 'rescheduled', b.status);
	if (b.startsAt.getTime() === newStartsAt.getTime())
		throw new AppError('BAD_REQUEST', 'Choose a time different from the current one.', 'startsAt');
	const d = await detailsOf(app.database.db, b);
	const providerId = providerIdOf(app, d.appointment);
	const oldStartsAt = d.appointment!.startsAt;
	const busy = busyIntervalOf(newStartsAt, d.type.durationMinutes, d.type.paddingBeforeMinutes, d.type.paddingAfterMinutes);

	// Retried after the provider already moved it: only the local half is left to do.
	const askProvider = oldStartsAt.getTime() !== newStartsAt.getTime();
	if (askProvider) {
		// The provider does not know our holds (Acuity): someone else's hold on that time wins.
		const holds = await liveHolds(app.database.db, b.specialistId, busy.start, busy.end);
		if (holds.some((h) => h.holderKey !== holderKey)) throw slotUnavailable(TAKEN);
		if (holderKey) await app.scheduling.release(holderKey);
		await markPending(app, d.appointment!.id, `reschedule:${newStartsAt.toISOString()}`);
		try {
			await app.scheduling.provider.reschedule(providerId, { startsAt: newStartsAt });
		} catch (err) {
			await markPending(app, d.appointment!.id, null);
			if (err instanceof SchedulingError && err.kind === 'slot_unavailable') throw slotUnavailable(TAKEN);
			throw err;
		}
	}
	const endsAt = new Date(newStartsAt.getTime() + d.type.durationMinutes * 60_000);
	// Another day may be at another of the specialist's locations.
	const place = await placeAt(app, app.database.db, { specialistId: b.specialistId, mode: d.type.mode, startsAt: newStartsAt });
	try {
		const updated = await movingLocally.execute(() =>
			app.database.db.transaction(async (tx) => {
				const locked = await lockBooking(tx, scope, b.id);
				assertMove(locked.stage, 'rescheduled', locked.status);
				// Moved in Acuity while we were moving it: ours reached Acuity last, so ours stands — shown to admins.
				if (locked.startsAt.getTime() !== b.startsAt.getTime())
					await recordConflict(tx, {
						kind: 'both_moved',
						appointmentId: d.appointment!.id,
						bookingId: b.id,
						detail: `${b.reference}: moved in Acuity to ${when(locked.startsAt, b.clinicTimeZone)} while being moved here to ${when(newStartsAt, b.clinicTimeZone)}; the move made here was the later one and stands.`
					});
				await moveAppointment(tx, d.appointment!.id, { startsAt: newStartsAt, endsAt, busyFrom: busy.start, busyTo: busy.end });
				const status = statusAfter('rescheduled', locked.status);
				const row = await updateBookingReturning(tx, b.id, {
					startsAt: newStartsAt,
					endsAt,
					...place,
					stage: 'rescheduled',
					status,
					updatedAt: new Date()
				});
				await recordChange(tx, app, who, locked, {
					action: 'reschedule',
					audit: 'booking.reschedule',
					forOwner: true,
					toStage: 'rescheduled',
					toStatus: status,
					toStartsAt: newStartsAt,
					note: options.note,
					details: { fromStartsAt: locked.startsAt.toISOString(), toStartsAt: newStartsAt.toISOString() }
				});
				await enqueueChangeNotices(
					tx,
					app,
					{ booking: locked, specialist: d.specialist, type: d.type, place: { mode: d.type.mode, address: place.locationAddress } },
					{ kind: 'rescheduled', fromStartsAt: locked.startsAt, toStartsAt: newStartsAt }
				);
				return row;
			})
		);
		return resultOf(updated);
	} catch (err) {
		if (askProvider) {
			await moveBack(app, providerId, oldStartsAt);
			await markPending(app, d.appointment!.id, null).catch(() => undefined);
		}
		// Our own table refused the overlap (an appointment the provider had not told us about yet).
		if (pgCode(err) === EXCLUSION_VIOLATION) throw slotUnavailable(TAKEN);
		throw err;
	} finally {
		await app.scheduling.invalidate(b.specialistId);
	}
}

/**
 * Free times on `date` (YYYY-MM-DD, in the clinic's zone) for moving this booking: its own
 * specialist and exam type. The booking's current time is not offered.
 */
export async function rescheduleOptions(app: App, who: SignedInActor, scope: Scope, bookingId: string, date: string) {
	const b = await loadForChange(app, who, scope, bookingId, 'booking.reschedule', 'reschedule_options');
	assertMove(b.stage, 'rescheduled', b.status);
	const times = await app.scheduling.availableTimes(b.specialistId, b.appointmentTypeId, date, b.clinicTimeZone);
	return {
		clinicTimeZone: b.clinicTimeZone,
		stale: times.stale,
		slots: times.value.filter((s) => new Date(s.startsAt).getTime() !== b.startsAt.getTime())
	};
}

/**
 * Mark the change the portal is about to ask the provider for, so the provider's webhook for it is
 * recognised as our own echo (scheduling/upstream-sync.ts isOwnEcho); null clears the mark.
 */
async function markPending(app: App, appointmentId: string, change: string | null) {
	await setPendingChange(app.database.db, appointmentId, change, change ? new Date(Date.now() + PENDING_CHANGE_SECONDS * 1000) : null);
}

/** Best effort: the local change failed, so the provider's time goes back to what the booking says. */
async function moveBack(app: App, providerId: string, startsAt: Date) {
	try {
		await app.scheduling.provider.reschedule(providerId, { startsAt });
	} catch (err) {
		app.logger.error(
			{ providerAppointmentId: providerId, err: err instanceof Error ? err.name : 'error' },
			'could not move an appointment back after a failed reschedule'
		);
	}
}

/** Cancel upstream; an appointment already cancelled (or gone) there is fine. */
async function cancelAtProvider(app: App, providerId: string) {
	try {
		// No note: the reason is free text that may name the examinee.
		await app.scheduling.provider.cancel(providerId);
	} catch (err) {
		if (!(err instanceof SchedulingError)) throw err;
		if (err.kind === 'not_found') return;
		// Acuity refuses to cancel twice: a retry after a failed local commit lands here.
		const upstream = await app.scheduling.provider.get(providerId).catch(() => null);
		if (!upstream?.canceled) throw err;
	}
}

/** The booking's details (type, specialist, appointment) and what cancelling it at `now` costs. */
async function cancellationOf(app: App, b: BookingRow, now: Date) {
	const d = await detailsOf(app.database.db, b);
	const terms = cancellationTerms({
		startsAt: b.startsAt,
		clinicTimeZone: b.clinicTimeZone,
		state: d.specialist.state,
		priceCents: d.type.priceCents,
		now
	});
	return { d, terms };
}

/** What cancelling now would mean, for the user to see before confirming. */
export async function previewCancellation(
	app: App,
	who: SignedInActor,
	scope: Scope,
	bookingId: string,
	now = new Date()
): Promise<CancellationTerms & { priceCents: number; clinicTimeZone: string }> {
	const b = await loadForChange(app, who, scope, bookingId, 'booking.cancel', 'preview_cancel');
	assertMove(b.stage, 'cancelled', b.status);
	const { d, terms } = await cancellationOf(app, b, now);
	return { ...terms, priceCents: d.type.priceCents, clinicTimeZone: b.clinicTimeZone };
}

export interface CancelInput {
	reason?: string;
	/** The caller accepts the late-cancellation fee (required when it is late). */
	acceptFee: boolean;
	/** Admins only: no fee even though it is late (e.g. the specialist cancelled). */
	waiveFee?: boolean;
	/** The moment of cancelling (tests); defaults to now. */
	now?: Date;
}

export async function cancel(
	app: App,
	who: SignedInActor,
	scope: Scope,
	bookingId: string,
	input: CancelInput
): Promise<{ booking: LifecycleResult; terms: CancellationTerms }> {
	const b = await loadForChange(app, who, scope, bookingId, 'booking.cancel', 'cancel');
	assertMove(b.stage, 'cancelled', b.status);
	if (input.waiveFee && !can(who, 'booking.waive_fee'))
		throw new AppError('FORBIDDEN', 'Only our staff can waive a cancellation fee.', 'waiveFee');
	const { d, terms } = await cancellationOf(app, b, input.now ?? new Date());
	const waived = terms.late && Boolean(input.waiveFee);
	if (terms.late && !waived && !input.acceptFee)
		throw new AppError(
			'CONFLICT',
			`Cancelling now is a late cancellation (less than ${terms.noticeBusinessDays} business days’ notice), so a fee of ${formatAud(terms.feeCents)} applies. Tick “I accept the fee” to cancel.`,
			'acceptFee'
		);
	const feeCents = waived ? 0 : terms.feeCents;

	// Already cancelled at the provider (a retry, or cancelled there first): only the local half is left.
	const appt = d.appointment;
	if (appt && appt.status === 'confirmed' && appt.providerAppointmentId && appt.provider === app.scheduling.provider.kind) {
		await markPending(app, appt.id, 'cancel');
		try {
			await cancelAtProvider(app, appt.providerAppointmentId);
		} catch (err) {
			await markPending(app, appt.id, null);
			throw err;
		}
	}
	try {
		const updated = await app.database.db.transaction(async (tx) => {
			const locked = await lockBooking(tx, scope, b.id);
			assertMove(locked.stage, 'cancelled', locked.status);
			if (appt) await markCancelled(tx, appt.id, appt.cancelledAt ?? new Date());
			const status = statusAfter('cancelled', locked.status);
			const row = await updateBookingReturning(tx, b.id, {
				stage: 'cancelled',
				status,
				lateCancellation: terms.late,
				cancellationFeeCents: feeCents,
				updatedAt: new Date()
			});
			await recordChange(tx, app, who, locked, {
				action: 'cancel',
				audit: 'booking.cancel',
				forOwner: true,
				toStage: 'cancelled',
				toStatus: status,
				note: input.reason,
				details: { late: terms.late, feeCents, waived }
			});
			await enqueueChangeNotices(
				tx,
				app,
				{ booking: locked, specialist: d.specialist, type: d.type, place: { mode: d.type.mode, address: locked.locationAddress } },
				{ kind: 'cancelled', startsAt: locked.startsAt, late: terms.late, feeCents }
			);
			return row;
		});
		return { booking: resultOf(updated), terms: { ...terms, feeCents } };
	} finally {
		await app.scheduling.invalidate(b.specialistId);
	}
}
