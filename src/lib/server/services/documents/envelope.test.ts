import { randomBytes, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	CHUNK_BYTES,
	IntegrityError,
	decryptStream,
	encryptStream,
	newDataKey,
	sealedRangeFor,
	sealedSize,
	verifySha256
} from './envelope';

/** Feeds `data` in pieces of the given sizes (cycled), like a network would. */
function pieces(data: Buffer, sizes: number[] = [65536]): Readable {
	const out: Buffer[] = [];
	for (let at = 0, i = 0; at < data.length; i++) {
		const n = Math.max(1, sizes[i % sizes.length]!);
		out.push(data.subarray(at, at + n));
		at += n;
	}
	return Readable.from(out);
}

async function collect(stream: NodeJS.ReadableStream & AsyncIterable<Buffer>): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const p of stream) parts.push(p);
	return Buffer.concat(parts);
}

async function seal(key: Buffer, plain: Buffer, sizes?: number[]): Promise<Buffer> {
	return collect(pieces(plain, sizes).pipe(encryptStream(key)));
}

async function open(key: Buffer, sealed: Buffer, size: number, start?: number, end?: number): Promise<Buffer> {
	const r = sealedRangeFor(size, start ?? 0, end ?? size - 1);
	return collect(pieces(sealed.subarray(r.start, r.end + 1), [7777]).pipe(decryptStream(key, size, start, end)));
}

describe('document envelope encryption', () => {
	const key = newDataKey();

	it.each([1, 100, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 5])(
		'round-trips %i bytes and the stored size is as computed',
		async (n) => {
			const plain = randomBytes(n);
			const sealed = await seal(key, plain, [1000, 70000, 3]);
			expect(sealed.length).toBe(sealedSize(n));
			// A short plaintext can occur in random ciphertext by chance: only longer ones say anything.
			if (n >= 16) expect(sealed.includes(plain.subarray(0, Math.min(n, 32)))).toBe(false);
			expect((await open(key, sealed, n)).equals(plain)).toBe(true);
		}
	);

	it('reads any byte range by opening only the chunks that hold it', async () => {
		const n = 2 * CHUNK_BYTES + 1234;
		const plain = randomBytes(n);
		const sealed = await seal(key, plain);
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), async (a, b) => {
				const [start, end] = a <= b ? [a, b] : [b, a];
				const range = sealedRangeFor(n, start, end);
				expect(range.end - range.start + 1).toBeLessThanOrEqual(
					sealedSize(Math.min(n, (Math.floor(end / CHUNK_BYTES) - Math.floor(start / CHUNK_BYTES) + 1) * CHUNK_BYTES))
				);
				expect((await open(key, sealed, n, start, end)).equals(plain.subarray(start, end + 1))).toBe(true);
			}),
			{ numRuns: 60 }
		);
	});

	it('fails on a flipped bit, a wrong key, a dropped last chunk or extra bytes', async () => {
		const n = CHUNK_BYTES + 10;
		const plain = randomBytes(n);
		const sealed = await seal(key, plain);
		const flipped = Buffer.from(sealed);
		flipped[CHUNK_BYTES + 20] = flipped[CHUNK_BYTES + 20]! ^ 1;
		await expect(open(key, flipped, n)).rejects.toBeInstanceOf(IntegrityError);
		await expect(open(newDataKey(), sealed, n)).rejects.toBeInstanceOf(IntegrityError);
		const firstChunkOnly = sealed.subarray(0, CHUNK_BYTES + 16);
		await expect(collect(pieces(firstChunkOnly).pipe(decryptStream(key, n)))).rejects.toBeInstanceOf(IntegrityError);
		await expect(collect(pieces(Buffer.concat([sealed, Buffer.from('x')])).pipe(decryptStream(key, n)))).rejects.toBeInstanceOf(
			IntegrityError
		);
	});

	it('refuses chunks swapped in order (each is bound to its position)', async () => {
		const n = 2 * CHUNK_BYTES + 16;
		const sealed = await seal(key, randomBytes(n));
		const c = CHUNK_BYTES + 16;
		const swapped = Buffer.concat([sealed.subarray(c, 2 * c), sealed.subarray(0, c), sealed.subarray(2 * c)]);
		await expect(open(key, swapped, n)).rejects.toBeInstanceOf(IntegrityError);
	});

	it('a file cut at a chunk boundary cannot pass as complete (the last chunk is marked)', async () => {
		const n = 2 * CHUNK_BYTES;
		const sealed = await seal(key, randomBytes(n));
		// Claim the file was one chunk long: that chunk was not sealed as the last one.
		await expect(collect(pieces(sealed.subarray(0, CHUNK_BYTES + 16)).pipe(decryptStream(key, CHUNK_BYTES)))).rejects.toBeInstanceOf(
			IntegrityError
		);
	});

	describe('SHA-256 check', () => {
		it('passes the bytes through when the digest matches', async () => {
			const data = randomBytes(100_000);
			const digest = createHash('sha256').update(data).digest('hex');
			expect((await collect(pieces(data, [4096]).pipe(verifySha256(digest)))).equals(data)).toBe(true);
		});

		it('withholds the last piece and fails when it does not', async () => {
			const data = randomBytes(100_000);
			const received: Buffer[] = [];
			const check = verifySha256('0'.repeat(64));
			check.on('data', (p: Buffer) => received.push(p));
			await expect(pipeline(pieces(data, [4096]), check)).rejects.toBeInstanceOf(IntegrityError);
			expect(Buffer.concat(received).length).toBeLessThan(data.length);
		});
	});
});
