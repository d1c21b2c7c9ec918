/**
 * S3 with a customer KMS key (S3_SSE=aws:kms, S3_KMS_KEY_ID): every upload asks for it, whether the
 * document goes up in one PutObject or as a multipart upload. A recording proxy between the store
 * and s3rver sees the requests as S3 would.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/app';
import { startS3, type TestS3 } from '../../testing/s3';
import { S3Store } from './s3-store';
import { newStorageKey } from './storage';

interface Seen {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
}

const KEY_ARN = 'arn:aws:kms:ap-southeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

let s3: TestS3;
let proxy: http.Server;
let endpoint: string;
const seen: Seen[] = [];

beforeAll(async () => {
	s3 = await startS3();
	const target = new URL(s3.endpoint);
	proxy = http.createServer((req, res) => {
		seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
		const upstream = http.request(
			{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			}
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
	proxy?.closeAllConnections();
	await new Promise((resolve) => proxy?.close(resolve));
	await s3?.close();
});

beforeEach(() => {
	seen.length = 0;
});

const store = (over: Partial<ConstructorParameters<typeof S3Store>[0]> = {}) =>
	new S3Store({
		bucket: s3.bucket,
		region: 'ap-southeast-2',
		endpoint,
		credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
		...over
	});

/** The requests that create an object: PutObject, or CreateMultipartUpload (POST ?uploads). */
const creating = () =>
	seen.filter((r) => (r.method === 'PUT' && !r.url.includes('partNumber=')) || (r.method === 'POST' && /[?&]uploads/.test(r.url)));
const parts = () => seen.filter((r) => r.method === 'PUT' && r.url.includes('partNumber='));

describe('S3 uploads with a customer KMS key', () => {
	it('asks for aws:kms with the key on a single PutObject', async () => {
		const s = store({ serverSideEncryption: 'aws:kms', kmsKeyId: KEY_ARN });
		try {
			await s.put(newStorageKey(), Readable.from([randomBytes(1000)]));
		} finally {
			s.close();
		}
		expect(creating()).toHaveLength(1);
		expect(creating()[0]!.method).toBe('PUT');
		expect(creating()[0]!.headers).toMatchObject({
			'x-amz-server-side-encryption': 'aws:kms',
			'x-amz-server-side-encryption-aws-kms-key-id': KEY_ARN
		});
	});

	it('asks for it on the CreateMultipartUpload of a document in many parts (the parts follow the upload)', async () => {
		const s = store({ serverSideEncryption: 'aws:kms', kmsKeyId: KEY_ARN });
		const data = randomBytes(9 * 1024 * 1024);
		try {
			await s.put(
				newStorageKey(),
				Readable.from(
					(function* () {
						for (let at = 0; at < data.length; at += 1024 * 1024) yield data.subarray(at, at + 1024 * 1024);
					})()
				)
			);
		} finally {
			s.close();
		}
		expect(creating()).toHaveLength(1);
		expect(creating()[0]!.method).toBe('POST');
		expect(creating()[0]!.headers).toMatchObject({
			'x-amz-server-side-encryption': 'aws:kms',
			'x-amz-server-side-encryption-aws-kms-key-id': KEY_ARN
		});
		expect(parts()).toHaveLength(2);
	});

	it('sends no key id without one (aws:kms with the aws/s3 key), nor with AES256', async () => {
		for (const over of [{ serverSideEncryption: 'aws:kms' as const }, { serverSideEncryption: 'AES256' as const, kmsKeyId: KEY_ARN }]) {
			seen.length = 0;
			const s = store(over);
			try {
				await s.put(newStorageKey(), Readable.from([randomBytes(100)]));
			} finally {
				s.close();
			}
			expect(creating()[0]!.headers['x-amz-server-side-encryption']).toBe(over.serverSideEncryption);
			expect(creating()[0]!.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBeUndefined();
		}
	});
});

describe('the settings reach the store the app builds', () => {
	it('S3_BUCKET, S3_SSE=aws:kms and S3_KMS_KEY_ID make the app store its documents under that key', async () => {
		const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
		// The SDK's default credential chain, as a task role's would be found.
		process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
		process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
		const app = await createTestApp(
			{ S3_BUCKET: s3.bucket, S3_REGION: 'ap-southeast-2', S3_ENDPOINT: endpoint, S3_SSE: 'aws:kms', S3_KMS_KEY_ID: KEY_ARN },
			{ documentStore: 'configured' }
		);
		try {
			const storageKey = newStorageKey();
			const bytes = randomBytes(2000);
			await app.documents.store.put(storageKey, Readable.from([bytes]));
			expect(creating()).toHaveLength(1);
			expect(creating()[0]!.headers).toMatchObject({
				'x-amz-server-side-encryption': 'aws:kms',
				'x-amz-server-side-encryption-aws-kms-key-id': KEY_ARN
			});
			const back: Buffer[] = [];
			for await (const piece of await app.documents.store.get(storageKey)) back.push(piece as Buffer);
			expect(Buffer.concat(back).equals(bytes)).toBe(true);
		} finally {
			await app.close();
			if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
			else process.env.AWS_ACCESS_KEY_ID = saved.id;
			if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
			else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
		}
	});
});
