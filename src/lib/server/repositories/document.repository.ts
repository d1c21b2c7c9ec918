/**
 * Document queries. A document is in the caller's scope when its booking is; every read takes the
 * scope, so another organisation's document is simply not found.
 */
import { and, asc, eq, inArray, isNotNull, isNull, lt, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { preparedPerExecutor } from '../db/prepared';
import { booking, document, specialist } from '../db/schema';
import type { Scope } from '../auth/scope';
import { bookingScope } from './booking.repository';
import { isUuid } from '../../ids';

export type DocumentRow = typeof document.$inferSelect;
export type NewDocument = typeof document.$inferInsert;
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
	if (!isUuid(id)) return null;
	const [row] = await exec
		.select({ document, booking: bookingColumns })
		.from(document)
		.innerJoin(booking, eq(booking.id, document.bookingId))
		.where(and(eq(document.id, id), bookingScope(scope)))
		.limit(1);
	return row ?? null;
}

const documentsOfBookingQueryOf = (which: 'live' | 'deleted') =>
	preparedPerExecutor((exec) =>
		exec
			.select()
			.from(document)
			.where(
				and(
					eq(document.bookingId, sql.placeholder('bookingId')),
					which === 'live' ? isNull(document.deletedAt) : isNotNull(document.deletedAt)
				)
			)
			.orderBy(asc(document.createdAt), asc(document.id))
			.prepare(`documents_of_booking_${which}`)
	);
const documentsOfBookingQuery = { live: documentsOfBookingQueryOf('live'), deleted: documentsOfBookingQueryOf('deleted') };

/** A booking's documents, live or deleted, oldest first. */
export async function documentsOfBooking(exec: Executor, bookingId: string, which: 'live' | 'deleted' = 'live'): Promise<DocumentRow[]> {
	return documentsOfBookingQuery[which](exec).execute({ bookingId });
}

/** The live documents of these bookings, oldest first. */
export async function liveDocumentsOfBookings(exec: Executor, bookingIds: string[]): Promise<DocumentRow[]> {
	return (
		exec
			.select()
			.from(document)
			.where(and(inArray(document.bookingId, bookingIds), isNull(document.deletedAt)))
			// The id breaks ties, so an export of documents added in the same instant reads the same twice.
			.orderBy(asc(document.createdAt), asc(document.id))
	);
}

/** The id of a booking's live final report, or null when it has none. */
export async function findLiveFinalReport(exec: Executor, bookingId: string): Promise<{ id: string } | null> {
	const [row] = await exec
		.select({ id: document.id })
		.from(document)
		.where(and(eq(document.bookingId, bookingId), eq(document.category, 'final_report'), isNull(document.deletedAt)))
		.limit(1);
	return row ?? null;
}

/** Inserts a document row; answers it. */
export async function insertDocument(exec: Executor, values: NewDocument): Promise<DocumentRow> {
	const [row] = await exec.insert(document).values(values).returning();
	return row!;
}

/** Sets a document's (sealed) name. */
export async function renameDocumentRow(exec: Executor, id: string, nameEncrypted: string): Promise<void> {
	await exec.update(document).set({ nameEncrypted, updatedAt: new Date() }).where(eq(document.id, id));
}

/** Marks a document deleted now, by this user (hidden; restorable until the sweeper purges it). */
export async function markDocumentDeleted(exec: Executor, id: string, deletedByUserId: string): Promise<void> {
	await exec.update(document).set({ deletedAt: new Date(), deletedByUserId, updatedAt: new Date() }).where(eq(document.id, id));
}

/** Clears a document's deletion. */
export async function markDocumentRestored(exec: Executor, id: string): Promise<void> {
	await exec.update(document).set({ deletedAt: null, deletedByUserId: null, updatedAt: new Date() }).where(eq(document.id, id));
}

/** Removes a document row for good (the purge, once its object is gone). */
export async function deleteDocumentRow(exec: Executor, id: string): Promise<void> {
	await exec.delete(document).where(eq(document.id, id));
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
