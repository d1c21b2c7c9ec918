/**
 * Appointment rows: the scheduling record beside a booking (for the built-in scheduler, also the
 * provider's own store). Reads by id and by the provider's id, and the writes each change makes.
 */
import { and, asc, eq, gt, gte, lt } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { appointment, type APPOINTMENT_STATUSES } from '../db/schema';

export type AppointmentRow = typeof appointment.$inferSelect;
export type NewAppointment = typeof appointment.$inferInsert;

/** An appointment's busy time, padding included. */
export interface BusySpan {
	busyFrom: Date;
	busyTo: Date;
}

// ── Reads ────────────────────────────────────────────────────────────────────────────────────────

/** The appointment with this id, or null. */
export async function findAppointment(exec: Executor, id: string): Promise<AppointmentRow | null> {
	const [row] = await exec.select().from(appointment).where(eq(appointment.id, id)).limit(1);
	return row ?? null;
}

/** The status of the appointment with this id, or null when there is none. */
export async function appointmentStatus(exec: Executor, id: string): Promise<string | null> {
	const [row] = await exec.select({ status: appointment.status }).from(appointment).where(eq(appointment.id, id));
	return row?.status ?? null;
}

/** The appointment a provider knows by `providerAppointmentId`, or null. */
export async function findByProviderId(exec: Executor, provider: string, providerAppointmentId: string): Promise<AppointmentRow | null> {
	const [row] = await exec
		.select()
		.from(appointment)
		.where(and(eq(appointment.provider, provider), eq(appointment.providerAppointmentId, providerAppointmentId)))
		.limit(1);
	return row ?? null;
}

/** The appointment made with this idempotency key (a booking draft's id), or null. */
export async function findByIdempotencyKey(exec: Executor, key: string): Promise<AppointmentRow | null> {
	const [row] = await exec.select().from(appointment).where(eq(appointment.idempotencyKey, key)).limit(1);
	return row ?? null;
}

/** A built-in scheduler's appointment by id, or null. */
export async function findBuiltinAppointment(exec: Executor, id: string): Promise<AppointmentRow | null> {
	const [row] = await exec
		.select()
		.from(appointment)
		.where(and(eq(appointment.id, id), eq(appointment.provider, 'builtin')))
		.limit(1);
	return row ?? null;
}

/** The built-in scheduler's appointments starting in [from, to), soonest first; confirmed ones only unless asked. */
export async function listBuiltinAppointments(
	exec: Executor,
	query: { from: Date; to: Date; calendarId?: string; includeCanceled?: boolean }
): Promise<AppointmentRow[]> {
	return exec
		.select()
		.from(appointment)
		.where(
			and(
				eq(appointment.provider, 'builtin'),
				gte(appointment.startsAt, query.from),
				lt(appointment.startsAt, query.to),
				query.calendarId ? eq(appointment.specialistId, query.calendarId) : undefined,
				query.includeCanceled ? undefined : eq(appointment.status, 'confirmed')
			)
		)
		.orderBy(asc(appointment.startsAt));
}

/** A provider's confirmed appointments starting in [from, to) (the reconciler's local side). */
export async function confirmedStartingIn(exec: Executor, provider: string, from: Date, to: Date): Promise<AppointmentRow[]> {
	return exec
		.select()
		.from(appointment)
		.where(
			and(
				eq(appointment.provider, provider),
				eq(appointment.status, 'confirmed'),
				gte(appointment.startsAt, from),
				lt(appointment.startsAt, to)
			)
		);
}

/** The specialist's confirmed appointments whose busy time overlaps [from, to). */
const confirmedBusyIn = (specialistId: string, from: Date, to: Date) =>
	and(
		eq(appointment.specialistId, specialistId),
		eq(appointment.status, 'confirmed'),
		lt(appointment.busyFrom, to),
		gt(appointment.busyTo, from)
	);

/** The busy spans (with ids) of a specialist's confirmed appointments overlapping [from, to). */
export async function confirmedBusyOverlapping(exec: Executor, specialistId: string, from: Date, to: Date) {
	return exec
		.select({ id: appointment.id, busyFrom: appointment.busyFrom, busyTo: appointment.busyTo })
		.from(appointment)
		.where(confirmedBusyIn(specialistId, from, to));
}

/** The id of one confirmed appointment of the specialist whose busy time overlaps [from, to), or null. */
export async function findConfirmedClash(exec: Executor, specialistId: string, from: Date, to: Date): Promise<string | null> {
	const [clash] = await exec
		.select({ id: appointment.id })
		.from(appointment)
		.where(confirmedBusyIn(specialistId, from, to))
		.limit(1);
	return clash?.id ?? null;
}

// ── Writes ───────────────────────────────────────────────────────────────────────────────────────

/** Inserts an appointment. */
export async function insertAppointment(exec: Executor, values: NewAppointment): Promise<void> {
	await exec.insert(appointment).values(values);
}

