/**
 * Enclosures: the template per exam type, each booking's checklist, the documents that meet it,
 * and the reminder digests (one per referrer per day).
 */
import { and, asc, eq, gte, inArray, isNull, lte, notInArray, sql, type Placeholder } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { placeholderNames, placeholderValues, preparedPerShape } from '../db/prepared';
import {
	appointmentType,
	booking,
	bookingEnclosure,
	document,
	enclosureDigest,
	enclosureTemplateItem,
	specialist,
	specialistLocation
} from '../db/schema';
import type { DocumentCategory } from '../../schemas/document';

export type TemplateItemRow = typeof enclosureTemplateItem.$inferSelect;
export type EnclosureRow = typeof bookingEnclosure.$inferSelect;
export type NewEnclosure = typeof bookingEnclosure.$inferInsert;

/** An exam type's own template items, in order. */
export async function templateItemsOfType(exec: Executor, appointmentTypeId: string): Promise<TemplateItemRow[]> {
	return exec
		.select()
		.from(enclosureTemplateItem)
		.where(eq(enclosureTemplateItem.appointmentTypeId, appointmentTypeId))
		.orderBy(asc(enclosureTemplateItem.position), asc(enclosureTemplateItem.createdAt), asc(enclosureTemplateItem.id));
}

/** Replaces a type's template with these items (in order), in the caller's transaction. */
export async function replaceTemplateItems(
	exec: Executor,
	appointmentTypeId: string,
	items: { category: DocumentCategory; label: string; businessDaysBefore: number }[]
): Promise<void> {
	await exec.delete(enclosureTemplateItem).where(eq(enclosureTemplateItem.appointmentTypeId, appointmentTypeId));
	if (items.length > 0)
		await exec.insert(enclosureTemplateItem).values(items.map((item, position) => ({ ...item, appointmentTypeId, position })));
}

/** What a checklist is computed from: the booking's time, zone, type and the clinic's state (its location's, else the specialist's). */
export async function checklistContext(exec: Executor, bookingId: string) {
	const [row] = await exec
		.select({
			bookingId: booking.id,
			appointmentTypeId: booking.appointmentTypeId,
			typeCategory: appointmentType.category,
			startsAt: booking.startsAt,
			clinicTimeZone: booking.clinicTimeZone,
			state: sql<string | null>`coalesce(${specialistLocation.state}, ${specialist.state})`
		})
		.from(booking)
		.innerJoin(appointmentType, eq(appointmentType.id, booking.appointmentTypeId))
		.innerJoin(specialist, eq(specialist.id, booking.specialistId))
		.leftJoin(specialistLocation, eq(specialistLocation.id, booking.locationId))
		.where(eq(booking.id, bookingId))
		.limit(1);
	return row ?? null;
}

/** The clinic's state of each booking (its location's, else the specialist's): whose public holidays count. */
export async function clinicStatesOfBookings(exec: Executor, bookingIds: readonly string[]): Promise<Map<string, string | null>> {
	if (bookingIds.length === 0) return new Map();
	const rows = await exec
		.select({ id: booking.id, state: sql<string | null>`coalesce(${specialistLocation.state}, ${specialist.state})` })
		.from(booking)
		.innerJoin(specialist, eq(specialist.id, booking.specialistId))
		.leftJoin(specialistLocation, eq(specialistLocation.id, booking.locationId))
		.where(inArray(booking.id, [...bookingIds]));
	return new Map(rows.map((r) => [r.id, r.state]));
}

/** The checklist's items; an item already there (same category) is left as it is. */
export async function insertEnclosures(exec: Executor, rows: NewEnclosure[]): Promise<void> {
	if (rows.length === 0) return;
	await exec.insert(bookingEnclosure).values(rows).onConflictDoNothing();
}

const enclosuresSelect = (exec: Executor, bookingIds: (string | Placeholder)[]) =>
	exec
		.select()
		.from(bookingEnclosure)
		.where(inArray(bookingEnclosure.bookingId, bookingIds))
		.orderBy(asc(bookingEnclosure.bookingId), asc(bookingEnclosure.dueOn), asc(bookingEnclosure.createdAt), asc(bookingEnclosure.id));

/** Up to a list page's worth of bookings (25) are read by a prepared query, one per count. */
const PREPARED_BOOKINGS_MAX = 25;

const enclosuresOfBookingsQuery = preparedPerShape(
	PREPARED_BOOKINGS_MAX,
	(n: number) => (n > 0 && n <= PREPARED_BOOKINGS_MAX ? String(n) : null),
	(exec, n) =>
		enclosuresSelect(
			exec,
			placeholderNames('b', n).map((name) => sql.placeholder(name))
		).prepare(`enclosures_of_bookings_${n}`)
);

