/**
 * Objects in S3 or any S3-compatible server. Uploads stream in parts (lib-storage), so a large file
 * never sits in memory whole; server-side encryption is added when configured, on top of the
 * application's own encryption. No URL of the bucket ever leaves the server.
 */
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client, type ServerSideEncryption } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { ObjectStore, StoredObject } from './storage';

export interface S3StoreOptions {
	bucket: string;
	region: string;
	endpoint?: string;
	forcePathStyle?: boolean;
	credentials?: { accessKeyId: string; secretAccessKey: string };
	serverSideEncryption?: ServerSideEncryption;
	/** The customer KMS key with `aws:kms` (S3_KMS_KEY_ID); unset: the account's aws/s3 key. */
	kmsKeyId?: string;
	/** Prefix of every key in the bucket. */
	prefix?: string;
}

export class S3Store implements ObjectStore {
	readonly kind = 's3' as const;
	private readonly client: S3Client;
	private readonly prefix: string;

	constructor(private readonly options: S3StoreOptions) {
		this.prefix = options.prefix ?? 'documents/';
		this.client = new S3Client({
			region: options.region,
			endpoint: options.endpoint,
			forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
			credentials: options.credentials,
			// Checksums only where S3 requires them: streamed bodies of unknown length are otherwise
			// rewritten with trailing checksums that S3-compatible servers may not understand.
			requestChecksumCalculation: 'WHEN_REQUIRED',
			responseChecksumValidation: 'WHEN_REQUIRED'
		});
	}

	async put(key: string, body: Readable): Promise<void> {
		const upload = new Upload({
			client: this.client,
			queueSize: 2,
			partSize: 8 * 1024 * 1024,
			leavePartsOnError: false,
			params: {
				Bucket: this.options.bucket,
				Key: this.prefix + key,
				Body: body,
				ContentType: 'application/octet-stream',
				// On the single PutObject or the CreateMultipartUpload: the parts follow the upload's encryption.
				...(this.options.serverSideEncryption ? { ServerSideEncryption: this.options.serverSideEncryption } : {}),
				...(this.options.serverSideEncryption === 'aws:kms' && this.options.kmsKeyId ? { SSEKMSKeyId: this.options.kmsKeyId } : {})
			}
		});
		// A failing source stream must abort the upload, not leave it waiting.
		body.once('error', () => void upload.abort().catch(() => undefined));
		await upload.done();
	}

	async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
		const out = await this.client.send(
			new GetObjectCommand({
				Bucket: this.options.bucket,
				Key: this.prefix + key,
				...(range ? { Range: `bytes=${range.start}-${range.end}` } : {})
			})
		);
		const body = out.Body;
		if (!body) throw new Error('object has no body');
		return body instanceof Readable ? body : Readable.fromWeb(body.transformToWebStream() as never);
	}

	async delete(key: string): Promise<void> {
		await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + key }));
	}

	async *list(): AsyncIterable<StoredObject> {
		let token: string | undefined;
		do {
			const page = await this.client.send(
				new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.prefix, ContinuationToken: token })
			);
			for (const o of page.Contents ?? [])
				if (o.Key && o.LastModified) yield { key: o.Key.slice(this.prefix.length), lastModified: o.LastModified };
			token = page.IsTruncated ? page.NextContinuationToken : undefined;
		} while (token);
	}

	close() {
		this.client.destroy();
	}
}
