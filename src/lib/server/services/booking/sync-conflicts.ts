/**
 * Changes the booking could not follow, and changes made in two places at once: recorded for an
 * admin to look at and mark resolved (docs/decisions/010-bookings-follow-acuity.md). The detail is
 * our own sentence with times and stages: never examinee data.
 */
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import type { Executor } from '../../db/client';
import type { SyncConflictKind } from '../../db/schema';
import { AppError } from '../../errors';
import {
	countOpenConflicts as countOpen,
	hasOpenConflict,
	insertConflict,
	listOpenConflicts,
	markConflictResolved
} from '../../repositories/sync-conflicts.repository';
import { recordGranted } from '../audit/audit';

export const when = (d: Date, timeZone: string) =>
	new Intl.DateTimeFormat('en-AU', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);

export async function recordConflict(
	exec: Executor,
	c: { kind: SyncConflictKind; appointmentId?: string | null; bookingId?: string | null; detail: string }
): Promise<void> {
	// The reconciler meets the same trouble every run: one open row per appointment and kind.
	if (c.appointmentId && (await hasOpenConflict(exec, c.appointmentId, c.kind))) return;
	await insertConflict(exec, { kind: c.kind, appointmentId: c.appointmentId ?? null, bookingId: c.bookingId ?? null, detail: c.detail });
}

/** Open conflicts, newest first, with the booking's reference where there is one. */
export async function openConflicts(exec: Executor, limit = 100) {
	return listOpenConflicts(exec, limit);
}

export async function countOpenConflicts(exec: Executor): Promise<number> {
	return countOpen(exec);
}

export async function resolveConflict(exec: Executor, id: string, by: string): Promise<void> {
	if (!(await markConflictResolved(exec, id, by))) throw new AppError('NOT_FOUND', 'That conflict is already resolved or does not exist.');
}

/** An admin marks a conflict resolved: the change and its audit record commit together. */
export async function resolveConflictAudited(app: App, who: Actor, id: string, by: string): Promise<void> {
	await app.database.db.transaction(async (tx) => {
		await resolveConflict(tx, id, by);
		await recordGranted(tx, who, 'scheduling.conflict_resolve', 'sync_conflict', id);
	});
}
