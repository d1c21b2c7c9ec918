/**
 * Sync conflicts: changes the booking could not follow, recorded for an admin to resolve.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { booking, syncConflict, type SyncConflictKind } from '../db/schema';

/** Whether an appointment already has an open conflict of this kind. */
export async function hasOpenConflict(exec: Executor, appointmentId: string, kind: SyncConflictKind): Promise<boolean> {
	const [open] = await exec
		.select({ id: syncConflict.id })
		.from(syncConflict)
		.where(and(eq(syncConflict.appointmentId, appointmentId), eq(syncConflict.kind, kind), isNull(syncConflict.resolvedAt)))
		.limit(1);
	return Boolean(open);
}

/** Records a new open conflict. */
export async function insertConflict(
	exec: Executor,
	c: { kind: SyncConflictKind; appointmentId: string | null; bookingId: string | null; detail: string }
): Promise<void> {
	await exec.insert(syncConflict).values(c);
}

/** Open conflicts, newest first, with the booking's reference where there is one. */
export async function listOpenConflicts(exec: Executor, limit: number) {
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

/** How many conflicts are open. */
export async function countOpenConflicts(exec: Executor): Promise<number> {
	const [row] = await exec
		.select({ n: sql<number>`count(*)::int` })
		.from(syncConflict)
		.where(isNull(syncConflict.resolvedAt));
	return row?.n ?? 0;
}

/** Marks an open conflict resolved by `by`; false when it was not open (resolved already, or none). */
export async function markConflictResolved(exec: Executor, id: string, by: string): Promise<boolean> {
	const done = await exec
		.update(syncConflict)
		.set({ resolvedAt: new Date(), resolvedBy: by })
		.where(and(eq(syncConflict.id, id), isNull(syncConflict.resolvedAt)))
		.returning({ id: syncConflict.id });
	return done.length > 0;
}
