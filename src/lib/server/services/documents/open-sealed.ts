/**
 * The download path's reading of a sealed object (envelope.ts's format, unchanged). The same checks
 * as `decryptStream` + `verifySha256` — every chunk's GCM tag, its position and the last-chunk
 * mark, the object's length, and for a whole file the SHA-256 recorded at upload, with the last
 * piece withheld until the digest matches — but the CPU work is off the event loop, so the thread
 * that moves bytes between the store and the sockets only moves bytes:
 *  - an "open" worker thread decrypts batches of whole chunks (AES-256-GCM, tags checked);
 *  - a "hash" worker thread, fed by the open worker directly, keeps each download's SHA-256;
 *  - the bytes go main → open → hash → main as transferred buffers (no copies), and the two
 *    workers run side by side, one batch behind the other.
 * Both workers are shared by every download of the process and started on first use. Memory stays
 * flat: at most DEPTH batches of a download are in flight, and nothing is read ahead of the client.
 */
import { Readable } from 'node:stream';
import { MessageChannel, Worker } from 'node:worker_threads';
import { CHUNK_BYTES, IntegrityError, TAG_BYTES } from './envelope';

/** Whole chunks per batch: a local store's read (local-store.ts reads four). */
const BATCH_CHUNKS = 4;
/** Batches of one download in flight at once. */
const DEPTH = 4;

const EMPTY = Buffer.alloc(0);

/** Both workers' code (CommonJS, run with `eval`), the role from workerData. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createDecipheriv, createHash } = require('node:crypto');
const CHUNK = ${CHUNK_BYTES};
const TAG = ${TAG_BYTES};
const port = workerData.port;
const own = (b) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b)).buffer;

if (workerData.role === 'open') {
	parentPort.on('message', (m) => {
		if (m.op !== 'open') return void (m.hash ? port : parentPort).postMessage(m);
		const total = Math.ceil(m.plainSize / CHUNK);
		const sealed = new Uint8Array(m.buffer);
		const out = [];
		let error = null;
		let index = m.index;
		for (let at = 0; at < sealed.length && !error; index++) {
			const length = Math.min(CHUNK, m.plainSize - index * CHUNK);
			const iv = Buffer.alloc(12);
			iv[0] = index === total - 1 ? 1 : 0;
			iv.writeBigUInt64BE(BigInt(index), 4);
			try {
				const d = createDecipheriv('aes-256-gcm', m.key, iv);
				const plain = d.update(sealed.subarray(at, at + length));
				d.setAuthTag(sealed.subarray(at + length, at + length + TAG));
				d.final();
				out.push(own(plain));
			} catch {
				error = 'chunk ' + index + ' failed authentication';
			}
			at += length + TAG;
		}
		const reply = error ? { op: 'opened', id: m.id, seq: m.seq, error } : { op: 'opened', id: m.id, seq: m.seq, buffers: out };
		if (m.hash) port.postMessage(reply, error ? [] : out);
		else parentPort.postMessage(reply, error ? [] : out);
	});
} else {
	const states = new Map();
	port.on('message', (m) => {
		if (m.op === 'opened') {
			if (!m.error) {
				let h = states.get(m.id);
				if (!h) states.set(m.id, (h = createHash('sha256')));
				for (const b of m.buffers) h.update(new Uint8Array(b));
			}
			parentPort.postMessage(m, m.error ? [] : m.buffers);
		} else if (m.op === 'digest') {
			const h = states.get(m.id) ?? createHash('sha256');
			states.delete(m.id);
			parentPort.postMessage({ op: 'digest', id: m.id, seq: m.seq, hex: h.digest('hex') });
		} else if (m.op === 'drop') states.delete(m.id);
	});
}
`;

interface Reply {
	id: number;
	seq: number;
	buffers?: ArrayBuffer[];
	hex?: string;
	error?: string;
}
type Waiter = { resolve: (r: Reply) => void; reject: (e: Error) => void };

interface Pool {
	open: Worker;
	hash: Worker;
	dead: boolean;
	/** Open downloads using it: while there are any, the workers keep the process alive. */
	users: number;
}

let pool: Pool | null = null;
let nextId = 0;
/** Per open download, its unanswered messages by sequence number. */
const jobs = new Map<number, Map<number, Waiter>>();

