/**
 * Receiving a document: the booking must be in the caller's scope and the category one their role
 * may upload. The body is streamed once through an inspector (size cap, type by content, SHA-256,
 * optional malware scan) and the envelope encryption into the store; nothing is buffered whole.
 * The row is written only once the object is complete (and clean): a refused, interrupted or
 * failed upload leaves no row, and its object is removed at once (or by the sweeper after a crash).
 */
import { createHash } from 'node:crypto';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { App } from '../../app';
import type { Scope } from '../../auth/scope';
import { AppError } from '../../errors';
import { insertDocument } from '../../repositories/document.repository';
import { lockBookingById } from '../../repositories/report.repository';
import { CATEGORY_LABELS, formatBytes, type UploadMeta } from '../../../schemas/document';
import { recordAudit } from '../audit/audit';
import { attributionOf, type SignedInActor } from '../../auth/actor';
import { ClamdScan } from './clamd';
import { encryptStream, newDataKey } from './envelope';
import { can, refuse as refuseAccess, requireBookingAccess } from '../../auth/access';
import { applyUploadToReport } from './report-workflow';
import { containsMarkup, MARKUP_OVERLAP, SNIFF_BYTES, sniff, type Sniffed } from './sniff';
import { checkZipExpansion, ZIP_TAIL_BYTES } from './zip-expansion';
import { newStorageKey } from './storage';
import { documentSummary, type DocumentSummary } from './shared';

/** Refusals decided from the content. */
class ContentRefused extends Error {
	constructor(
		readonly status: 400 | 413 | 422,
		readonly reason: string,
		message: string
	) {
		super(message);
	}
}

const MARKUP_REFUSED = () =>
	new ContentRefused(
		422,
		'markup',
		'This file contains web page content and cannot be accepted. Please upload a PDF, an office document, an image or an audio file.'
	);
/** Office Open XML and OpenDocument files are zips. */
const ZIP_BASED = /^(docx|xlsx|pptx|odt|ods|odp)$/;

const tooLarge = (max: number) => new ContentRefused(413, 'too_large', `The file is larger than the ${formatBytes(max)} limit.`);

/** Counts, hashes and identifies the bytes as they pass; fails the stream at the first refusal. */
class Inspector extends Transform {
	bytes = 0;
	type: Sniffed | null = null;
	sha256 = '';
	private readonly hash = createHash('sha256');
	private head: Buffer[] = [];
	private headLength = 0;
	/** The end of the previous piece, so markup split across two pieces is still seen. */
	private seam = Buffer.alloc(0);
	/** The last bytes of a zip-based document: its directory, read at the end for its expansion. */
	private zipTail: Buffer[] = [];
	private zipTailLength = 0;

	constructor(
		private readonly maxBytes: number,
		private readonly category: UploadMeta['category'],
		private readonly scan: ClamdScan | null
	) {
		super();
	}

	private decide() {
		const result = sniff(Buffer.concat(this.head, this.headLength));
		this.head = [];
		if (!result.ok)
			throw result.reason === 'markup'
				? MARKUP_REFUSED()
				: new ContentRefused(
						422,
						'type',
						'This kind of file is not accepted. Please upload a PDF, Word or other office document, JPEG, PNG or HEIC image, or an MP3, M4A, WAV or OGG dictation.'
					);
		if (result.type.kind === 'audio' && this.category !== 'dictation')
			throw new ContentRefused(422, 'audio_category', 'Audio files can be uploaded only as a dictation.');
		this.type = result.type;
	}

	override _transform(piece: Buffer, _enc: BufferEncoding, done: TransformCallback) {
		try {
			this.bytes += piece.length;
			if (this.bytes > this.maxBytes) throw tooLarge(this.maxBytes);
			this.hash.update(piece);
			if (!this.type) {
				this.head.push(piece);
				this.headLength += piece.length;
				if (this.headLength >= SNIFF_BYTES) {
					this.decide();
					// The piece that completed the head may reach past what the sniffer read.
					this.inspectRest(piece);
				}
			} else this.inspectRest(piece);
			this.keepZipTail(piece);
			this.push(piece);
			if (this.scan) this.scan.write(piece, (err) => done(err ?? undefined));
			else done();
		} catch (err) {
			done(err as Error);
		}
	}

	/** Past the head: markup anywhere in the file refuses it (a polyglot hides its page further in). */
	private inspectRest(piece: Buffer) {
		const window = this.seam.length ? Buffer.concat([this.seam, piece]) : piece;
		if (containsMarkup(window)) throw MARKUP_REFUSED();
		this.seam = Buffer.from(window.subarray(Math.max(0, window.length - MARKUP_OVERLAP)));
	}

	private keepZipTail(piece: Buffer) {
		this.zipTail.push(piece);
		this.zipTailLength += piece.length;
		while (this.zipTail.length > 1 && this.zipTailLength - this.zipTail[0]!.length >= ZIP_TAIL_BYTES)
			this.zipTailLength -= this.zipTail.shift()!.length;
	}

