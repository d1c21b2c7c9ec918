import { createHmac, timingSafeEqual } from 'node:crypto';

/** Acuity signs the raw body: base64(HMAC-SHA256(body, API key)). Compared in constant time. */
export function acuitySignature(rawBody: Uint8Array | string, apiKey: string): string {
	return createHmac('sha256', apiKey).update(rawBody).digest('base64');
}

export function verifyAcuitySignature(rawBody: Uint8Array, signature: string | null, apiKey: string): boolean {
	if (!signature) return false;
	const expected = Buffer.from(acuitySignature(rawBody, apiKey));
	const given = Buffer.from(signature.trim());
	// timingSafeEqual needs equal lengths; comparing against itself keeps the time constant.
	if (given.length !== expected.length) {
		timingSafeEqual(expected, expected);
		return false;
	}
	return timingSafeEqual(given, expected);
}
