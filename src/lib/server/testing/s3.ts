/** An S3-compatible server for tests (s3rver on a random loopback port, files in a temp dir). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { S3Store } from '../services/documents/s3-store';

export interface TestS3 {
	store: S3Store;
	endpoint: string;
	bucket: string;
	/** The bucket's files on disk (to corrupt one on purpose). */
	directory: string;
	close(): Promise<void>;
}

export async function startS3(bucket = 'ime-documents-test'): Promise<TestS3> {
	const directory = await mkdtemp(path.join(tmpdir(), 'ime-s3rver-'));
	const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
	const { port } = await server.run();
	const endpoint = `http://127.0.0.1:${port}`;
	const store = new S3Store({
		bucket,
		region: 'ap-southeast-2',
		endpoint,
		credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
	});
	return {
		store,
		endpoint,
		bucket,
		directory,
		async close() {
			store.close();
			await server.close();
			await rm(directory, { recursive: true, force: true });
		}
	};
}
