/**
 * The portal-proxy download (services/documents/download.ts): `?preview=1` shows a PDF or an image
 * in the browser under a sandboxing policy; everything else is an attachment.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { requireApiRole, type ApiGuard } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/auth/scope';
import { AppError } from '$lib/server/errors';
import { openDownload } from '$lib/server/services/documents/download';
import { toWebStream } from '$lib/server/web-stream';

export const _guard = 'signedIn' satisfies ApiGuard;

export const GET = async (event: RequestEvent) => {
	const session = await requireApiRole(event, 'document', _guard);
	if (session instanceof Response) return session;
	const { signedIn, actor } = session;
	const { app, meta } = event.locals;
	try {
		const answer = await openDownload(app, actor, scopeFor(signedIn.caller), event.params.id ?? '', {
			range: event.request.headers.get('range'),
			inline: event.url.searchParams.get('preview') === '1'
		});
		const body = answer.body ? toWebStream(answer.body) : null;
		return new Response(body, { status: answer.status, headers: answer.headers });
	} catch (err) {
		if (err instanceof AppError) return Response.json({ message: err.message }, { status: err.status });
		app.logger.error({ requestId: meta.requestId, err: err instanceof Error ? err.message : String(err) }, 'download failed');
		return Response.json(
			{ message: `This document cannot be read right now (reference ${meta.requestId}). Our team has been told.` },
			{ status: 500 }
		);
	}
};
