/**
 * Key rotation for PHI at rest: every value sealed with a key other than the active one is
 * re-sealed with the active key, and the examinee-name blind index (keyed by the active key) is
 * recomputed. Batches, each in its own transaction; safe to run again or to interrupt.
 */
import { and, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { appointment, booking, bookingDraft, bookingHistory, outbox } from '../../db/schema';
import type { Cipher } from './cipher';
import { nameTokens, openExaminee } from '../booking/examinee';

export interface RotationReport {
	[table: string]: number;
}

const BATCH = 200;
const notActive = (col: PgColumn, kid: string): SQL => sql`split_part(${col}, '.', 2) <> ${kid}`;

async function resealColumn(
	db: Db,
	cipher: Cipher,
	kid: string,
	table: PgTable,
	idCol: PgColumn,
	col: PgColumn,
	aad: string
): Promise<number> {
	let total = 0;
	for (;;) {
		const rows = (await db
			.select({ id: idCol, value: col })
			.from(table)
			.where(and(isNotNull(col), notActive(col, kid)))
			.limit(BATCH)) as { id: string; value: string | null }[];
		if (rows.length === 0) return total;
		await db.transaction(async (tx) => {
			for (const r of rows)
				if (r.value)
					await tx
						.update(table)
						.set({ [keyOf(table, col)]: cipher.encrypt(cipher.decrypt(r.value, aad), aad) })
						.where(eq(idCol, r.id));
		});
		total += rows.length;
	}
}

/** The JS property name of a column in its table (Drizzle updates by property, not SQL name). */
function keyOf(table: PgTable, col: PgColumn): string {
	for (const [k, v] of Object.entries(table)) if (v === col) return k;
	throw new Error(`column ${col.name} not found`);
}

export async function rotatePhi(db: Db, cipher: Cipher, activeKeyId: string): Promise<RotationReport> {
	const report: RotationReport = {};
	// Bookings: examinee and intake together, and the blind index from the (re-read) name.
	let bookings = 0;
	for (;;) {
		const rows = await db
			.select({ id: booking.id, examinee: booking.examineeEncrypted, intake: booking.intakeEncrypted })
			.from(booking)
			.where(sql`${notActive(booking.examineeEncrypted, activeKeyId)} OR ${notActive(booking.intakeEncrypted, activeKeyId)}`)
			.limit(BATCH);
		if (rows.length === 0) break;
		await db.transaction(async (tx) => {
			for (const r of rows) {
				const e = openExaminee(cipher, r.examinee);
				await tx
					.update(booking)
					.set({
						examineeEncrypted: cipher.encrypt(cipher.decrypt(r.examinee, 'booking-examinee'), 'booking-examinee'),
						intakeEncrypted: cipher.encrypt(cipher.decrypt(r.intake, 'booking-intake'), 'booking-intake'),
						examineeNameTokens: nameTokens(cipher, e)
					})
					.where(eq(booking.id, r.id));
			}
		});
		bookings += rows.length;
	}
	report.booking = bookings;
	report.booking_history = await resealColumn(
		db,
		cipher,
		activeKeyId,
		bookingHistory,
		bookingHistory.id,
		bookingHistory.noteEncrypted,
		'booking-note'
	);
	report.booking_draft = await resealColumn(
		db,
		cipher,
		activeKeyId,
		bookingDraft,
		bookingDraft.id,
		bookingDraft.dataEncrypted,
		'booking-draft'
	);
	report.appointment = await resealColumn(
		db,
		cipher,
		activeKeyId,
		appointment,
		appointment.id,
		appointment.clientEncrypted,
		'appointment-client'
	);
	report.outbox = await resealColumn(db, cipher, activeKeyId, outbox, outbox.id, outbox.payload, 'outbox');
	return report;
}
