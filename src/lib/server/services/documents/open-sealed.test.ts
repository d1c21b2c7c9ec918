/**
 * The download path's opener (open-sealed.ts) against the envelope format as stored: every check
 * `decryptStream` + `verifySha256` make, with the work on the thread pool and a worker thread.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, IntegrityError, decryptStream, encryptStream, newDataKey, sealedRangeFor, sealedSize } from './envelope';
import { SLICE_BYTES, _stopWorkers, openSealed } from './open-sealed';

/**
 * Feeds `data` in pieces of the given sizes (cycled), like a network or a file read would: copies,
 * as a store's pieces are (openSealed may move them to a worker).
 */
function pieces(data: Buffer, sizes: number[] = [65536]): Readable {
	const out: Buffer[] = [];
	for (let at = 0, i = 0; at < data.length; i++) {
		const n = Math.max(1, sizes[i % sizes.length]!);
		out.push(Buffer.from(new Uint8Array(data.subarray(at, at + n)).buffer));
		at += n;
	}
	return Readable.from(out);
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const p of stream) parts.push(p);
	return Buffer.concat(parts);
}

const seal = (key: Buffer, plain: Buffer) => collect(pieces(plain, [1000, 70000, 3]).pipe(encryptStream(key)));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Opens the stored bytes of plaintext `start..end`, fed in pieces of `sizes`. */
function open(key: Buffer, sealed: Buffer, size: number, o: { start?: number; end?: number; sha256?: string; sizes?: number[] } = {}) {
	const r = sealedRangeFor(size, o.start ?? 0, o.end ?? size - 1);
	return collect(openSealed(pieces(sealed.subarray(r.start, r.end + 1), o.sizes ?? [7777]), key, size, o));
}