function onReply(m: Reply) {
	const waiters = jobs.get(m.id);
	const waiter = waiters?.get(m.seq);
	if (!waiter) return;
	waiters!.delete(m.seq);
	if (m.error) waiter.reject(new IntegrityError(m.error));
	else waiter.resolve(m);
}

function workers(): Pool {
	if (pool && !pool.dead) return pool;
	const { port1, port2 } = new MessageChannel();
	const open = new Worker(WORKER_SOURCE, { eval: true, workerData: { role: 'open', port: port1 }, transferList: [port1] });
	const hash = new Worker(WORKER_SOURCE, { eval: true, workerData: { role: 'hash', port: port2 }, transferList: [port2] });
	const p: Pool = { open, hash, dead: false, users: 0 };
	const fail = (err: Error) => {
		if (p.dead) return;
		p.dead = true;
		if (pool === p) pool = null;
		void open.terminate();
		void hash.terminate();
		for (const waiters of jobs.values()) {
			for (const w of waiters.values()) w.reject(err);
			waiters.clear();
		}
	};
	for (const w of [open, hash]) {
		w.on('message', onReply);
		w.on('error', fail);
		w.on('exit', () => fail(new Error('a document worker stopped')));
		w.unref();
	}
	pool = p;
	return p;
}

/** Stops both workers as a crash would (tests): open downloads fail, the next one starts new workers. */
export async function _stopWorkers(): Promise<void> {
	if (pool) await Promise.all([pool.open.terminate(), pool.hash.terminate()]);
}

/** One download's conversation with the workers. */
class Job {
	private readonly id = nextId++;
	private readonly pool = workers();
	private seq = 0;
	private readonly key: Uint8Array;
	constructor(
		dataKey: Buffer,
		private readonly plainSize: number,
		private readonly hash: boolean
	) {
		// Its own 32-byte buffer: a view of Node's shared pool would send the whole pool along.
		this.key = new Uint8Array(dataKey);
		jobs.set(this.id, new Map());
		if (this.pool.users++ === 0) for (const w of [this.pool.open, this.pool.hash]) w.ref();
	}
	private ask(message: object, transfer: ArrayBuffer[] = []): Promise<Reply> {
		return new Promise((resolve, reject) => {
			const waiters = jobs.get(this.id);
			if (!waiters || this.pool.dead) return reject(new Error('a document worker stopped'));
			const seq = this.seq++;
			waiters.set(seq, { resolve, reject });
			this.pool.open.postMessage({ id: this.id, seq, hash: this.hash, ...message }, transfer);
		});
	}
	/**
	 * Opens a batch of whole sealed chunks, the first being chunk `index`; its plaintext, chunk by
	 * chunk. A batch that is a whole ArrayBuffer is handed to the worker (detached here); any other
	 * is copied first.
	 */
	async open(sealed: Buffer, index: number): Promise<Buffer[]> {
		const whole = sealed.byteOffset === 0 && sealed.byteLength === sealed.buffer.byteLength;
		const buffer = (whole ? sealed.buffer : new Uint8Array(sealed).buffer) as ArrayBuffer;
		const reply = await this.ask({ op: 'open', buffer, index, plainSize: this.plainSize, key: this.key }, [buffer]);
		return reply.buffers!.map((b) => Buffer.from(b));
	}
	async digest(): Promise<string> {
		return (await this.ask({ op: 'digest' })).hex!;
	}
	close() {
		if (!jobs.delete(this.id)) return;
		if (this.hash && !this.pool.dead) this.pool.open.postMessage({ id: this.id, seq: -1, hash: true, op: 'drop' });
		if (--this.pool.users === 0) for (const w of [this.pool.open, this.pool.hash]) w.unref();
	}
}

/**
 * The stored pieces regrouped into batches of up to BATCH_CHUNKS whole sealed chunks: a piece that
 * holds a whole batch is passed on as it is (a local store's reads always do), others are joined.
 */
