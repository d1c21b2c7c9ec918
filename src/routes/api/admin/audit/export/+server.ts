/**
 * The audit trail's filtered rows as CSV (default) or JSON, streamed in keyset batches, newest
 * first — the same filters and order as the viewer. Admins only; the export itself is audited
 * (with its filters) before the first byte leaves.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { auditFiltersFrom, auditFiltersSchema } from '$lib/schemas/audit';
import { requireApiRole, type ApiGuard } from '$lib/server/auth/guards';
import { exportAuditTrail } from '$lib/server/services/audit/audit-export';
import { fieldErrors } from '$lib/server/trpc';

export const _guard = 'audit.export' satisfies ApiGuard;

export const GET = async (event: RequestEvent) => {
	const session = await requireApiRole(event, 'audit_export', _guard, 'Only our team can export the audit trail.');
	if (session instanceof Response) return session;
	const { actor: who } = session;
	const { app } = event.locals;
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
