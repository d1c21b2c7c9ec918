/**
 * The embedded default: objects as files under a directory (`<dir>/<2 chars>/<key>`). A file is
 * written under a temporary name and renamed when complete, so a crash leaves only a `.part` file,
 * which the sweeper removes.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CHUNK_BYTES, TAG_BYTES } from './envelope';
import type { ObjectStore, StoredObject } from './storage';

const KEY = /^[0-9a-f]{32}(\.part-[0-9a-f]{8})?$/;
const READ_BYTES = 4 * (CHUNK_BYTES + TAG_BYTES);

export class LocalStore implements ObjectStore {
	readonly kind = 'local' as const;
	/** `dir`: where the objects live (public for the sweeper's tests and the benchmark). */
	constructor(readonly dir: string) {}

	private pathOf(key: string): string {
		if (!KEY.test(key)) throw new Error('invalid object key');
		return path.join(this.dir, key.slice(0, 2), key);
	}

	async put(key: string, body: Readable): Promise<void> {
		const final = this.pathOf(key);
		const part = this.pathOf(`${key}.part-${randomBytes(4).toString('hex')}`);
		await mkdir(path.dirname(final), { recursive: true });
		try {
			await pipeline(body, createWriteStream(part, { mode: 0o600, flush: true }));
			await rename(part, final);
		} catch (err) {
			await unlink(part).catch(() => undefined);
			throw err;
		}
	}

	async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
		const file = this.pathOf(key);
		await stat(file);
		// Reads of four whole sealed chunks (envelope.ts), about 1 MiB: every read is a round trip
		// through the thread pool, and reads of 64 KiB cost three times the CPU per byte.
		return createReadStream(file, { ...(range ? { start: range.start, end: range.end } : {}), highWaterMark: READ_BYTES });
	}

	async delete(key: string): Promise<void> {
		await unlink(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
			if (err.code !== 'ENOENT') throw err;
		});
	}

	async *list(): AsyncIterable<StoredObject> {
		let prefixes: string[];
		try {
			prefixes = await readdir(this.dir);
		} catch {
			return;
		}
		for (const prefix of prefixes) {
			if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
			for (const name of await readdir(path.join(this.dir, prefix)).catch(() => [] as string[])) {
				if (!KEY.test(name)) continue;
				const s = await stat(path.join(this.dir, prefix, name)).catch(() => null);
				if (s) yield { key: name, lastModified: s.mtime };
			}
		}
	}

	close() {}
}
