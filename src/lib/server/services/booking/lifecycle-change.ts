/**
 * What every lifecycle change shares: who is acting (and for whom), what their role allows, the
 * booking loaded in their scope (NOT_FOUND outside it, audited like a refusal), the row lock that
 * serialises changes of one booking, and the history row + audit record each change writes.
 *
 * Who may do what (v1):
 * - admin: every legal move (TRANSITIONS), reschedule, cancel (and may waive a late fee, e.g. when
 *   the specialist cancelled), and the status (active / closed / archived);
 * - a member of the booking's organisation with any org role (referrer, team lead, manager,
 *   owner), for the bookings in their scope: cancel and reschedule only;
 * - specialist: nothing in v1 — they tell us, and an admin records it.
 *
 * Attribution of each history row: `actorUserId` is the person who did it (the admin behind an
 * impersonated session); `onBehalfOfUserId` is the user they acted for — the impersonated user,
 * the one named by `who.onBehalfOf`, or, when an admin reschedules or cancels (what the referrer
 * would otherwise do themselves), the booking's owner. An admin's own progress and status moves
 * are on nobody's behalf.
 */
import type { App } from '../../app';
import { attributedTo, type SignedInActor } from '../../auth/actor';
import type { Caller, Scope } from '../../auth/scope';
import type { Executor } from '../../db/client';
import type { BookingStage, BookingStatus } from '../../db/schema';
import { AppError } from '../../errors';
import { findAppointment } from '../../repositories/appointments.repository';
import { insertHistory } from '../../repositories/booking-history.repository';
import { BOOKING_STAGES, getForScope, lockForScope, type BookingRow } from '../../repositories/booking.repository';
import { findTypeWithSpecialist } from '../../repositories/catalogue.repository';
import { recordAudit, type AuditAction } from '../audit/audit';
import { isUuid } from '../../../ids';

/** Stages an admin sets directly; `rescheduled` and `cancelled` come from reschedule and cancel. */
export const PROGRESS_STAGES = ['no_show', 'report_in_progress', 'report_ready', 'paid'] as const satisfies readonly BookingStage[];

export interface LifecyclePermissions {
	/** Stages the caller may move a booking to (when the move itself is legal). */
	stages: readonly BookingStage[];
	cancel: boolean;
	reschedule: boolean;
	setStatus: boolean;
	waiveFee: boolean;
}

export function lifecyclePermissions(caller: Caller): LifecyclePermissions {
	if (caller.platformRole === 'admin') return { stages: BOOKING_STAGES, cancel: true, reschedule: true, setStatus: true, waiveFee: true };
	if (caller.platformRole === 'user' && caller.orgRoles.length > 0)
		return { stages: [], cancel: true, reschedule: true, setStatus: false, waiveFee: false };
	return { stages: [], cancel: false, reschedule: false, setStatus: false, waiveFee: false };
}

export type { BookingRow };

/** What a lifecycle call answers: the booking as it now stands. */
export interface LifecycleResult {
	id: string;
	stage: BookingStage;
	status: BookingStatus;
	startsAt: Date;
	endsAt: Date;
	clinicTimeZone: string;
	lateCancellation: boolean;
	cancellationFeeCents: number;
}

export const resultOf = (b: BookingRow): LifecycleResult => ({
	id: b.id,
	stage: b.stage,
	status: b.status,
	startsAt: b.startsAt,
	endsAt: b.endsAt,
	clinicTimeZone: b.clinicTimeZone,
	lateCancellation: b.lateCancellation,
	cancellationFeeCents: b.cancellationFeeCents
});

const NOT_FOUND_MESSAGE = 'No such booking.';

/** The history row's attribution (see the top of this file); the audit record of the change says the same. */
function attribution(who: SignedInActor, b: BookingRow, forOwner: boolean) {
	const actorUserId = who.impersonatedBy ?? who.userId;
	const onBehalf =
		who.onBehalfOf ?? (who.impersonatedBy ? who.userId : forOwner && who.caller.platformRole === 'admin' ? b.ownerUserId : null);
	return { actorUserId, onBehalfOfUserId: onBehalf && onBehalf !== actorUserId ? onBehalf : null };
}

async function deny(app: App, who: SignedInActor, bookingId: string, operation: string, reason: 'not_found' | 'role'): Promise<never> {
	await recordAudit(app.database.db, who, {
		action: 'access.denied',
		outcome: 'denied',
		resourceType: 'booking',
		resourceId: isUuid(bookingId) ? bookingId : null,
		details: { operation, reason }
	});
	if (reason === 'not_found') throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
	throw new AppError('FORBIDDEN', 'Your role does not allow this change. Please contact us to arrange it.');
}

/** The booking, if in scope and the caller may do `operation` to it. */
export async function loadForChange(
	app: App,
	who: SignedInActor,
	scope: Scope,
	bookingId: string,
	operation: string,
	allowed: (p: LifecyclePermissions) => boolean
) {
	const b = await getForScope(app.database.db, scope, bookingId);
	if (!b) return deny(app, who, bookingId, operation, 'not_found');
	if (!allowed(lifecyclePermissions(who.caller))) return deny(app, who, bookingId, operation, 'role');
	return b;
}

/** Re-read under a row lock inside the transaction: two changes of one booking run one after the other. */
export async function lockBooking(tx: Executor, scope: Scope, id: string): Promise<BookingRow> {
	const row = await lockForScope(tx, scope, id);
	if (!row) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
	return row;
}

/** The booking's appointment, exam type and specialist. */
export async function detailsOf(exec: Executor, b: BookingRow) {
	const row = await findTypeWithSpecialist(exec, b.appointmentTypeId, b.specialistId);
	if (!row) throw new Error('booking without its type or specialist');
	const appt = b.appointmentId ? await findAppointment(exec, b.appointmentId) : null;
	return { ...row, appointment: appt };
}

export async function recordChange(
	tx: Executor,
	app: App,
	who: SignedInActor,
	b: BookingRow,
	change: {
		action: 'stage_change' | 'reschedule' | 'cancel' | 'status_change';
		audit: AuditAction;
		forOwner: boolean;
		toStage: BookingStage;
		toStatus: BookingStatus;
		toStartsAt?: Date;
		note?: string;
		details?: Record<string, string | number | boolean | null>;
	}
) {
	const by = attribution(who, b, change.forOwner);
	const note = change.note?.trim();
	await insertHistory(tx, {
		bookingId: b.id,
		action: change.action,
		actorUserId: by.actorUserId,
		onBehalfOfUserId: by.onBehalfOfUserId,
		fromStage: b.stage,
		toStage: change.toStage,
		fromStatus: b.status,
		toStatus: change.toStatus,
		fromStartsAt: b.startsAt,
		toStartsAt: change.toStartsAt ?? b.startsAt,
		noteEncrypted: note ? app.cipher.encrypt(note, 'booking-note') : null
	});
	await recordAudit(tx, attributedTo(who, by.actorUserId, by.onBehalfOfUserId), {
		action: change.audit,
		outcome: 'granted',
		resourceType: 'booking',
		resourceId: b.id,
		details: { fromStage: b.stage, toStage: change.toStage, fromStatus: b.status, toStatus: change.toStatus, ...change.details }
	});
}
