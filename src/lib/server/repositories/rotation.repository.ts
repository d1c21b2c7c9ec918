/**
 * Key rotation's queries: values sealed with a key other than the active one (a sealed value reads
 * `v1.<kid>.…`), in batches, and the re-sealed values written back.
 */
import { and, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client';
import {
	appointment,
	booking,
	bookingDraft,
	bookingEnclosure,
	bookingHistory,
	bookingLogistics,
	caseHistory,
	claimCase,
	document,
	outbox,
	twoFactor
} from '../db/schema';

const notActive = (col: PgColumn, kid: string): SQL => sql`split_part(${col}, '.', 2) <> ${kid}`;

/** The sealed columns re-sealed one by one (the booking's examinee and intake go together). */
const SEALED = {
	booking_history: { table: bookingHistory, id: bookingHistory.id, column: bookingHistory.noteEncrypted },
	booking_draft: { table: bookingDraft, id: bookingDraft.id, column: bookingDraft.dataEncrypted },
	appointment: { table: appointment, id: appointment.id, column: appointment.clientEncrypted },
	outbox: { table: outbox, id: outbox.id, column: outbox.payload },
	case_history: { table: caseHistory, id: caseHistory.id, column: caseHistory.noteEncrypted },
	booking_enclosure: { table: bookingEnclosure, id: bookingEnclosure.id, column: bookingEnclosure.reasonEncrypted },
	booking_logistics: { table: bookingLogistics, id: bookingLogistics.bookingId, column: bookingLogistics.dataEncrypted },
	// A document's name, and its data key (the object itself stays as stored: its key is what is re-sealed).
	document_name: { table: document, id: document.id, column: document.nameEncrypted },
	document_key: { table: document, id: document.id, column: document.keyEncrypted },
	two_factor_backup_codes: { table: twoFactor, id: twoFactor.id, column: twoFactor.backupCodes }
} satisfies Record<string, { table: PgTable; id: PgColumn; column: PgColumn }>;
export type SealedColumn = keyof typeof SEALED;

/** Up to `limit` bookings whose examinee or intake is sealed with another key than `kid`. */
export async function bookingsSealedWithOtherKey(
	exec: Executor,
	kid: string,
	limit: number
): Promise<{ id: string; examinee: string; intake: string }[]> {
	return exec
		.select({ id: booking.id, examinee: booking.examineeEncrypted, intake: booking.intakeEncrypted })
		.from(booking)
		.where(sql`${notActive(booking.examineeEncrypted, kid)} OR ${notActive(booking.intakeEncrypted, kid)}`)
		.limit(limit);
}

/** Writes a booking's re-sealed examinee and intake, and the name's blind index. */
export async function resealBooking(
	exec: Executor,
	id: string,
	values: { examineeEncrypted: string; intakeEncrypted: string; examineeNameTokens: string[] }
): Promise<void> {
	await exec.update(booking).set(values).where(eq(booking.id, id));
}

/** Up to `limit` rows whose value in the column is set and sealed with another key than `kid`. */
export async function valuesSealedWithOtherKey(
	exec: Executor,
	which: SealedColumn,
	kid: string,
	limit: number
): Promise<{ id: string; value: string | null }[]> {
	const { table, id, column } = SEALED[which];
	return await exec
		.select({ id, value: column })
		.from(table)
		.where(and(isNotNull(column), notActive(column, kid)))
		.limit(limit);
}

/** The JS property name of a column in its table (Drizzle updates by property, not SQL name). */
function keyOf(table: PgTable, col: PgColumn): string {
	for (const [k, v] of Object.entries(table)) if (v === col) return k;
	throw new Error(`column ${col.name} not found`);
}

/** Writes one row's re-sealed value of the column. */
export async function resealValue(exec: Executor, which: SealedColumn, rowId: string, sealed: string): Promise<void> {
	const { table, id, column } = SEALED[which];
	await exec
		.update(table)
		.set({ [keyOf(table, column)]: sealed })
		.where(eq(id, rowId));
}

/** Up to `limit` cases whose claimant or details are sealed with another key than `kid`. */
export async function casesSealedWithOtherKey(
	exec: Executor,
	kid: string,
	limit: number
): Promise<{ id: string; claimant: string; details: string }[]> {
	return exec
		.select({ id: claimCase.id, claimant: claimCase.claimantEncrypted, details: claimCase.detailsEncrypted })
		.from(claimCase)
		.where(sql`${notActive(claimCase.claimantEncrypted, kid)} OR ${notActive(claimCase.detailsEncrypted, kid)}`)
		.limit(limit);
}

/** Writes a case's re-sealed claimant and details, the name's blind index and the claim number's hash. */
export async function resealCase(
	exec: Executor,
	id: string,
	values: { claimantEncrypted: string; detailsEncrypted: string; claimantNameTokens: string[]; claimNumberHash: string }
): Promise<void> {
	// Not a change anyone made: the list order (updated_at) stays.
	await exec.update(claimCase).set(values).where(eq(claimCase.id, id));
}
