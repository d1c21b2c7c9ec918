/**
 * Document queries. A document is in the caller's scope when its booking is; every read takes the
 * scope, so another organisation's document is simply not found.
 */
import { and, asc, eq, inArray, isNotNull, isNull, lt, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { booking, document, specialist } from '../db/schema';
import type { Scope } from '../auth/scope';
import { bookingScope } from './booking.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DocumentRow = typeof document.$inferSelect;
export interface ScopedDocument {
	document: DocumentRow;
	booking: {
		id: string;
		reference: string;
		organizationId: string;
		ownerUserId: string;
		specialistId: string;
		reportState: string;
		stage: string;
		status: string;
	};
}

const bookingColumns = {
	id: booking.id,
	reference: booking.reference,
	organizationId: booking.organizationId,
	ownerUserId: booking.ownerUserId,
	specialistId: booking.specialistId,
	reportState: booking.reportState,
	stage: booking.stage,
	status: booking.status
};

/** One document with its booking, if the booking is in scope (deleted ones included: callers decide). */
export async function documentForScope(exec: Executor, scope: Scope, id: string): Promise<ScopedDocument | null> {
	if (!UUID.test(id)) return null;
	const [row] = await exec
		.select({ document, booking: bookingColumns })
		.from(document)
		.innerJoin(booking, eq(booking.id, document.bookingId))
		.where(and(eq(document.id, id), bookingScope(scope)))
		.limit(1);
	return row ?? null;
}

export async function documentsOfBooking(exec: Executor, bookingId: string, which: 'live' | 'deleted' = 'live'): Promise<DocumentRow[]> {
	return exec
		.select()
		.from(document)
		.where(and(eq(document.bookingId, bookingId), which === 'live' ? isNull(document.deletedAt) : isNotNull(document.deletedAt)))
		.orderBy(asc(document.createdAt), asc(document.id));
}

/** Of these storage keys, the ones a document row holds. */
export async function keysInUse(exec: Executor, keys: string[]): Promise<Set<string>> {
	if (!keys.length) return new Set();
	const rows = await exec.select({ key: document.storageKey }).from(document).where(inArray(document.storageKey, keys));
	return new Set(rows.map((r) => r.key));
}

/** Soft-deleted documents whose restore window has closed. */
export async function deletedBefore(exec: Executor, cutoff: Date, limit: number): Promise<DocumentRow[]> {
	return exec.select().from(document).where(lt(document.deletedAt, cutoff)).orderBy(asc(document.deletedAt)).limit(limit);
}

export interface ReportQueueRow {
	id: string;
	reference: string;
	startsAt: Date;
	clinicTimeZone: string;
	stage: string;
	reportState: string;
	specialistName: string;
}

/**
 * Examinations held whose report is not released yet, oldest first: the report queue. Cancelled
 * and no-show bookings have no report.
 */
export async function reportQueue(exec: Executor, scope: Scope, now: Date, limit = 200): Promise<ReportQueueRow[]> {
	return exec
		.select({
			id: booking.id,
			reference: booking.reference,
			startsAt: booking.startsAt,
			clinicTimeZone: booking.clinicTimeZone,
			stage: booking.stage,
			reportState: booking.reportState,
			specialistName: specialist.displayName
		})
		.from(booking)
		.innerJoin(specialist, eq(specialist.id, booking.specialistId))
		.where(
			and(
				eq(booking.status, 'active'),
				sql`${booking.reportState} <> 'released'`,
				lt(booking.startsAt, now),
				notInArray(booking.stage, ['cancelled', 'no_show']),
				bookingScope(scope)
			)
		)
		.orderBy(asc(booking.startsAt), asc(booking.id))
		.limit(limit);
}
