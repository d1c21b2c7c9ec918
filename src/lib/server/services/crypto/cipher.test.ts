import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Cipher, generateKey } from './cipher';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const cipher = new Cipher(new Map([['k1', k1]]), 'k1');

/** Flip one bit of a base64url part of a sealed value. */
function tamper(sealed: string, part: number): string {
	const parts = sealed.split('.');
	const bytes = Buffer.from(parts[part]!, 'base64url');
	bytes[0] = bytes[0]! ^ 0x01;
	parts[part] = bytes.toString('base64url');
	return parts.join('.');
}

describe('PHI cipher', () => {
	it('round-trips text, including unicode, and never shows the plaintext', () => {
		const plain = 'Jane Citizen — DOB 1970-01-01 ✓';
		const sealed = cipher.encrypt(plain, 'examinee');
		expect(sealed).not.toContain('Jane');
		expect(sealed.split('.').slice(0, 2)).toEqual(['v1', 'k1']);
		expect(cipher.decrypt(sealed, 'examinee')).toBe(plain);
	});

	it('seals the same value differently each time (random IV)', () => {
		const a = cipher.encrypt('same');
		const b = cipher.encrypt('same');
		expect(a).not.toBe(b);
		expect(cipher.decrypt(a)).toBe(cipher.decrypt(b));
	});

	it('refuses to open a value under different associated data', () => {
		const sealed = cipher.encrypt('secret', 'outbox');
		expect(() => cipher.decrypt(sealed, 'examinee')).toThrow();
		expect(() => cipher.decrypt(sealed)).toThrow();
	});

	it.each([
		['iv', 2],
		['auth tag', 3],
		['ciphertext', 4]
	])('refuses a value whose %s was tampered with', (_label, part) => {
		const sealed = cipher.encrypt('the original text', 'ad');
		expect(() => cipher.decrypt(tamper(sealed, part), 'ad')).toThrow();
	});

	it('refuses values that are not sealed by it', () => {
		expect(() => cipher.decrypt('plain text')).toThrow(/not a sealed value/);
		expect(() => cipher.decrypt('v2.k1.a.b.c')).toThrow(/not a sealed value/);
		expect(() => cipher.decrypt(cipher.encrypt('x').replace('v1.k1.', 'v1.k7.'))).toThrow(/k7 is not configured/);
	});

	it('cannot be built with an active key that is not configured', () => {
		expect(() => new Cipher(new Map([['k1', k1]]), 'k2')).toThrow(/k2/);
	});

	describe('key rotation', () => {
		const rotated = new Cipher(
			new Map([
				['k1', k1],
				['k2', k2]
			]),
			'k2'
		);

		it('still opens values sealed with the old key', () => {
			const old = cipher.encrypt('sealed before rotation', 'ad');
			expect(rotated.keyIdOf(old)).toBe('k1');
			expect(rotated.decrypt(old, 'ad')).toBe('sealed before rotation');
		});

		it('seals new values with the active key', () => {
			const fresh = rotated.encrypt('sealed after rotation');
			expect(rotated.keyIdOf(fresh)).toBe('k2');
			// The old-key-only cipher cannot read it: it really is under k2.
			expect(() => cipher.decrypt(fresh)).toThrow(/k2 is not configured/);
		});

		it('fails when the key of a value was removed', () => {
			const onlyK2 = new Cipher(new Map([['k2', k2]]), 'k2');
			expect(() => onlyK2.decrypt(cipher.encrypt('old'))).toThrow(/k1 is not configured/);
		});
	});

	describe('hmac', () => {
		it('is deterministic for one purpose and value', () => {
			expect(cipher.hmac('email', 'a@example.com')).toBe(cipher.hmac('email', 'a@example.com'));
			expect(cipher.hmac('email', 'a@example.com')).toMatch(/^[A-Za-z0-9_-]{43}$/);
		});

		it('differs between purposes, values and keys', () => {
			const base = cipher.hmac('email', 'a@example.com');
			expect(cipher.hmac('token', 'a@example.com')).not.toBe(base);
			expect(cipher.hmac('email', 'b@example.com')).not.toBe(base);
			expect(new Cipher(new Map([['k2', k2]]), 'k2').hmac('email', 'a@example.com')).not.toBe(base);
		});

		it('separates purpose from value so their boundary cannot be shifted', () => {
			expect(cipher.hmac('ab', 'c')).not.toBe(cipher.hmac('a', 'bc'));
		});
	});

	it('generates 32-byte keys', () => {
		const a = generateKey();
		expect(Buffer.from(a, 'base64')).toHaveLength(32);
		expect(generateKey()).not.toBe(a);
	});
});
