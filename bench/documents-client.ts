/**
 * The client side of bench:documents, in its own process (a browser or S3 consumer is never inside
 * the app's process): reads one object and prints `<bytes> <milliseconds>`.
 *   file <path>                              the stored file, straight from disk
 *   s3 <endpoint> <bucket> <prefix+key>      the stored object, straight from S3
 *   http <url> <cookie>                      through the portal proxy
 */
import { createReadStream } from 'node:fs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

const [mode, a, b, c] = process.argv.slice(2);
let bytes = 0;
const started = performance.now();
if (mode === 'file') {
	for await (const p of createReadStream(a!, { highWaterMark: 1024 * 1024 })) bytes += (p as Buffer).length;
} else if (mode === 's3') {
	const client = new S3Client({
		region: 'ap-southeast-2',
		endpoint: a,
		forcePathStyle: true,
		credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
		requestChecksumCalculation: 'WHEN_REQUIRED',
		responseChecksumValidation: 'WHEN_REQUIRED'
	});
	const out = await client.send(new GetObjectCommand({ Bucket: b, Key: c }));
	for await (const p of out.Body as AsyncIterable<Uint8Array>) bytes += p.length;
} else {
	const res = await fetch(a!, { headers: { cookie: b ?? '' } });
	if (!res.ok) throw new Error(`HTTP ${res.status}`);
	for await (const p of res.body as unknown as AsyncIterable<Uint8Array>) bytes += p.length;
}
console.log(`${bytes} ${(performance.now() - started).toFixed(1)}`);
