/**
 * Key rotation for PHI at rest: every value sealed with a key other than the active one is
 * re-sealed with the active key, and the examinee-name blind index (keyed by the active key) is
 * recomputed. Batches, each in its own transaction; safe to run again or to interrupt.
 */
import type { Db } from '../../db/client';
import {
	bookingsSealedWithOtherKey,
	casesSealedWithOtherKey,
	resealBooking,
	resealCase,
	resealValue,
	valuesSealedWithOtherKey,
	type SealedColumn
} from '../../repositories/rotation.repository';
import type { Cipher } from './cipher';
import { nameTokens, openExaminee } from '../booking/examinee';
import { claimNumberHash, openCaseDetails, openClaimant, sealCaseDetails, sealClaimant } from '../cases/sealed';

export interface RotationReport {
	[table: string]: number;
}

const BATCH = 200;

/** The additional data each sealed column is bound to. */
const AAD: Record<SealedColumn, string> = {
	booking_history: 'booking-note',
	booking_draft: 'booking-draft',
	appointment: 'appointment-client',
	outbox: 'outbox',
	case_history: 'case-note',
	booking_enclosure: 'enclosure-reason',
	booking_logistics: 'booking-logistics',
	document_name: 'document-name',
	document_key: 'document-key',
	two_factor_backup_codes: 'backup-codes'
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
	// Every loop below re-reads rows not sealed with `activeKeyId`: were that not the key the cipher seals
	// with, nothing would ever match and the loops would never end.
	const sealsWith = cipher.keyIdOf(cipher.encrypt('', 'rotation-probe'));
	if (sealsWith !== activeKeyId) throw new Error(`PHI key ${activeKeyId} is not the active key (${sealsWith} is)`);
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
	// Cases: claimant and details together, the name's blind index and the claim number's hash (both keyed).
	let cases = 0;
	for (;;) {
		const rows = await casesSealedWithOtherKey(db, activeKeyId, BATCH);
		if (rows.length === 0) break;
		await db.transaction(async (tx) => {
			for (const r of rows) {
				const claimant = openClaimant(cipher, r.claimant);
				const details = openCaseDetails(cipher, r.details);
				await resealCase(tx, r.id, {
					claimantEncrypted: sealClaimant(cipher, claimant),
					detailsEncrypted: sealCaseDetails(cipher, details),
					claimantNameTokens: nameTokens(cipher, claimant),
					claimNumberHash: claimNumberHash(cipher, details.claimNumber)
				});
			}
		});
		cases += rows.length;
	}
	report.claim_case = cases;
	report.booking_history = await resealColumn(db, cipher, activeKeyId, 'booking_history');
	report.booking_draft = await resealColumn(db, cipher, activeKeyId, 'booking_draft');
	report.appointment = await resealColumn(db, cipher, activeKeyId, 'appointment');
	report.outbox = await resealColumn(db, cipher, activeKeyId, 'outbox');
	report.case_history = await resealColumn(db, cipher, activeKeyId, 'case_history');
	report.booking_enclosure = await resealColumn(db, cipher, activeKeyId, 'booking_enclosure');
	report.booking_logistics = await resealColumn(db, cipher, activeKeyId, 'booking_logistics');
	report.document_name = await resealColumn(db, cipher, activeKeyId, 'document_name');
	report.document_key = await resealColumn(db, cipher, activeKeyId, 'document_key');
	report.two_factor_backup_codes = await resealColumn(db, cipher, activeKeyId, 'two_factor_backup_codes');
	return report;
}
