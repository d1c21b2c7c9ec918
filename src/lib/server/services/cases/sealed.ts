/**
 * A case's protected data at rest: the claimant (an examinee, sealed like a booking's), the case's
 * details (claim number, insurer, matter reference, notes) and a keyed hash of the claim number
 * that groups and finds cases without revealing it. The claimant's name is found by the same blind
 * index as bookings (`nameTokens` / `searchTokens` in ../booking/examinee).
 */
import { randomInt } from 'node:crypto';
import type { Examinee } from '../../../schemas/booking';
import type { SealedCaseDetails } from '../../../schemas/case';
import type { Cipher } from '../crypto/cipher';

const CLAIMANT_AAD = 'case-claimant';
const DETAILS_AAD = 'case-details';
const NOTE_AAD = 'case-note';
const CLAIM_PURPOSE = 'claim-number';

export const sealClaimant = (cipher: Cipher, e: Examinee) => cipher.encrypt(JSON.stringify(e), CLAIMANT_AAD);
export const openClaimant = (cipher: Cipher, sealed: string) => JSON.parse(cipher.decrypt(sealed, CLAIMANT_AAD)) as Examinee;
export const sealCaseDetails = (cipher: Cipher, d: SealedCaseDetails) => cipher.encrypt(JSON.stringify(d), DETAILS_AAD);
export const openCaseDetails = (cipher: Cipher, sealed: string) => JSON.parse(cipher.decrypt(sealed, DETAILS_AAD)) as SealedCaseDetails;
export const sealCaseNote = (cipher: Cipher, note: string) => cipher.encrypt(note, NOTE_AAD);
export const openCaseNote = (cipher: Cipher, sealed: string) => cipher.decrypt(sealed, NOTE_AAD);

/** Upper case, letters and digits only: "wc 123-456/a" and "WC123456A" are the same claim. */
export const normaliseClaimNumber = (claimNumber: string) =>
	claimNumber
		.normalize('NFKC')
		.toUpperCase()
		.replace(/[^\p{L}\p{N}]/gu, '');

/** The keyed hash of a claim number ('' when there is none, so cases without one never group). */
export function claimNumberHash(cipher: Cipher, claimNumber: string): string {
	const n = normaliseClaimNumber(claimNumber);
	return n ? cipher.hmac(CLAIM_PURPOSE, n) : '';
}

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const newCaseReference = () =>
	`CASE-${Array.from({ length: 6 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('')}`;