describe('openSealed (the download path)', () => {
	const key = newDataKey();

	it.each([1, 100, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 9 * CHUNK_BYTES + 5])(
		'opens %i bytes sealed by encryptStream, with and without the SHA-256 check, in any piece sizes',
		async (n) => {
			const plain = randomBytes(n);
			const sealed = await seal(key, plain);
			expect(sealed.length).toBe(sealedSize(n));
			for (const sizes of [[7777], [1], [CHUNK_BYTES + 16], [4 * (CHUNK_BYTES + 16)], [3 * CHUNK_BYTES + 1000, 5]]) {
				if (sizes[0] === 1 && n > 1000) continue; // one byte at a time: only for the small ones
				expect((await open(key, sealed, n, { sizes })).equals(plain)).toBe(true);
				expect((await open(key, sealed, n, { sizes, sha256: sha(plain) })).equals(plain)).toBe(true);
			}
			// The old opener reads the same bytes the same way (one format).
			expect((await collect(pieces(sealed).pipe(decryptStream(key, n)))).equals(plain)).toBe(true);
		}
	);

	it('reads any byte range by opening only the chunks that hold it', async () => {
		const n = 5 * CHUNK_BYTES + 1234;
		const plain = randomBytes(n);
		const sealed = await seal(key, plain);
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), async (a, b) => {
				const [start, end] = a <= b ? [a, b] : [b, a];
				expect((await open(key, sealed, n, { start, end })).equals(plain.subarray(start, end + 1))).toBe(true);
			}),
			{ numRuns: 40 }
		);
	});

	it('counts every byte it hands on', async () => {
		const plain = randomBytes(3 * CHUNK_BYTES + 7);
		let counted = 0;
		const out = openSealed(pieces(await seal(key, plain)), key, plain.length, { sha256: sha(plain), onBytes: (k) => (counted += k) });
		expect((await collect(out)).length).toBe(plain.length);
		expect(counted).toBe(plain.length);
	});

	it('fails on a flipped bit (in any chunk), a wrong key, a dropped last chunk, extra bytes or swapped chunks', async () => {
		const n = 6 * CHUNK_BYTES + 10;
		const plain = randomBytes(n);
		const sealed = await seal(key, plain);
		for (const at of [20, 3 * CHUNK_BYTES + 100, sealed.length - 1]) {
			const flipped = Buffer.from(sealed);
			flipped[at] = flipped[at]! ^ 1;
			await expect(open(key, flipped, n)).rejects.toBeInstanceOf(IntegrityError);
			await expect(open(key, flipped, n, { sha256: sha(plain) })).rejects.toBeInstanceOf(IntegrityError);
		}
		await expect(open(newDataKey(), sealed, n)).rejects.toBeInstanceOf(IntegrityError);
		const c = CHUNK_BYTES + 16;
		await expect(collect(openSealed(pieces(sealed.subarray(0, 6 * c)), key, n))).rejects.toThrow('shorter than recorded');
		await expect(collect(openSealed(pieces(Buffer.concat([sealed, Buffer.from('x')])), key, n))).rejects.toThrow('longer than recorded');
		const swapped = Buffer.concat([sealed.subarray(c, 2 * c), sealed.subarray(0, c), sealed.subarray(2 * c)]);
		await expect(open(key, swapped, n)).rejects.toThrow('chunk 0 failed authentication');
		// Claim the file was one chunk long: that chunk was not sealed as the last one.
		await expect(collect(openSealed(pieces(sealed.subarray(0, c)), key, CHUNK_BYTES))).rejects.toBeInstanceOf(IntegrityError);
	});

	it('hands a chunk on only once its tag is checked, in pieces small enough for the allocator to reuse', async () => {
		const n = 6 * CHUNK_BYTES;
		const plain = randomBytes(n);
		const sealed = await seal(key, plain);
		// A stored piece boundary inside a tag, one inside the ciphertext, one exactly at a chunk's end.
		for (const sizes of [[CHUNK_BYTES + 8], [100_000], [4 * (CHUNK_BYTES + 16)]]) {
			const sizesSeen: number[] = [];
			const out = openSealed(pieces(sealed, sizes), key, n, { sha256: sha(plain) });
			out.on('data', (p: Buffer) => sizesSeen.push(p.length));
			await new Promise((resolve, reject) => out.on('end', resolve).on('error', reject));
			expect(sizesSeen.reduce((a, b) => a + b, 0)).toBe(n);
			expect(Math.max(...sizesSeen)).toBeLessThanOrEqual(SLICE_BYTES);
		}
		// The third chunk's tag altered: nothing of that chunk (or after it) reaches the reader.
		const tampered = Buffer.from(sealed);
		const tagAt = 3 * (CHUNK_BYTES + 16) - 5;
		tampered[tagAt] = tampered[tagAt]! ^ 1;
		for (const sizes of [[CHUNK_BYTES + 8], [1_000_000], [6 * (CHUNK_BYTES + 16)]]) {
			const received: Buffer[] = [];
			const out = openSealed(pieces(tampered, sizes), key, n);
			out.on('data', (p: Buffer) => received.push(p));
			await expect(new Promise((resolve, reject) => out.on('end', resolve).on('error', reject))).rejects.toThrow(
				'chunk 2 failed authentication'
			);
			const got = Buffer.concat(received);
			expect(got.length).toBeLessThanOrEqual(2 * CHUNK_BYTES);
			expect(got.equals(plain.subarray(0, got.length))).toBe(true);
		}
	});

	it('withholds the last piece when the SHA-256 does not match', async () => {
		const plain = randomBytes(5 * CHUNK_BYTES + 3);
		const sealed = await seal(key, plain);
		const received: Buffer[] = [];
		const out = openSealed(pieces(sealed), key, plain.length, { sha256: '0'.repeat(64) });
		out.on('data', (p: Buffer) => received.push(p));
		await expect(new Promise((resolve, reject) => out.on('end', resolve).on('error', reject))).rejects.toThrow('SHA-256 does not match');
		expect(Buffer.concat(received).length).toBeLessThan(plain.length);
		expect(plain.subarray(0, Buffer.concat(received).length).equals(Buffer.concat(received))).toBe(true);
	});

	it('opens many files at once, each checked against its own digest', async () => {
		const files = await Promise.all(
			Array.from({ length: 6 }, async (_, i) => {
				const k = newDataKey();
				const plain = randomBytes(2 * CHUNK_BYTES + i * 1000);
				return { k, plain, sealed: await seal(k, plain) };
			})
		);
		const got = await Promise.all(files.map((f) => open(f.k, f.sealed, f.plain.length, { sha256: sha(f.plain) })));
		got.forEach((g, i) => expect(g.equals(files[i]!.plain)).toBe(true));
		// One wrong digest among good ones fails only its own download.
		const results = await Promise.allSettled(
			files.map((f, i) => open(f.k, f.sealed, f.plain.length, { sha256: i === 2 ? 'f'.repeat(64) : sha(f.plain) }))
		);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
	});

	it('stops reading the store when the reader goes away, and reads little ahead of it', async () => {
		const n = 100 * CHUNK_BYTES;
		const plain = randomBytes(n);
		const sealed = await seal(key, plain);
		let read = 0;
		const source = new Readable({
			read() {
				const p = sealed.subarray(read, read + CHUNK_BYTES + 16);
				read += p.length;
				this.push(p.length ? p : null);
			}
		});
		const out = openSealed(source, key, n, { sha256: sha(plain) });
		const first = await new Promise<Buffer>((resolve) => out.once('data', resolve));
		out.pause();
		await new Promise((r) => setTimeout(r, 100));
		expect(first.length).toBeGreaterThan(0);
		// Four batches of four chunks in flight, one batch waiting: far from the 100 chunks of the file.
		expect(read).toBeLessThan(32 * (CHUNK_BYTES + 16));
		out.destroy();
		await new Promise((r) => setTimeout(r, 20));
		expect(source.destroyed).toBe(true);
	});

	it('a worker that dies fails the downloads in flight instead of leaving them hanging; the next starts afresh', async () => {
		const plain = randomBytes(60 * CHUNK_BYTES);
		const sealed = await seal(key, plain);
		const out = openSealed(pieces(sealed, [4 * (CHUNK_BYTES + 16)]), key, plain.length, { sha256: sha(plain) });
		// The expectation is attached at once: the download may fail while the workers are stopping.
		const done = expect(collect(out)).rejects.toThrow('a document worker stopped');
		await new Promise((resolve) => out.once('data', resolve));
		await _stopWorkers();
		await done;
		expect((await open(key, sealed, plain.length, { sha256: sha(plain) })).equals(plain)).toBe(true);
	});

	it('a worker that dies under a download piped to a response leaves no promise rejected unhandled', async () => {
		const unhandled: unknown[] = [];
		const record = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', record);
		try {
			const plain = randomBytes(60 * CHUNK_BYTES);
			const sealed = await seal(key, plain);
			let started!: () => void;
			const first = new Promise<void>((resolve) => (started = resolve));
			const sink = new Writable({
				highWaterMark: 1,
				write(_chunk, _encoding, callback) {
					started();
					setTimeout(callback, 5); // a slow client: batches stay in flight
				}
			});
			const piped = pipeline(openSealed(pieces(sealed, [4 * (CHUNK_BYTES + 16)]), key, plain.length, { sha256: sha(plain) }), sink);
			piped.catch(() => undefined);
			await first;
			await _stopWorkers();
			await expect(piped).rejects.toThrow('a document worker stopped');
			await new Promise((resolve) => setTimeout(resolve, 50)); // past the turns where Node reports rejections
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', record);
		}
	});

	it('an empty file opens to nothing and checks the empty digest', async () => {
		const sealed = await seal(key, Buffer.alloc(0));
		expect(sealed.length).toBe(0);
		expect((await collect(openSealed(pieces(sealed), key, 0, { sha256: sha(Buffer.alloc(0)) }))).length).toBe(0);
		await expect(collect(openSealed(pieces(sealed), key, 0, { sha256: 'f'.repeat(64) }))).rejects.toBeInstanceOf(IntegrityError);
	});
});
