/** APP 12: everything held on the examinee of this booking, as a streamed ZIP (admins; audited). */
import type { RequestEvent } from '@sveltejs/kit';
import { requireApiRole, type ApiGuard } from '$lib/server/auth/guards';
import { AppError } from '$lib/server/errors';
import { examineeExport } from '$lib/server/services/privacy/examinee-export';
import { toWebStream } from '$lib/server/web-stream';

export const _guard = 'examinee.export' satisfies ApiGuard;

export const GET = async (event: RequestEvent) => {
	const session = await requireApiRole(event, 'booking', _guard, 'Only our team can export an examinee’s information.');
	if (session instanceof Response) return session;
	try {
		const { filename, body } = await examineeExport(event.locals.app, session.actor, event.params.id ?? '');
		return new Response(toWebStream(body), {
			headers: {
				'content-type': 'application/zip',
				'content-disposition': `attachment; filename="${filename}"`,
				'cache-control': 'no-store',
				'x-content-type-options': 'nosniff'
			}
		});
	} catch (err) {
		if (err instanceof AppError) return Response.json({ message: err.message }, { status: err.status });
		throw err;
	}
};
