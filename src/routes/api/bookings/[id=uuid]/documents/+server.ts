/**
 * Upload one document to a booking: the body is the file itself, streamed (never buffered whole);
 * the category and section are in the query string, the name in the `X-File-Name` header
 * (URI-encoded) — a name may identify the examinee, so it never goes in a URL.
 * Answers 201 with the document, or a JSON error naming the field: 400, 401, 403, 404, 413, 422.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { uploadMetaSchema } from '$lib/schemas/document';
import { requireApiRole, type ApiGuard } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/auth/scope';
import { AppError } from '$lib/server/errors';
import { ScanUnavailableError } from '$lib/server/services/documents/clamd';
import { uploadDocument } from '$lib/server/services/documents/upload';
import { fieldErrors } from '$lib/server/trpc';
import { requestBody } from '$lib/server/web-stream';

function decodeName(raw: string | null): string {
	if (!raw) return '';
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

export const _guard = 'signedIn' satisfies ApiGuard;

export const POST = async (event: RequestEvent) => {
	const { app, meta } = event.locals;
	const { readable: body, drain } = requestBody(event.request.body);
	const session = await requireApiRole(event, 'booking', _guard);
	if (session instanceof Response) {
		await drain(1024 * 1024);
		return session;
	}
	const { signedIn, actor } = session;
	const answer = async (payload: unknown, status: number) => {
		// Read what the client is still sending, so it can read this answer; absurd sizes are cut off.
		const drained = status < 300 || (await drain(2 * app.documents.maxBytes));
		return Response.json(payload, { status, headers: drained ? {} : { connection: 'close' } });
	};
	// Without a Content-Type the server never sees the body (it reads as empty): say what to send.
	if (
		!event.request.headers.get('content-type') &&
		(Number(event.request.headers.get('content-length') ?? 0) > 0 || event.request.headers.has('transfer-encoding'))
	)
		return Response.json(
			{
				message: 'Send the file with a Content-Type header (application/octet-stream will do): its type is read from its content.',
				fields: { file: 'Missing Content-Type.' }
			},
			{ status: 415, headers: { connection: 'close' } }
		);
	const q = event.url.searchParams;
	const parsed = uploadMetaSchema.safeParse({
		category: q.get('category') ?? undefined,
		section: q.get('section') ?? undefined,
		name: decodeName(event.request.headers.get('x-file-name'))
	});
	if (!parsed.success) {
		const fields = fieldErrors(parsed.error);
		return answer({ message: Object.values(fields).join(' '), fields }, 400);
	}
	const length = event.request.headers.get('content-length');
	const declaredBytes = length && /^\d+$/.test(length) ? Number(length) : null;
	try {
		const doc = await uploadDocument(app, actor, scopeFor(signedIn.caller), {
			bookingId: event.params.id ?? '',
			meta: parsed.data,
			body,
			declaredBytes
		});
		return answer(doc, 201);
	} catch (err) {
		if (err instanceof AppError)
			return answer({ message: err.message, fields: err.field ? { [err.field]: err.message } : null }, err.status);
		if (err instanceof ScanUnavailableError) {
			app.logger.error({ requestId: meta.requestId, err: err.message }, 'virus scanner unavailable');
			return answer(
				{ message: 'The virus scanner is not answering, so the file was not accepted. Please try again in a few minutes.' },
				503
			);
		}
		app.logger.error({ requestId: meta.requestId, err: err instanceof Error ? err.message : String(err) }, 'upload failed');
		return answer({ message: `The upload failed on our side (reference ${meta.requestId}). Nothing was kept; please try again.` }, 500);
	}
};
