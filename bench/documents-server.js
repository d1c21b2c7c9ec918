// The server side of `npm run bench:documents`: the production build's own request handler
// (build/handler.js, what `node build` serves) in a plain Node HTTP server, plus two routes that
// exist only in this benchmark process, never in the build:
//
//   GET /__bench/plain    the same bytes unprocessed: the document's plaintext from a file on disk
//                         (BENCH_PLAIN_FILE), or the stored object straight from S3 (BENCH_S3_*),
//                         piped to the response. The baseline.
//   GET /__bench/memory   BENCH_DOC_BYTES bytes from one buffer in memory: the client's ceiling
//                         (no disk, no decryption, almost no server work).
//
// Everything else goes to the build, so the download route runs exactly as in production (hooks,
// session, permission check, audit record, decryption, SHA-256 check, adapter-node's response
// writer). Same process, same event loop, same sockets: the ratio route ÷ plain is the cost of the
// route's own processing.
import { createReadStream } from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// BENCH_BUILD_DIR: another copy of the build to measure (default: build/).
const { handler } = await import(pathToFileURL(path.resolve(process.env.BENCH_BUILD_DIR ?? 'build', 'handler.js')).href);

const size = Number(process.env.BENCH_DOC_BYTES);
const s3 = process.env.BENCH_S3_KEY
	? new S3Client({
			region: process.env.S3_REGION,
			endpoint: process.env.S3_ENDPOINT,
			forcePathStyle: true,
			requestChecksumCalculation: 'WHEN_REQUIRED',
			responseChecksumValidation: 'WHEN_REQUIRED'
		})
	: null;

async function plain(res) {
	const object = s3 ? await s3.send(new GetObjectCommand({ Bucket: process.env.S3_BUCKET, Key: process.env.BENCH_S3_KEY })) : null;
	const body = object ? object.Body : createReadStream(process.env.BENCH_PLAIN_FILE, { highWaterMark: 1024 * 1024 });
	const length = object ? object.ContentLength : size;
	res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(length), 'cache-control': 'no-store' });
	pipeline(body, res, () => {});
}

function memory(res) {
	const block = Buffer.alloc(1024 * 1024, 0x25);
	let left = size;
	res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
	const more = () => {
		while (left > 0) {
			const piece = left >= block.length ? block : block.subarray(0, left);
			left -= piece.length;
			if (!res.write(piece)) return void res.once('drain', more);
		}
		res.end();
	};
	more();
}

const server = http.createServer((req, res) => {
	if (req.url === '/__bench/plain')
		return void plain(res).catch((err) => {
			console.error(err);
			res.destroy();
		});
	if (req.url === '/__bench/memory') return memory(res);
	handler(req, res, () => {
		res.statusCode = 404;
		res.end();
	});
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => {
	server.closeAllConnections();
	server.close(() => process.exit(0));
});