/** The checklist items of these bookings (every booking page reads its own; a list, its page's). */
export async function enclosuresOfBookings(exec: Executor, bookingIds: readonly string[]): Promise<EnclosureRow[]> {
	if (bookingIds.length === 0) return [];
	const prepared = enclosuresOfBookingsQuery(exec, bookingIds.length);
	if (prepared) return prepared.execute(placeholderValues('b', bookingIds));
	return enclosuresSelect(exec, [...bookingIds]);
}

export async function setEnclosureDueOn(exec: Executor, id: string, dueOn: string): Promise<void> {
	await exec.update(bookingEnclosure).set({ dueOn }).where(eq(bookingEnclosure.id, id));
}

/** Marks an item not applicable (with its sealed reason) or back to pending; answers the row, or null when not on that booking. */
export async function setEnclosureDecision(
	exec: Executor,
	bookingId: string,
	id: string,
	decision:
		| { state: 'not_applicable'; reasonEncrypted: string; decidedByUserId: string; decidedAt: Date }
		| { state: 'pending'; reasonEncrypted: null; decidedByUserId: string; decidedAt: Date }
): Promise<EnclosureRow | null> {
	const [row] = await exec
		.update(bookingEnclosure)
		.set(decision)
		.where(and(eq(bookingEnclosure.id, id), eq(bookingEnclosure.bookingId, bookingId)))
		.returning();
	return row ?? null;
}

/** The oldest live document of each category on these bookings: what meets their items. */
export async function liveCategoriesOfBookings(
	exec: Executor,
	bookingIds: readonly string[]
): Promise<{ bookingId: string; category: DocumentCategory; documentId: string }[]> {
	if (bookingIds.length === 0) return [];
	const rows = await exec
		.selectDistinctOn([document.bookingId, document.category], {
			bookingId: document.bookingId,
			category: document.category,
			documentId: document.id
		})
		.from(document)
		.where(and(inArray(document.bookingId, [...bookingIds]), isNull(document.deletedAt)))
		.orderBy(asc(document.bookingId), asc(document.category), asc(document.createdAt), asc(document.id));
	return rows;
}

/** Remembers the document first seen meeting an item (only when none is recorded). */
export async function recordMetDocument(exec: Executor, id: string, documentId: string): Promise<void> {
	await exec
		.update(bookingEnclosure)
		.set({ metDocumentId: documentId })
		.where(and(eq(bookingEnclosure.id, id), isNull(bookingEnclosure.metDocumentId)));
}

export interface OpenEnclosureRow {
	bookingId: string;
	reference: string;
	ownerUserId: string;
	startsAt: Date;
	clinicTimeZone: string;
	state: string | null;
	id: string;
	category: DocumentCategory;
	label: string;
	dueOn: string;
	businessDaysBefore: number;
}

/**
 * Pending items due on or before `dueBy` of examinations still to come (active, not cancelled),
 * with what reminders and the dashboard need. Whether a document meets them is checked after.
 */
export async function pendingEnclosuresDueBy(exec: Executor, dueBy: string, now: Date, limit = 2000): Promise<OpenEnclosureRow[]> {
	return exec
		.select({
			bookingId: booking.id,
			reference: booking.reference,
			ownerUserId: booking.ownerUserId,
			startsAt: booking.startsAt,
			clinicTimeZone: booking.clinicTimeZone,
			state: sql<string | null>`coalesce(${specialistLocation.state}, ${specialist.state})`,
			id: bookingEnclosure.id,
			category: bookingEnclosure.category,
			label: bookingEnclosure.label,
			dueOn: bookingEnclosure.dueOn,
			businessDaysBefore: bookingEnclosure.businessDaysBefore
		})
		.from(bookingEnclosure)
		.innerJoin(booking, eq(booking.id, bookingEnclosure.bookingId))
		.innerJoin(specialist, eq(specialist.id, booking.specialistId))
		.leftJoin(specialistLocation, eq(specialistLocation.id, booking.locationId))
		.where(
			and(
				eq(bookingEnclosure.state, 'pending'),
				lte(bookingEnclosure.dueOn, dueBy),
				eq(booking.status, 'active'),
				notInArray(booking.stage, ['cancelled', 'no_show']),
				gte(booking.startsAt, now)
			)
		)
		.orderBy(asc(bookingEnclosure.dueOn), asc(booking.startsAt), asc(bookingEnclosure.id))
		.limit(limit);
}

/** Claims today's digest for a referrer: true when this call wrote it (so it sends), false when it was there. */
export async function claimDigest(exec: Executor, userId: string, day: string, items: number): Promise<boolean> {
	const rows = await exec
		.insert(enclosureDigest)
		.values({ userId, day, items })
		.onConflictDoNothing()
		.returning({ userId: enclosureDigest.userId });
	return rows.length > 0;
}
