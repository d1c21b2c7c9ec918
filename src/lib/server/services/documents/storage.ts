/**
 * Where document objects live: one interface, two stores (S3 or a local directory). A store only
 * keeps bytes under random keys; the application encrypts them before they arrive (envelope.ts),
 * so neither a readable bucket nor a copied disk reveals a document.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface StoredObject {
	key: string;
	lastModified: Date;
}

export interface ObjectStore {
	readonly kind: 'local' | 's3';
	/** Stores the stream under `key`; nothing is visible under it until the whole body is written. */
	put(key: string, body: Readable): Promise<void>;
	/** The object's bytes, or the inclusive byte range of them. */
	get(key: string, range?: { start: number; end: number }): Promise<Readable>;
	/** Removes the object; removing one that is not there is not an error. */
	delete(key: string): Promise<void>;
	/** Every object, including unfinished ones a crash left behind. */
	list(): AsyncIterable<StoredObject>;
	close(): void;
}

/** A new object key: random, never derived from a name or anything about the examinee. */
export const newStorageKey = () => randomBytes(16).toString('hex');