/** Inserts an appointment and answers its id. */
export async function insertAppointmentReturningId(exec: Executor, values: NewAppointment): Promise<string> {
	const [row] = await exec.insert(appointment).values(values).returning({ id: appointment.id });
	return row!.id;
}

/** Ties an appointment to the organisation whose booking now holds it. */
export async function setAppointmentOrganization(exec: Executor, id: string, organizationId: string): Promise<void> {
	await exec.update(appointment).set({ organizationId, updatedAt: new Date() }).where(eq(appointment.id, id));
}

/** Claims an appointment already written by the provider for the booking confirmed from `draftId`. */
export async function claimForPortalBooking(exec: Executor, id: string, organizationId: string, draftId: string): Promise<void> {
	await exec
		.update(appointment)
		.set({ organizationId, idempotencyKey: draftId, source: 'portal', updatedAt: new Date() })
		.where(eq(appointment.id, id));
}

/** Records the provider's id on an appointment found by its key. */
export async function setProviderId(exec: Executor, id: string, provider: string, providerAppointmentId: string): Promise<void> {
	await exec.update(appointment).set({ providerAppointmentId, provider }).where(eq(appointment.id, id));
}

/** Replaces the sealed client details (what the provider's form holds) of an appointment. */
export async function refreshClient(exec: Executor, id: string, clientEncrypted: string): Promise<void> {
	await exec.update(appointment).set({ clientEncrypted }).where(eq(appointment.id, id));
}

/** Replaces the sealed client details of an appointment, and its change time. */
export async function updateClient(exec: Executor, id: string, clientEncrypted: string): Promise<void> {
	await exec.update(appointment).set({ clientEncrypted, updatedAt: new Date() }).where(eq(appointment.id, id));
}

/** Marks an appointment as a no-show. */
export async function markNoShow(exec: Executor, id: string): Promise<void> {
	await exec.update(appointment).set({ noShow: true, updatedAt: new Date() }).where(eq(appointment.id, id));
}

/**
 * Leaves (or with null, clears) the mark of a change the portal is about to ask the provider
 * for, valid until `until`.
 */
export async function setPendingChange(exec: Executor, id: string, change: string | null, until: Date | null): Promise<void> {
	await exec.update(appointment).set({ pendingChange: change, pendingUntil: until }).where(eq(appointment.id, id));
}

/**
 * Moves an appointment (to another specialist too, when `specialistId` is given) and clears any
 * pending-change mark.
 */
export async function moveAppointment(
	exec: Executor,
	id: string,
	to: { specialistId?: string; startsAt: Date; endsAt: Date } & BusySpan
): Promise<void> {
	await exec
		.update(appointment)
		.set({
			...(to.specialistId === undefined ? {} : { specialistId: to.specialistId }),
			startsAt: to.startsAt,
			endsAt: to.endsAt,
			busyFrom: to.busyFrom,
			busyTo: to.busyTo,
			pendingChange: null,
			pendingUntil: null,
			updatedAt: new Date()
		})
		.where(eq(appointment.id, id));
}

/** Cancels an appointment as of `cancelledAt` and clears any pending-change mark. */
export async function markCancelled(exec: Executor, id: string, cancelledAt: Date): Promise<void> {
	await exec
		.update(appointment)
		.set({ status: 'cancelled', cancelledAt, pendingChange: null, pendingUntil: null, updatedAt: new Date() })
		.where(eq(appointment.id, id));
}

/** Takes the provider's status, cancellation time and no-show mark, and clears any pending-change mark. */
export async function setUpstreamStatus(
	exec: Executor,
	id: string,
	s: { status: (typeof APPOINTMENT_STATUSES)[number]; cancelledAt: Date | null; noShow: boolean }
): Promise<void> {
	await exec
		.update(appointment)
		.set({ status: s.status, cancelledAt: s.cancelledAt, noShow: s.noShow, pendingChange: null, pendingUntil: null, updatedAt: new Date() })
		.where(eq(appointment.id, id));
}

/** Moves a built-in scheduler's appointment (the provider's own move: no pending mark to clear). */
export async function moveBuiltinAppointment(
	exec: Executor,
	id: string,
	to: { specialistId: string; startsAt: Date; endsAt: Date } & BusySpan
): Promise<void> {
	await exec
		.update(appointment)
		.set({
			specialistId: to.specialistId,
			startsAt: to.startsAt,
			endsAt: to.endsAt,
			busyFrom: to.busyFrom,
			busyTo: to.busyTo,
			updatedAt: new Date()
		})
		.where(eq(appointment.id, id));
}

/** Cancels a built-in scheduler's appointment; false when there is no such appointment. */
export async function cancelBuiltinAppointment(exec: Executor, id: string, noShow: boolean): Promise<boolean> {
	const updated = await exec
		.update(appointment)
		.set({ status: 'cancelled', cancelledAt: new Date(), noShow, updatedAt: new Date() })
		.where(and(eq(appointment.id, id), eq(appointment.provider, 'builtin')))
		.returning({ id: appointment.id });
	return updated.length > 0;
}
