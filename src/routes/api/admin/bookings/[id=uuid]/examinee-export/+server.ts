/** APP 12: everything held on the examinee of this booking, as a streamed ZIP (admins; audited). */
import type { RequestEvent } from '@sveltejs/kit';
import { requireApiSession } from '$lib/server/auth/guards';
import { AppError } from '$lib/server/errors';
import { recordAccessDenied } from '$lib/server/services/audit/audit';
import { examineeExport } from '$lib/server/services/privacy/examinee-export';
import { toWebStream } from '$lib/server/web-stream';

export const GET = async (event: RequestEvent) => {
	const session = await requireApiSession(event, 'booking');
	if (session instanceof Response) return session;
	const { signedIn, actor: who } = session;
	const { app } = event.locals;
	if (signedIn.user.role !== 'admin' || signedIn.impersonatedBy) {
		await recordAccessDenied(app, who, 'examinee_export', 'role');
		return Response.json({ message: 'Only our team can export an examinee’s information.' }, { status: 403 });
	}
	try {
		const { filename, body } = await examineeExport(app, who, event.params.id ?? '');
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
