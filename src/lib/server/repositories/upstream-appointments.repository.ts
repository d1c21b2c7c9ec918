/**
 * Appointments seen from the provider's side: those made upstream that wait to become bookings,
 * those our own confirmation left without a booking, the webhook deliveries already handled and
 * the reconciler's lock.
 */
import { and, asc, eq, isNotNull, isNull, lt, notExists, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { rowsOf } from '../db/rows';
import { appointment, appointmentType, booking, bookingDraft, specialist, webhookEvent } from '../db/schema';

/**
 * Appointments that came from the provider and are not bookings yet: they wait for an admin. One
 * of ours (it carries its key) waits only once its draft is gone — while the draft lives, the
 * interrupted confirmation is finished from it instead.
 */
const madeUpstreamWithoutBooking = (exec: Executor) =>
	and(
		eq(appointment.source, 'upstream'),
		eq(appointment.status, 'confirmed'),
		or(
			isNull(appointment.idempotencyKey),
			notExists(
				exec
					.select({ one: sql`1` })
					.from(bookingDraft)
					.where(sql`${bookingDraft.id}::text = ${appointment.idempotencyKey}`)
			)
		),
		notExists(
			exec
				.select({ one: sql`1` })
				.from(booking)
				.where(eq(booking.appointmentId, appointment.id))
		)
	);

/** An appointment waiting to become a booking, with its exam type and specialist; null when it is not waiting. */
export async function findWaitingAppointment(exec: Executor, appointmentId: string) {
	const [row] = await exec
		.select({ appointment, type: appointmentType, specialist })
		.from(appointment)
		.innerJoin(appointmentType, eq(appointmentType.id, appointment.appointmentTypeId))
		.innerJoin(specialist, eq(specialist.id, appointment.specialistId))
		.where(and(eq(appointment.id, appointmentId), madeUpstreamWithoutBooking(exec)))
		.limit(1);
	return row ?? null;
}

/** How many appointments wait to become bookings. */
export async function countWaitingAppointments(exec: Executor): Promise<number> {
	const [row] = await exec
		.select({ n: sql<number>`count(*)::int` })
		.from(appointment)
		.where(madeUpstreamWithoutBooking(exec));
	return row?.n ?? 0;
}

/** The appointments waiting to become bookings, soonest first, with the specialist's and exam type's names. */
export async function listWaitingAppointments(exec: Executor, limit: number) {
	return exec
		.select({
			id: appointment.id,
			startsAt: appointment.startsAt,
			specialistName: specialist.displayName,
			typeName: appointmentType.name
		})
		.from(appointment)
		.innerJoin(specialist, eq(specialist.id, appointment.specialistId))
		.innerJoin(appointmentType, eq(appointmentType.id, appointment.appointmentTypeId))
		.where(madeUpstreamWithoutBooking(exec))
		.orderBy(asc(appointment.startsAt))
		.limit(limit);
}

/**
 * Confirmed appointments our process created (they carry a key) before `createdBefore` that no
 * booking holds: their confirmation died half-way. At most 100, with their key and provider id.
 */
export async function findOrphanedAppointments(exec: Executor, createdBefore: Date) {
	return exec
		.select({ key: appointment.idempotencyKey, providerAppointmentId: appointment.providerAppointmentId })
		.from(appointment)
		.where(
			and(
				isNotNull(appointment.idempotencyKey),
				eq(appointment.status, 'confirmed'),
				lt(appointment.createdAt, createdBefore),
				notExists(
					exec
						.select({ one: sql`1` })
						.from(booking)
						.where(eq(booking.appointmentId, appointment.id))
				)
			)
		)
		.limit(100);
}

/** Records a webhook delivery by its dedupe key; answers its id, or null when it was recorded already. */
export async function recordWebhookEvent(
	exec: Executor,
	event: { provider: string; dedupeKey: string; action: string; providerAppointmentId: string }
): Promise<string | null> {
	const recorded = await exec
		.insert(webhookEvent)
		.values(event)
		.onConflictDoNothing({ target: webhookEvent.dedupeKey })
		.returning({ id: webhookEvent.id });
	return recorded[0]?.id ?? null;
}

/** Records what handling a webhook delivery came to. */
export async function markWebhookProcessed(exec: Executor, id: string, outcome: string): Promise<void> {
	await exec.update(webhookEvent).set({ outcome, processedAt: new Date() }).where(eq(webhookEvent.id, id));
}

/** Takes the reconciler's transaction-scoped advisory lock; false when another instance holds it. */
export async function tryReconcileLock(exec: Executor): Promise<boolean> {
	const rows = rowsOf<{ locked: boolean }>(await exec.execute(sql`select pg_try_advisory_xact_lock(hashtext('ime:reconcile')) as locked`));
	return Boolean(rows[0]?.locked);
}
