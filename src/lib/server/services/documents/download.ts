/**
 * The portal-proxy download. In this order: the per-user rate limit; the document in the caller's
 * scope and visible to their role (else NOT_FOUND, audited); one audit record; then the object
 * streamed from the store through the envelope decryption — a Range reads only the chunks it
 * needs — and, for a whole file, the SHA-256 check that withholds the last bytes unless the digest
 * matches. No storage URL is ever part of the answer.
 */
import { finished, type Readable } from 'node:stream';
import type { App } from '../../app';
import type { Scope } from '../../auth/scope';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/audit';
import type { SignedInActor } from '../../auth/actor';
import { requireDocumentAccess } from '../../auth/access';
import { sealedRangeFor } from './envelope';
import { openSealed } from './open-sealed';
import { openName } from './shared';

export interface DownloadAnswer {
	status: 200 | 206 | 416;
	headers: Record<string, string>;
	body: Readable | null;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`; anything else (several ranges included) is ignored. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | 'unsatisfiable' | null {
	if (!header) return null;
	const m = header.trim().match(/^bytes=(\d*)-(\d*)$/);
	if (!m || (m[1] === '' && m[2] === '')) return null;
	let start: number;
	let end: number;
	if (m[1] === '') {
		const suffix = Number(m[2]);
		if (suffix === 0) return 'unsatisfiable';
		start = Math.max(size - suffix, 0);
		end = size - 1;
	} else {
		start = Number(m[1]);
		end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
		if (m[2] !== '' && Number(m[2]) < start) return null;
	}
	if (start >= size) return 'unsatisfiable';
	return { start, end };
}

/** `attachment` (or `inline`) with an ASCII fallback and the RFC 5987 UTF-8 name. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
	const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
	const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The name the file is saved under: the document's name, ending in the extension of its real type. */
export function downloadName(name: string, extension: string): string {
	const clean = name.replace(/[\p{Cc}/\\]/gu, '_').trim() || 'document';
	return clean.toLowerCase().endsWith(`.${extension}`) ? clean : `${clean}.${extension}`;
}

const ATTACHMENT_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";
/** A preview is shown by the browser itself (its PDF viewer or image view), never able to run script. */
const PREVIEW_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; sandbox; frame-ancestors 'self'";

export async function openDownload(
	app: App,
	who: SignedInActor,
	scope: Scope,
	documentId: string,
	request: { range: string | null; inline: boolean }
): Promise<DownloadAnswer> {
	const wait = await app.limiters.documentDownload.consume(who.impersonatedBy ?? who.userId);
	if (wait !== null) throw new AppError('TOO_MANY_REQUESTS', `Too many downloads at once. Please try again in ${wait} seconds.`);
	const { document: doc } = await requireDocumentAccess(app, who, scope, documentId, 'document.see', { operation: 'document.download' });

	const size = doc.sizeBytes;
	const range = parseRange(request.range, size);
	const inline = request.inline && ['application/pdf', 'image/jpeg', 'image/png'].includes(doc.contentType);
	// Recorded before the first byte leaves, so an interrupted download is on record too.
	await recordAudit(app.database.db, who, {
		action: 'document.download',
		outcome: 'granted',
		resourceType: 'document',
		resourceId: doc.id,
		details: {
			bookingId: doc.bookingId,
			category: doc.category,
			range: range && range !== 'unsatisfiable' ? `${range.start}-${range.end}` : null,
			preview: inline
		}
	});
	const headers: Record<string, string> = {
		'content-type': doc.contentType,
		'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', downloadName(openName(app, doc), doc.extension)),
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff',
		'content-security-policy': inline ? PREVIEW_CSP : ATTACHMENT_CSP,
		'cross-origin-resource-policy': 'same-origin',
		'accept-ranges': 'bytes'
	};
	if (range === 'unsatisfiable')
		return { status: 416, headers: { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' }, body: null };

	const start = range ? range.start : 0;
	const end = range ? range.end : size - 1;
	const dataKey = Buffer.from(app.cipher.decrypt(doc.keyEncrypted, 'document-key'), 'base64');
	const fail = (reason: string) => {
		app.logger.error({ documentId: doc.id, reason }, 'document failed its integrity check');
		void recordAudit(app.database.db, who, {
			action: 'document.integrity_failure',
			outcome: 'failed',
			resourceType: 'document',
			resourceId: doc.id,
			details: { reason: reason.slice(0, 120) }
		}).catch(() => undefined);
	};
	let source: Readable;
	try {
		source = await app.documents.store.get(doc.storageKey, sealedRangeFor(size, start, end));
	} catch (err) {
		fail(`object unreadable: ${err instanceof Error ? err.name : 'error'}`);
		throw new Error('document object unreadable');
	}
	// Decrypted off the event loop, the plain bytes counted as they go (metrics); for a whole file,
	// the SHA-256 checked before the last piece leaves.
	const body = openSealed(source, dataKey, size, {
		start,
		end,
		...(range ? {} : { sha256: doc.sha256 }),
		onBytes: (n) => app.metrics.recordDocumentBytes('download', n)
	});
	finished(body, (err) => {
		// A client that stops reading is not a fault of the document.
		if (err && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') fail(err.message);
	});
	return {
		status: range ? 206 : 200,
		headers: {
			...headers,
			'content-length': String(end - start + 1),
			...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {})
		},
		body
	};
}
