/**
 * Changes the booking could not follow, and changes made in two places at once: recorded for an
 * admin to look at and mark resolved (docs/decisions/010-bookings-follow-acuity.md). The detail is
 * our own sentence with times and stages: never examinee data.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { booking, syncConflict, type SyncConflictKind } from '../../db/schema';
import { AppError } from '../../errors';

export const when = (d: Date, timeZone: string) =>
	new Intl.DateTimeFormat('en-AU', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);

export async function recordConflict(
	exec: Executor,
	c: { kind: SyncConflictKind; appointmentId?: string | null; bookingId?: string | null; detail: string }
): Promise<void> {
	// The reconciler meets the same trouble every run: one open row per appointment and kind.
	if (c.appointmentId) {
		const [open] = await exec
			.select({ id: syncConflict.id })
			.from(syncConflict)
			.where(and(eq(syncConflict.appointmentId, c.appointmentId), eq(syncConflict.kind, c.kind), isNull(syncConflict.resolvedAt)))
			.limit(1);
		if (open) return;
	}
	await exec
		.insert(syncConflict)
		.values({ kind: c.kind, appointmentId: c.appointmentId ?? null, bookingId: c.bookingId ?? null, detail: c.detail });
}

/** Open conflicts, newest first, with the booking's reference where there is one. */
export async function openConflicts(exec: Executor, limit = 100) {
	return exec
		.select({
			id: syncConflict.id,
			kind: syncConflict.kind,
			detail: syncConflict.detail,
			createdAt: syncConflict.createdAt,
			bookingId: syncConflict.bookingId,
			reference: booking.reference
		})
		.from(syncConflict)
		.leftJoin(booking, eq(booking.id, syncConflict.bookingId))
		.where(isNull(syncConflict.resolvedAt))
		.orderBy(desc(syncConflict.createdAt))
		.limit(limit);
}

export async function countOpenConflicts(exec: Executor): Promise<number> {
	const [row] = await exec
		.select({ n: sql<number>`count(*)::int` })
		.from(syncConflict)
		.where(isNull(syncConflict.resolvedAt));
	return row?.n ?? 0;
}

export async function resolveConflict(exec: Executor, id: string, by: string): Promise<void> {
	const done = await exec
		.update(syncConflict)
		.set({ resolvedAt: new Date(), resolvedBy: by })
		.where(and(eq(syncConflict.id, id), isNull(syncConflict.resolvedAt)))
		.returning({ id: syncConflict.id });
	if (done.length === 0) throw new AppError('NOT_FOUND', 'That conflict is already resolved or does not exist.');
}
