/**
 * Australian mobile numbers, the only numbers SMS codes go to. People write them as
 * 0412 345 678, +61 412 345 678 or 61412345678; SMS gateways want E.164 (+61412345678).
 */

/** Australian mobiles: 04xx xxx xxx at home, +61 4xx xxx xxx from abroad (ACMA numbering plan). */
const AU_MOBILE = /^(?:\+?61|0)(4\d{8})$/;

/** The E.164 form of an Australian mobile number, or undefined when it is not one. */
export function auMobileToE164(input: string): string | undefined {
	// Spaces, dashes, dots and brackets are how people group digits; nothing else is accepted.
	const compact = input.trim().replace(/[\s().-]/g, '');
	const match = AU_MOBILE.exec(compact);
	return match ? `+61${match[1]}` : undefined;
}

export const AU_MOBILE_HINT = 'Enter an Australian mobile number, e.g. 0412 345 678.';
