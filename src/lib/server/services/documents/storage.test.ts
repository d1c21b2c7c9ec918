/**
 * One contract for both document stores: the local directory and S3 (against s3rver, with the
 * checksum settings that keep streamed uploads intact).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type TestS3 } from '../../testing/s3';
import { LocalStore } from './local-store';
import { newStorageKey, type ObjectStore } from './storage';

async function bytesOf(r: Readable): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const p of r) parts.push(p as Buffer);
	return Buffer.concat(parts);
}

async function keys(store: ObjectStore): Promise<string[]> {
	const out: string[] = [];
	for await (const o of store.list()) out.push(o.key);
	return out;
}

/** A stream that gives `good` bytes, then fails (a client that went away mid-upload). */
function failingAfter(good: Buffer): Readable {
	let sent = false;
	return new Readable({
		read() {
			if (!sent) {
				sent = true;
				this.push(good);
			} else this.destroy(new Error('connection reset'));
		}
	});
}

const stores: Array<[string, () => Promise<{ store: ObjectStore; close: () => Promise<void> }>]> = [
	[
		'local directory',
		async () => {
			const dir = await mkdtemp(path.join(tmpdir(), 'ime-store-'));
			return { store: new LocalStore(dir), close: () => rm(dir, { recursive: true, force: true }) };
		}
	],
	[
		'S3 (s3rver)',
		async () => {
			const s3: TestS3 = await startS3();
			return { store: s3.store, close: () => s3.close() };
		}
	]
];

describe.each(stores)('document store: %s', (_name, open) => {
	let store: ObjectStore;
	let close: () => Promise<void>;
	beforeAll(async () => {
		({ store, close } = await open());
	});
	afterAll(() => close());

	it('stores a streamed body of many parts and gives it back whole and by range', async () => {
		const data = randomBytes(9 * 1024 * 1024 + 123);
		const key = newStorageKey();
		await store.put(
			key,
			Readable.from(
				(function* () {
					for (let at = 0; at < data.length; at += 100_000) yield data.subarray(at, at + 100_000);
				})()
			)
		);
		expect((await bytesOf(await store.get(key))).equals(data)).toBe(true);
		expect((await bytesOf(await store.get(key, { start: 5, end: 5 + 999 }))).equals(data.subarray(5, 1005))).toBe(true);
		expect((await bytesOf(await store.get(key, { start: data.length - 10, end: data.length - 1 }))).equals(data.subarray(-10))).toBe(true);
		expect(await keys(store)).toContain(key);
		await store.delete(key);
		await store.delete(key); // twice: not an error
		expect(await keys(store)).not.toContain(key);
		await expect(store.get(key)).rejects.toThrow();
	});

	it('keeps nothing under the key when the body fails half way', async () => {
		const key = newStorageKey();
		await expect(store.put(key, failingAfter(randomBytes(300_000)))).rejects.toThrow();
		await expect(store.get(key)).rejects.toThrow();
		expect((await keys(store)).filter((k) => k.startsWith(key.slice(0, 32)) && k === key)).toEqual([]);
	});
});

describe('local store keys', () => {
	it('refuses a key that could leave its directory', async () => {
		const store = new LocalStore('/tmp/ime-never');
		await expect(store.get('../../etc/passwd')).rejects.toThrow(/invalid object key/);
	});
});