async function* batches(source: AsyncIterable<Buffer>, lengths: number[]): AsyncGenerator<{ bytes: Buffer; chunks: number }> {
	let i = 0;
	let parts: Buffer[] = [];
	let have = 0;
	const next = () => {
		let bytes = 0;
		let chunks = 0;
		for (let k = i; k < Math.min(i + BATCH_CHUNKS, lengths.length); k++, chunks++) bytes += lengths[k]!;
		return { bytes, chunks };
	};
	let want = next();
	for await (let piece of source) {
		while (piece.length > 0) {
			if (want.chunks === 0) throw new IntegrityError('stored object is longer than recorded');
			if (have === 0 && piece.length >= want.bytes) {
				const whole = piece.length === want.bytes;
				yield { bytes: whole ? piece : piece.subarray(0, want.bytes), chunks: want.chunks };
				// A whole piece may have moved to the worker: nothing of it is touched again.
				piece = whole ? EMPTY : piece.subarray(want.bytes);
			} else {
				const n = Math.min(want.bytes - have, piece.length);
				parts.push(piece.subarray(0, n));
				have += n;
				piece = piece.subarray(n);
				if (have < want.bytes) continue;
				yield { bytes: Buffer.concat(parts, have), chunks: want.chunks };
				parts = [];
				have = 0;
			}
			i += want.chunks;
			want = next();
		}
	}
	if (i < lengths.length) throw new IntegrityError('stored object is shorter than recorded');
}

export interface OpenOptions {
	/** Plaintext byte range wanted (inclusive); the source holds exactly `sealedRangeFor`'s bytes. */
	start?: number;
	end?: number;
	/** For a whole file: the SHA-256 recorded at upload, checked before the last piece leaves. */
	sha256?: string;
	/** Told the size of each plaintext piece as it is handed on. */
	onBytes?: (n: number) => void;
}

/**
 * Sealed chunks in (exactly the bytes `sealedRangeFor` named), plaintext out. Tampering, reordering
 * or truncation fails the stream with an IntegrityError, and so does a SHA-256 mismatch (before
 * the last piece is handed on). The source's pieces are taken over: one that is a whole
 * ArrayBuffer may be moved to a worker thread (a store's read stream never reuses its pieces).
 */
export function openSealed(source: Readable, dataKey: Buffer, plainSize: number, options: OpenOptions = {}): Readable {
	const start = options.start ?? 0;
	const end = options.end ?? plainSize - 1;
	const first = Math.floor(start / CHUNK_BYTES);
	const last = plainSize === 0 ? -1 : Math.floor(end / CHUNK_BYTES);
	const lengths: number[] = [];
	for (let i = first; i <= last; i++) lengths.push(Math.min(CHUNK_BYTES, plainSize - i * CHUNK_BYTES) + TAG_BYTES);
	const hashing = options.sha256 !== undefined;

	async function* generate(): AsyncGenerator<Buffer> {
		const job = new Job(dataKey, plainSize, hashing);
		const queue: Array<Promise<Buffer[]>> = [];
		let index = first;
		let outIndex = first;
		let held = null as Buffer | null;

		const counted = (piece: Buffer) => {
			options.onBytes?.(piece.length);
			return piece;
		};
		/** Each chunk's plaintext cut to the wanted range; while hashing, one piece behind. */
		function* release(chunks: Buffer[]): Generator<Buffer> {
			for (const plain of chunks) {
				const chunkStart = outIndex++ * CHUNK_BYTES;
				const from = Math.max(start - chunkStart, 0);
				const to = Math.min(end - chunkStart + 1, plain.length);
				const piece = from === 0 && to === plain.length ? plain : plain.subarray(from, to);
				if (!hashing) yield counted(piece);
				else {
					if (held) yield counted(held);
					held = piece;
				}
			}
		}

		try {
			for await (const batch of batches(source, lengths)) {
				const opened = job.open(batch.bytes, index);
				index += batch.chunks;
				opened.catch(() => undefined); // Awaited below in order; an early failure must not go unhandled.
				queue.push(opened);
				if (queue.length >= DEPTH) yield* release(await queue.shift()!);
			}
			while (queue.length > 0) yield* release(await queue.shift()!);
			if (hashing) {
				if ((await job.digest()) !== options.sha256) throw new IntegrityError('SHA-256 does not match the one recorded at upload');
				if (held) yield counted(held);
			}
		} finally {
			job.close();
			if (!source.destroyed) source.destroy();
		}
	}

	const out = Readable.from(generate(), { objectMode: false, highWaterMark: BATCH_CHUNKS * CHUNK_BYTES });
	// A client that goes away stops the store's read at once.
	out.once('close', () => {
		if (!source.destroyed) source.destroy();
	});
	return out;
}
