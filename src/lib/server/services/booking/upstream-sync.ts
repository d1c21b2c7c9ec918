/**
 * A booking follows its appointment when the appointment is changed in Acuity (a webhook, or the
 * reconciler when a webhook was lost): moved, cancelled or marked no-show there, the booking's
 * time or stage changes in the same transaction as the appointment row, with a history row by
 * "the booking service", an audit record and the same notices a change in the portal sends.
 *
 * The rule when the booking cannot follow (docs/decisions/010-bookings-follow-acuity.md): Acuity
 * holds the diary, so the appointment row always takes Acuity's state; the booking changes only
 * where its lifecycle allows the move. Otherwise it stays as it is and a sync conflict is
 * recorded for an admin, who fixes it in one place or the other.
 */
import type { App } from '../../app';
import { systemActor } from '../../auth/actor';
import type { Executor } from '../../db/client';
import { findReferenceByAppointment, lockByAppointment, updateBooking } from '../../repositories/booking.repository';
import { findTypeWithSpecialist } from '../../repositories/catalogue.repository';
import type { UpstreamChange } from '../scheduling/scheduling';
import { cancellationTerms } from './cancellation-policy';
import { recordChange } from './lifecycle-change';
import { enqueueChangeNotices } from './lifecycle-notices';
import { canMove, STAGE_LABELS, statusAfter } from './lifecycle';
import { recordConflict, when } from './sync-conflicts';
import { placeAt } from '../scheduling/locations';

/** The actor of changes that arrive from the scheduling provider. Shown as "the booking service". */
const SYSTEM = systemActor();

export const UPSTREAM_NOTES = {
	moved: 'Moved in Acuity; the booking followed.',
	cancelled: 'Cancelled in Acuity; the booking followed.',
	no_show: 'Marked as a no-show in Acuity; the booking followed.'
} as const;

export async function followUpstream(tx: Executor, app: App, change: UpstreamChange, now = new Date()): Promise<void | 'kept'> {
	const b = await lockByAppointment(tx, change.appointmentId);
	if (!b) return;
	if (change.kind === 'gone') {
		if (b.stage === 'cancelled') return;
		await recordConflict(tx, {
			kind: 'missing_upstream',
			appointmentId: change.appointmentId,
			bookingId: b.id,
			detail: `${b.reference}: Acuity no longer knows this appointment (${when(b.startsAt, b.clinicTimeZone)}); the booking was left as it is.`
		});
		return 'kept';
	}
	const stage = b.stage;
	const status = b.status;
	const row = await findTypeWithSpecialist(tx, b.appointmentTypeId, change.toSpecialistId);
	if (!row) return;
	const tz = row.specialist.timeZone;
	const conflict = (kind: Parameters<typeof recordConflict>[1]['kind'], detail: string) =>
		recordConflict(tx, { kind, appointmentId: change.appointmentId, bookingId: b.id, detail: `${b.reference}: ${detail}` });
	const stuck = status === 'archived' ? 'archived' : STAGE_LABELS[stage].toLowerCase();

	if (change.kind === 'moved') {
		if (status === 'archived' || !canMove(stage, 'rescheduled'))
			return conflict(
				'moved_after_exam',
				`moved in Acuity to ${when(change.toStartsAt, tz)}, but the booking is ${stuck}; it still reads ${when(b.startsAt, b.clinicTimeZone)}.`
			);
		const toStatus = statusAfter('rescheduled', status);
		const place = await placeAt(app, tx, { specialistId: change.toSpecialistId, mode: row.type.mode, startsAt: change.toStartsAt });
		await updateBooking(tx, b.id, {
			startsAt: change.toStartsAt,
			endsAt: change.toEndsAt,
			specialistId: change.toSpecialistId,
			clinicTimeZone: tz,
			...place,
			stage: 'rescheduled',
			status: toStatus,
			updatedAt: now
		});
		await recordChange(tx, app, SYSTEM, b, {
			action: 'reschedule',
			audit: 'booking.reschedule',
			forOwner: false,
			toStage: 'rescheduled',
			toStatus,
			toStartsAt: change.toStartsAt,
			note: UPSTREAM_NOTES.moved,
			details: { source: 'acuity', fromStartsAt: b.startsAt.toISOString(), toStartsAt: change.toStartsAt.toISOString() }
		});
		await enqueueChangeNotices(
			tx,
			app,
			{ booking: b, specialist: row.specialist, type: row.type, place: { mode: row.type.mode, address: place.locationAddress } },
			{ kind: 'rescheduled', fromStartsAt: b.startsAt, toStartsAt: change.toStartsAt }
		);
		return;
	}

	if (change.kind === 'cancelled') {
		if (stage === 'cancelled') return;
		if (status === 'archived' || !canMove(stage, 'cancelled'))
			return conflict('cancelled_after_exam', `cancelled in Acuity, but the booking is ${stuck} and was not cancelled.`);
		const terms = cancellationTerms({
			startsAt: b.startsAt,
			clinicTimeZone: b.clinicTimeZone,
			state: row.specialist.state,
			priceCents: row.type.priceCents,
			now
		});
		const toStatus = statusAfter('cancelled', status);
		await updateBooking(tx, b.id, {
			stage: 'cancelled',
			status: toStatus,
			lateCancellation: terms.late,
			cancellationFeeCents: terms.feeCents,
			updatedAt: now
		});
		await recordChange(tx, app, SYSTEM, b, {
			action: 'cancel',
			audit: 'booking.cancel',
			forOwner: false,
			toStage: 'cancelled',
			toStatus,
			note: UPSTREAM_NOTES.cancelled,
			details: { source: 'acuity', late: terms.late, feeCents: terms.feeCents, waived: false }
		});
		await enqueueChangeNotices(
			tx,
			app,
			{ booking: b, specialist: row.specialist, type: row.type, place: { mode: row.type.mode, address: b.locationAddress } },
			{ kind: 'cancelled', startsAt: b.startsAt, late: terms.late, feeCents: terms.feeCents }
		);
		return;
	}

	if (stage === 'no_show') return;
	if (status === 'archived' || !canMove(stage, 'no_show'))
		return conflict('no_show_refused', `marked as a no-show in Acuity, but the booking is ${stuck}.`);
	const toStatus = statusAfter('no_show', status);
	await updateBooking(tx, b.id, { stage: 'no_show', status: toStatus, updatedAt: now });
	await recordChange(tx, app, SYSTEM, b, {
		action: 'stage_change',
		audit: 'booking.stage_change',
		forOwner: false,
		toStage: 'no_show',
		toStatus,
		note: UPSTREAM_NOTES.no_show,
		details: { source: 'acuity' }
	});
}

/** A move in Acuity onto a time our own table holds for another appointment: the booking stays, an admin decides. */
export async function recordOverlap(exec: Executor, c: { appointmentId: string; startsAt: Date; clinicTimeZone: string }): Promise<void> {
	const b = await findReferenceByAppointment(exec, c.appointmentId);
	await recordConflict(exec, {
		kind: 'overlap',
		appointmentId: c.appointmentId,
		bookingId: b?.id ?? null,
		detail: `${b ? `${b.reference}: ` : ''}moved in Acuity to ${when(c.startsAt, c.clinicTimeZone)}, which overlaps another appointment of the same specialist here; nothing was changed.`
	});
}
