/**
 * What every lifecycle change shares: who is acting (and for whom), what their role allows, the
 * booking loaded in their scope (NOT_FOUND outside it, audited like a refusal), the row lock that
 * serialises changes of one booking, and the history row + audit record each change writes.
 *
 * Who may do what is in auth/access.ts (`booking.*` permissions).
 *
 * Attribution of each history row: `actorUserId` is the person who did it (the admin behind an
 * impersonated session); `onBehalfOfUserId` is the user they acted for — the impersonated user,
 * the one named by `who.onBehalfOf`, or, when an admin reschedules or cancels (what the referrer
 * would otherwise do themselves), the booking's owner. An admin's own progress and status moves
 * are on nobody's behalf.
 */
import type { App } from '../../app';
import { attributedTo, type SignedInActor } from '../../auth/actor';
import { requireBookingAccess, type RolePermission } from '../../auth/access';
import type { Scope } from '../../auth/scope';
import type { Executor } from '../../db/client';
import type { BookingStage, BookingStatus } from '../../db/schema';
import { AppError } from '../../errors';
import { findAppointment } from '../../repositories/appointments.repository';
import { insertHistory } from '../../repositories/booking-history.repository';
import { lockForScope, type BookingRow } from '../../repositories/booking.repository';
import { findTypeWithSpecialist } from '../../repositories/catalogue.repository';
import { recordAudit, type AuditAction } from '../audit/audit';
import { recomputeDueDates } from '../cases/enclosures';

/** Stages an admin sets directly; `rescheduled` and `cancelled` come from reschedule and cancel. */
export const PROGRESS_STAGES = ['no_show', 'report_in_progress', 'report_ready', 'paid'] as const satisfies readonly BookingStage[];

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

/** The history row's attribution (see the top of this file); the audit record of the change says the same. */
function attribution(who: SignedInActor, b: BookingRow, forOwner: boolean) {
	const actorUserId = who.impersonatedBy ?? who.userId;
	const onBehalf =
		who.onBehalfOf ?? (who.impersonatedBy ? who.userId : forOwner && who.caller.platformRole === 'admin' ? b.ownerUserId : null);
	return { actorUserId, onBehalfOfUserId: onBehalf && onBehalf !== actorUserId ? onBehalf : null };
}

/**
 * The booking, if in scope and the caller's role allows `permission` on it (access.ts); the
 * refusal is audited with `operation`.
 */
export function loadForChange(
	app: App,
	who: SignedInActor,
	scope: Scope,
	bookingId: string,
	permission: RolePermission,
	operation: string
) {
	return requireBookingAccess(app, who, scope, bookingId, permission, {
		operation,
		message: 'Your role does not allow this change. Please contact us to arrange it.'
	});
}

/** Re-read under a row lock inside the transaction: two changes of one booking run one after the other. */
export async function lockBooking(tx: Executor, scope: Scope, id: string): Promise<BookingRow> {
	const row = await lockForScope(tx, scope, id);
	if (!row) throw new AppError('NOT_FOUND', 'No such booking.');
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
	// A moved examination moves its enclosures' due dates (the booking row is already updated).
	if (change.action === 'reschedule') await recomputeDueDates(tx, b.id);
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
