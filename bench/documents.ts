/**
 * `npm run bench:documents`: the portal-proxy download against reading the same object straight
 * from the store, in one run, for the local encrypted store and for S3 (s3rver on loopback).
 *
 * For each store: one document of BENCH_DOC_MB (default 1024) is uploaded through the upload
 * service (upload throughput); then, three rounds each, alternating:
 *  - store: the stored object read straight from the store (the file from disk, or a GetObject
 *    from s3rver) by a client process;
 *  - proxy: GET /api/documents/{id}/download over HTTP on loopback, through the same service the
 *    route uses (permission check, audit record, decryption, SHA-256 check) into a streamed
 *    response, read by the same kind of client process.
 * s3rver runs in a process of its own, like S3 is never inside the app.
 * Printed: MB/s of each, the ratio proxy ÷ store (goal ≥ 80 %), and the peak RSS during the proxy
 * downloads over the idle RSS before them (goal < +50 MB).
 */
import http from 'node:http';
import { eq } from 'drizzle-orm';
import { document } from '../src/lib/server/db/schema';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { seedDemo, DEMO_PASSWORD } from '../src/lib/server/demo/seed';
import { createTestApp, signIn } from '../src/lib/server/testing/app';
import { insertBooking } from '../src/lib/server/testing/bookings';
import { S3Store } from '../src/lib/server/services/documents/s3-store';
import type { LocalStore } from '../src/lib/server/services/documents/local-store';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { pdf } from '../src/lib/server/testing/files';
import { scopeFor } from '../src/lib/server/auth/scope';
import { actorFor } from '../src/lib/server/auth/actor';
import { uploadDocument } from '../src/lib/server/services/documents/upload';
import { openDownload } from '../src/lib/server/services/documents/download';
import { sealedSize } from '../src/lib/server/services/documents/envelope';
import type { ObjectStore } from '../src/lib/server/services/documents/storage';
import { toWebStream } from '../src/lib/server/web-stream';

const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_DOC_MB ?? 1024) * MB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Where s3rver listens, once started below. */
const s3Target: { endpoint?: string; bucket?: string } = {};

/** SIZE bytes starting like a PDF, from a 4 MB pattern (nothing to compress, nothing allocated whole). */
function source(size: number): Readable {
	const head = pdf('Benchmark');
	const block = Buffer.alloc(4 * MB);
	for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
	let sent = 0;
	return new Readable({
		read() {
			if (sent >= size) return void this.push(null);
			const piece =
				sent === 0
					? Buffer.concat([head, block.subarray(0, Math.min(block.length, size) - head.length)])
					: block.subarray(0, Math.min(block.length, size - sent));
			sent += piece.length;
			this.push(piece);
		}
	});
}

function peakRss() {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	return () => {
		clearInterval(timer);
		return Math.max(peak, process.memoryUsage().rss);
	};
}