	override _flush(done: TransformCallback) {
		try {
			if (this.bytes === 0) throw new ContentRefused(400, 'empty', 'The file is empty.');
			if (!this.type) this.decide();
			if (this.type && ZIP_BASED.test(this.type.extension)) {
				const tail = Buffer.concat(this.zipTail, this.zipTailLength);
				const verdict = checkZipExpansion(tail.subarray(Math.max(0, tail.length - ZIP_TAIL_BYTES)), this.bytes);
				if (!verdict.ok)
					throw new ContentRefused(
						422,
						'zip',
						verdict.reason === 'no_directory'
							? 'This office document is damaged (it has no table of contents). Please save it again and upload the new copy.'
							: 'This office document would expand far beyond any real document, so it cannot be accepted. Please save it again as PDF.'
					);
			}
			this.zipTail = [];
			this.sha256 = this.hash.digest('hex');
			this.scan?.end();
			done();
		} catch (err) {
			done(err as Error);
		}
	}
}

export interface UploadInput {
	bookingId: string;
	meta: UploadMeta;
	body: Readable;
	/** Content-Length, when the client sent one: an upload announced too large is refused unread. */
	declaredBytes: number | null;
}

export async function uploadDocument(app: App, who: SignedInActor, scope: Scope, input: UploadInput): Promise<DocumentSummary> {
	const db = app.database.db;
	const b = await requireBookingAccess(app, who, scope, input.bookingId, 'booking.read', { operation: 'document.upload' });
	const { category } = input.meta;
	if (!can(who, 'document.upload', { category }))
		return refuseAccess(
			app,
			who,
			{ resourceType: 'booking', id: b.id, operation: 'document.upload' },
			'role',
			`Your role cannot upload a ${CATEGORY_LABELS[category].toLowerCase()}.`,
			'category'
		);
	if (b.status === 'archived') throw new AppError('CONFLICT', 'This booking is archived: documents can no longer be added.');
	const max = app.documents.maxBytes;
	const refuse = async (reason: string, err: AppError) => {
		await recordAudit(db, who, {
			action: 'document.upload',
			outcome: 'denied',
			resourceType: 'booking',
			resourceId: b.id,
			details: { category, reason }
		});
		throw err;
	};
	if (input.declaredBytes !== null && input.declaredBytes > max) {
		input.body.destroy();
		return refuse('too_large', new AppError('PAYLOAD_TOO_LARGE', tooLarge(max).message, 'file'));
	}

	const key = newStorageKey();
	const dataKey = newDataKey();
	const scan = app.documents.clamdSocket ? new ClamdScan(app.documents.clamdSocket) : null;
	const inspector = new Inspector(max, category, scan);
	const sealed = pipeline(input.body, inspector, encryptStream(dataKey), () => undefined);
	const store = app.documents.store;
	const discard = () =>
		store
			.delete(key)
			.catch((err: unknown) =>
				app.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'removing a refused upload failed; the sweeper will')
			);
	try {
		await store.put(key, sealed);
	} catch (err) {
		scan?.destroy();
		await discard();
		if (err instanceof ContentRefused)
			return refuse(
				err.reason,
				new AppError(
					err.status === 413 ? 'PAYLOAD_TOO_LARGE' : err.status === 422 ? 'UNPROCESSABLE_CONTENT' : 'BAD_REQUEST',
					err.message,
					err.reason === 'audio_category' ? 'category' : 'file'
				)
			);
		throw err;
	}
	if (scan) {
		const verdict = await scan.verdict
			.catch(async (err: unknown) => {
				await discard();
				throw err;
			})
			.finally(() => scan.destroy());
		if (!verdict.clean) {
			await discard();
			app.logger.warn({ bookingId: b.id, signature: verdict.signature }, 'upload refused by the virus scanner');
			return refuse(
				'malware',
				new AppError('UNPROCESSABLE_CONTENT', 'The virus scanner flagged this file, so it was not accepted.', 'file')
			);
		}
	}

	const type = inspector.type!;
	const actor = attributionOf(who);
	try {
		const row = await db.transaction(async (tx) => {
			const locked = await lockBookingById(tx, b.id);
			const doc = await insertDocument(tx, {
				bookingId: b.id,
				section: input.meta.section,
				category,
				nameEncrypted: app.cipher.encrypt(input.meta.name, 'document-name'),
				contentType: type.contentType,
				extension: type.extension,
				sizeBytes: inspector.bytes,
				sha256: inspector.sha256,
				storeKind: store.kind,
				storageKey: key,
				keyEncrypted: app.cipher.encrypt(dataKey.toString('base64'), 'document-key'),
				uploadedByUserId: actor.actor,
				onBehalfOfUserId: actor.onBehalfOf
			});
			await recordAudit(tx, who, {
				action: 'document.upload',
				outcome: 'granted',
				resourceType: 'document',
				resourceId: doc.id,
				details: {
					bookingId: b.id,
					category,
					section: input.meta.section,
					sizeBytes: inspector.bytes,
					contentType: type.contentType,
					scanned: Boolean(scan)
				}
			});
			await applyUploadToReport(tx, app, who, locked!, category);
			return doc;
		});
		app.metrics.recordDocumentBytes('upload', inspector.bytes);
		return documentSummary(app, row, new Map());
	} catch (err) {
		await discard();
		throw err;
	}
}
