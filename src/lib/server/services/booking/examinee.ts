/**
 * Examinee details at rest: one AES-256-GCM value per booking (key id inside, so keys rotate), and
 * a blind index for searching by name — keyed HMACs of each normalised word, never the words.
 */
import type { Examinee, IntakeAnswers } from '../../../schemas/booking';
import type { Cipher } from '../crypto/cipher';

const EXAMINEE_AAD = 'booking-examinee';
const INTAKE_AAD = 'booking-intake';
const NAME_PURPOSE = 'examinee-name';

/** Lower case, accents removed, words of letters and digits (O'Brien → obrien, Zoë → zoe). */
export function nameWords(text: string): string[] {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/['’]/g, '')
		.split(/[^\p{L}\p{N}]+/u)
		.filter((w) => w.length > 0);
}

export function nameTokens(cipher: Cipher, examinee: Pick<Examinee, 'givenNames' | 'familyName'>): string[] {
	return [...new Set(nameWords(`${examinee.givenNames} ${examinee.familyName}`))].map((w) => cipher.hmac(NAME_PURPOSE, w));
}

/** The tokens to look for: every word of the search must match a word of the name. */
export function searchTokens(cipher: Cipher, query: string): string[] {
	return [...new Set(nameWords(query))].slice(0, 5).map((w) => cipher.hmac(NAME_PURPOSE, w));
}

export const sealExaminee = (cipher: Cipher, e: Examinee) => cipher.encrypt(JSON.stringify(e), EXAMINEE_AAD);
export const openExaminee = (cipher: Cipher, sealed: string) => JSON.parse(cipher.decrypt(sealed, EXAMINEE_AAD)) as Examinee;
export const sealIntake = (cipher: Cipher, a: IntakeAnswers) => cipher.encrypt(JSON.stringify(a), INTAKE_AAD);
export const openIntake = (cipher: Cipher, sealed: string) => JSON.parse(cipher.decrypt(sealed, INTAKE_AAD)) as IntakeAnswers;
export const examineeName = (e: Pick<Examinee, 'givenNames' | 'familyName'>) => `${e.givenNames} ${e.familyName}`;