async function run(label: string, store: ObjectStore | undefined) {
	const app = await createTestApp({ LOG_LEVEL: 'warn', DOCUMENT_MAX_BYTES: String(SIZE + MB) }, { documentStore: store });
	try {
		await seedDemo(app);
		const { signedIn, meta } = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		const bookingId = (await insertBooking(app, { ownerEmail: 'referrer@demo.test' })).booking.id;
		const who = actorFor(meta, signedIn);
		const scope = scopeFor(signedIn.caller);

		const t = performance.now();
		const doc = await uploadDocument(app, who, scope, {
			bookingId,
			meta: { category: 'medical_records', section: 'ime', name: 'records.pdf' },
			body: source(SIZE),
			declaredBytes: SIZE
		});
		const uploadSeconds = (performance.now() - t) / 1000;
		const [row] = await app.database.db.select({ key: document.storageKey }).from(document).where(eq(document.id, doc.id));
		const key = row!.key;

		// The route's work, served on loopback (adapter-node writes a web stream to the socket the same way).
		const server = http.createServer(async (_req, res) => {
			const answer = await openDownload(app, who, scope, doc.id, { range: null, inline: false });
			res.writeHead(answer.status, answer.headers);
			const reader = toWebStream(answer.body!).getReader();
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				if (!res.write(value)) await new Promise((r) => res.once('drain', r));
			}
			res.end();
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

		const client = (...args: string[]) => {
			const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/documents-client.ts', ...args], { encoding: 'utf8' });
			if (r.status !== 0) throw new Error(`client failed: ${r.stderr}`);
			const [bytes, ms] = r.stdout.trim().split('\n').at(-1)!.split(' ').map(Number);
			return { bytes: bytes!, seconds: ms! / 1000 };
		};
		const direct = () =>
			store
				? client('s3', s3Target.endpoint!, s3Target.bucket!, `documents/${key}`)
				: client('file', path.join((app.documents.store as LocalStore).dir, key.slice(0, 2), key));
		// The proxy is served by this process while the client runs: the client must not block it.
		const clientAsync = (...args: string[]) =>
			new Promise<{ bytes: number; seconds: number }>((resolve, reject) => {
				const child = spawn(process.execPath, ['--import', 'tsx', 'bench/documents-client.ts', ...args], {
					stdio: ['ignore', 'pipe', 'inherit']
				});
				let out = '';
				child.stdout.on('data', (d) => (out += d));
				child.on('exit', (code) => {
					if (code !== 0) return reject(new Error('client failed'));
					const [bytes, ms] = out.trim().split('\n').at(-1)!.split(' ').map(Number);
					resolve({ bytes: bytes!, seconds: ms! / 1000 });
				});
			});
		const storeRates: number[] = [];
		const proxyRates: number[] = [];
		global.gc?.();
		const idle = process.memoryUsage().rss;
		let peak = idle;
		for (let i = 0; i < ROUNDS; i++) {
			const raw = direct();
			storeRates.push(raw.bytes / MB / raw.seconds);
			if (raw.bytes !== sealedSize(SIZE)) throw new Error(`store read ${raw.bytes} bytes`);

			const stop = peakRss();
			const got = await clientAsync('http', url);
			proxyRates.push(got.bytes / MB / got.seconds);
			peak = Math.max(peak, stop());
			if (got.bytes !== SIZE) throw new Error(`proxy sent ${got.bytes} of ${SIZE} bytes`);
		}
		server.close();
		const best = (xs: number[]) => Math.max(...xs);
		const ratio = best(proxyRates) / best(storeRates);
		const extra = (peak - idle) / MB;
		console.log(`\n${label} — ${SIZE / MB} MB`);
		console.log(`  upload through the service   ${(SIZE / MB / uploadSeconds).toFixed(0)} MB/s`);
		console.log(
			`  store read (baseline)        ${best(storeRates).toFixed(0)} MB/s   (rounds: ${storeRates.map((r) => r.toFixed(0)).join(', ')})`
		);
		console.log(
			`  proxy download               ${best(proxyRates).toFixed(0)} MB/s   (rounds: ${proxyRates.map((r) => r.toFixed(0)).join(', ')})`
		);
		console.log(`  proxy ÷ store                ${(ratio * 100).toFixed(0)} %   goal ≥ 80 %: ${ratio >= 0.8 ? 'met' : 'NOT met'}`);
		console.log(`  peak RSS over idle           +${extra.toFixed(1)} MB   goal < +50 MB: ${extra < 50 ? 'met' : 'NOT met'}`);
	} finally {
		await app.close();
	}
}

await run('local encrypted store', undefined);

// s3rver in its own process, as S3 is never inside the app's.
const s3Server = spawn(process.execPath, ['--import', 'tsx', 'bench/s3rver-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
const started = await new Promise<{ endpoint: string; bucket: string }>((resolve) => {
	let out = '';
	s3Server.stdout.on('data', (d) => {
		out += d;
		if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
	});
});
s3Target.endpoint = started.endpoint;
s3Target.bucket = started.bucket;
try {
	await run(
		'S3 (s3rver on loopback, its own process)',
		new S3Store({
			bucket: started.bucket,
			region: 'ap-southeast-2',
			endpoint: started.endpoint,
			credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
		})
	);
} finally {
	s3Server.kill('SIGTERM');
}
