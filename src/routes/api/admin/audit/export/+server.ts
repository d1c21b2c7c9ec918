/**
 * The audit trail's filtered rows as CSV (default) or JSON, streamed in keyset batches, newest
 * first — the same filters and order as the viewer. Admins only; the export itself is audited
 * (with its filters) before the first byte leaves.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { auditFiltersFrom, auditFiltersSchema } from '$lib/schemas/audit';
import { requireApiSession } from '$lib/server/auth/guards';
import { recordAccessDenied } from '$lib/server/services/audit/audit';
import { exportAuditTrail } from '$lib/server/services/audit/audit-export';
import { fieldErrors } from '$lib/server/trpc';

export const GET = async (event: RequestEvent) => {
	const session = await requireApiSession(event, 'audit_export');
	if (session instanceof Response) return session;
	const { signedIn, actor: who } = session;
	const { app } = event.locals;
	if (signedIn.user.role !== 'admin') {
		await recordAccessDenied(app, who, 'audit_export', 'role');
		return Response.json({ message: 'Only our team can export the audit trail.' }, { status: 403 });
	}
	const parsed = auditFiltersSchema.safeParse(auditFiltersFrom(event.url.searchParams));
	if (!parsed.success) return Response.json({ message: 'Please check the filters.', fields: fieldErrors(parsed.error) }, { status: 400 });
	const format = event.url.searchParams.get('format') === 'json' ? 'json' : 'csv';
	const exported = await exportAuditTrail(app, who, parsed.data, format);
	return new Response(exported.body, {
		headers: {
			'content-type': exported.contentType,
			'content-disposition': `attachment; filename="${exported.filename}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
