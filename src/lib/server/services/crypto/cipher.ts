/**
 * AES-256-GCM for PHI at rest. Each value carries the id of the key that sealed it, so keys rotate:
 * new values use the active key, old ones stay readable while their key is configured.
 * Format: `v1.<kid>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export class Cipher {
	constructor(
		private readonly keys: Map<string, Buffer>,
		private readonly activeKeyId: string
	) {
		if (!keys.has(activeKeyId)) throw new Error(`PHI key ${activeKeyId} is not configured`);
	}

	encrypt(plaintext: string, associatedData = ''): string {
		const key = this.keys.get(this.activeKeyId)!;
		const iv = randomBytes(12);
		const c = createCipheriv('aes-256-gcm', key, iv);
		c.setAAD(Buffer.from(associatedData));
		const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
		return ['v1', this.activeKeyId, iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
	}

	decrypt(sealed: string, associatedData = ''): string {
		const [version, kid, iv, tag, ct] = sealed.split('.');
		if (version !== 'v1' || !kid || iv === undefined || tag === undefined || ct === undefined) throw new Error('not a sealed value');
		const key = this.keys.get(kid);
		if (!key) throw new Error(`PHI key ${kid} is not configured`);
		const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
		d.setAAD(Buffer.from(associatedData));
		d.setAuthTag(Buffer.from(tag, 'base64url'));
		return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
	}

	/** Key id that sealed a value, so a rotation job can find what still uses an old key. */
	keyIdOf(sealed: string): string | undefined {
		return sealed.split('.')[1];
	}

	/** Keyed hash for blind indexes and token lookups; uses the active key, domain-separated. */
	hmac(purpose: string, value: string): string {
		return createHmac('sha256', this.keys.get(this.activeKeyId)!).update(`${purpose}\0${value}`).digest('base64url');
	}
}

export function generateKey(): string {
	return randomBytes(32).toString('base64');
}
