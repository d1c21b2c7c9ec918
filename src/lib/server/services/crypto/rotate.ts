/**
 * Key rotation for PHI at rest: every value sealed with a key other than the active one is
 * re-sealed with the active key, and the examinee-name blind index (keyed by the active key) is
 * recomputed. Batches, each in its own transaction; safe to run again or to interrupt.
 */
import type { Db } from '../../db/client';
import {
	bookingsSealedWithOtherKey,
	resealBooking,
	resealValue,
	valuesSealedWithOtherKey,
	type SealedColumn
} from '../../repositories/rotation.repository';
import type { Cipher } from './cipher';
import { nameTokens, openExaminee } from '../booking/examinee';

export interface RotationReport {
	[table: string]: number;
}

const BATCH = 200;

/** The additional data each sealed column is bound to. */
const AAD: Record<SealedColumn, string> = {
	booking_history: 'booking-note',
	booking_draft: 'booking-draft',
	appointment: 'appointment-client',
	outbox: 'outbox'
};

async function resealColumn(db: Db, cipher: Cipher, kid: string, which: SealedColumn): Promise<number> {
	const aad = AAD[which];
	let total = 0;
	for (;;) {
		const rows = await valuesSealedWithOtherKey(db, which, kid, BATCH);
		if (rows.length === 0) return total;
		await db.transaction(async (tx) => {
			for (const r of rows) if (r.value) await resealValue(tx, which, r.id, cipher.encrypt(cipher.decrypt(r.value, aad), aad));
		});
		total += rows.length;
	}
}

export async function rotatePhi(db: Db, cipher: Cipher, activeKeyId: string): Promise<RotationReport> {
	const report: RotationReport = {};
	// Bookings: examinee and intake together, and the blind index from the (re-read) name.
	let bookings = 0;
	for (;;) {
		const rows = await bookingsSealedWithOtherKey(db, activeKeyId, BATCH);
		if (rows.length === 0) break;
		await db.transaction(async (tx) => {
			for (const r of rows) {
				const e = openExaminee(cipher, r.examinee);
				await resealBooking(tx, r.id, {
					examineeEncrypted: cipher.encrypt(cipher.decrypt(r.examinee, 'booking-examinee'), 'booking-examinee'),
					intakeEncrypted: cipher.encrypt(cipher.decrypt(r.intake, 'booking-intake'), 'booking-intake'),
					examineeNameTokens: nameTokens(cipher, e)
				});
			}
		});
		bookings += rows.length;
	}
	report.booking = bookings;
	report.booking_history = await resealColumn(db, cipher, activeKeyId, 'booking_history');
	report.booking_draft = await resealColumn(db, cipher, activeKeyId, 'booking_draft');
	report.appointment = await resealColumn(db, cipher, activeKeyId, 'appointment');
	report.outbox = await resealColumn(db, cipher, activeKeyId, 'outbox');
	return report;
}
