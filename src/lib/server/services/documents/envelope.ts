/**
 * How a document is encrypted at rest, in either store: the plaintext is cut into 256 KiB chunks,
 * each sealed with AES-256-GCM under the document's own random data key. A chunk's nonce holds its
 * index and whether it is the last one, so chunks cannot be reordered, dropped or the object cut
 * short without the decryption failing. Chunks make Range reads cheap: only the chunks that hold
 * the range are read and opened.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, type DecipherGCM } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export const CHUNK_BYTES = 256 * 1024;
export const TAG_BYTES = 16;
const SEALED_CHUNK = CHUNK_BYTES + TAG_BYTES;

/** The stored bytes do not match what was stored: never serve them as good. */
export class IntegrityError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'IntegrityError';
	}
}

export const newDataKey = () => randomBytes(32);

const chunkCount = (plainSize: number) => Math.ceil(plainSize / CHUNK_BYTES);

export function sealedSize(plainSize: number): number {
	return plainSize + chunkCount(plainSize) * TAG_BYTES;
}

/** A chunk's 12-byte nonce: whether it is the last one, then its index. */
export function nonce(index: number, last: boolean): Buffer {
	const n = Buffer.alloc(12);
	n[0] = last ? 1 : 0;
	n.writeBigUInt64BE(BigInt(index), 4);
	return n;
}

/** Collects incoming pieces and hands out exact-size blocks, copying as little as it can. */
class Blocks {
	private parts: Buffer[] = [];
	length = 0;
	push(b: Buffer) {
		if (b.length) {
			this.parts.push(b);
			this.length += b.length;
		}
	}
	take(n: number): Buffer {
		const first = this.parts[0];
		let out: Buffer;
		if (first && first.length >= n) {
			out = first.subarray(0, n);
			if (first.length === n) this.parts.shift();
			else this.parts[0] = first.subarray(n);
		} else {
			const all = Buffer.concat(this.parts, this.length);
			out = all.subarray(0, n);
			this.parts = all.length > n ? [all.subarray(n)] : [];
		}
		this.length -= n;
		return out;
	}
}

/** Plaintext in, sealed chunks out. */
export function encryptStream(key: Buffer): Transform {
	const pending = new Blocks();
	let index = 0;
	const seal = (plain: Buffer, last: boolean) => {
		const c = createCipheriv('aes-256-gcm', key, nonce(index++, last));
		return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
	};
	return new Transform({
		transform(piece: Buffer, _enc, done: TransformCallback) {
			pending.push(piece);
			// A full chunk is sealed only once more data follows: until then it may be the last.
			while (pending.length > CHUNK_BYTES) this.push(seal(pending.take(CHUNK_BYTES), false));
			done();
		},
		flush(done: TransformCallback) {
			if (pending.length > 0) this.push(seal(pending.take(pending.length), true));
			done();
		}
	});
}

export interface SealedRange {
	/** Byte range of the stored object to read (inclusive). */
	start: number;
	end: number;
}

/** Which stored bytes hold plaintext bytes `start..end` (inclusive). */
export function sealedRangeFor(plainSize: number, start: number, end: number): SealedRange {
	const first = Math.floor(start / CHUNK_BYTES);
	const last = Math.floor(end / CHUNK_BYTES);
	return { start: first * SEALED_CHUNK, end: Math.min((last + 1) * SEALED_CHUNK, sealedSize(plainSize)) - 1 };
}

/** Room for a few chunks between stages, so reading, decrypting and sending overlap. */
const STAGE_BUFFER = 4 * CHUNK_BYTES;

/**
 * (The download route opens objects with open-sealed.ts: the same checks, off the event loop.)
 * Sealed chunks in (exactly the bytes `sealedRangeFor` named), plaintext `start..end` out. Any
 * tampering, reordering or truncation fails the stream with an IntegrityError. Pieces are opened
 * as they arrive (no copying into whole chunks), but a chunk's plaintext is passed on only once
 * its tag has been verified.
 */
export function decryptStream(key: Buffer, plainSize: number, start = 0, end = plainSize - 1): Transform {
	const total = chunkCount(plainSize);
	let index = Math.floor(start / CHUNK_BYTES);
	const lastIndex = Math.floor(end / CHUNK_BYTES);
	let decipher: DecipherGCM | null = null;
	let cipherLeft = 0;
	let tag: Buffer[] = [];
	let tagLength = 0;
	let opened: Buffer[] = [];
	const sealedLength = (i: number) => (i === total - 1 ? plainSize - i * CHUNK_BYTES + TAG_BYTES : SEALED_CHUNK);

	/** The verified chunk's plaintext, cut to the wanted range. */
	function* release(i: number): Generator<Buffer> {
		const chunkStart = i * CHUNK_BYTES;
		const from = Math.max(start - chunkStart, 0);
		const to = Math.min(end - chunkStart + 1, sealedLength(i) - TAG_BYTES);
		let at = 0;
		for (const part of opened) {
			const a = Math.max(from - at, 0);
			const b = Math.min(to - at, part.length);
			if (b > a) yield a === 0 && b === part.length ? part : part.subarray(a, b);
			at += part.length;
		}
		opened = [];
	}

	return new Transform({
		readableHighWaterMark: STAGE_BUFFER,
		writableHighWaterMark: STAGE_BUFFER,
		transform(piece: Buffer, _enc, done: TransformCallback) {
			try {
				while (piece.length > 0) {
					if (!decipher) {
						if (index > lastIndex) throw new IntegrityError('stored object is longer than recorded');
						decipher = createDecipheriv('aes-256-gcm', key, nonce(index, index === total - 1));
						cipherLeft = sealedLength(index) - TAG_BYTES;
						tag = [];
						tagLength = 0;
					}
					if (cipherLeft > 0) {
						const n = Math.min(cipherLeft, piece.length);
						opened.push(decipher.update(piece.subarray(0, n)));
						cipherLeft -= n;
						piece = piece.subarray(n);
						continue;
					}
					const n = Math.min(TAG_BYTES - tagLength, piece.length);
					tag.push(piece.subarray(0, n));
					tagLength += n;
					piece = piece.subarray(n);
					if (tagLength === TAG_BYTES) {
						try {
							decipher.setAuthTag(Buffer.concat(tag, TAG_BYTES));
							decipher.final();
						} catch {
							throw new IntegrityError(`chunk ${index} failed authentication`);
						}
						for (const part of release(index)) this.push(part);
						decipher = null;
						index++;
					}
				}
				done();
			} catch (err) {
				done(err as Error);
			}
		},
		flush(done: TransformCallback) {
			if (decipher || index <= lastIndex) done(new IntegrityError('stored object is shorter than recorded'));
			else done();
		}
	});
}

/**
 * Passes the plaintext through while hashing it, holding back the last piece until the end: if the
 * SHA-256 is not the one recorded at upload, the stream fails before the client has every byte,
 * so a corrupted document never arrives as a complete file.
 */
export function verifySha256(expectedHex: string): Transform {
	const hash = createHash('sha256');
	let held: Buffer | null = null;
	return new Transform({
		readableHighWaterMark: STAGE_BUFFER,
		writableHighWaterMark: STAGE_BUFFER,
		transform(piece: Buffer, _enc, done: TransformCallback) {
			hash.update(piece);
			if (held) this.push(held);
			held = piece;
			done();
		},
		flush(done: TransformCallback) {
			if (hash.digest('hex') !== expectedHex) return done(new IntegrityError('SHA-256 does not match the one recorded at upload'));
			if (held) this.push(held);
			done();
		}
	});
}
