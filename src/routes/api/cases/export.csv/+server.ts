/**
 * CSV export of the filtered cases the caller may see (the same filters and scope as the list).
 * GET carries the filters in the query string; the claimant name search is PHI and never goes in a
 * URL: the list page exports a name search with a POST form whose body holds the name.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { caseFiltersFromSearchParams, caseFiltersSchema } from '$lib/schemas/case-filters';
import { can } from '$lib/server/auth/access';
import { requireApiRole, type ApiGuard } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/auth/scope';
import { exportCasesCsv } from '$lib/server/services/exports/cases-csv';
import { fieldErrors } from '$lib/server/trpc';

// Signed in; the role is checked below (specialists have no cases to export: 403, audited).
export const _guard = 'signedIn' satisfies ApiGuard;

async function exportCsv(event: Pick<RequestEvent, 'locals' | 'url'>, claimant: string | null): Promise<Response> {
	const signed = await requireApiRole(event, 'case_export', _guard);
	if (signed instanceof Response) return signed;
	const session = can(signed.actor, 'case.export') ? signed : await requireApiRole(event, 'case_export', 'case.export');
	if (session instanceof Response) return session;
	const { signedIn, actor } = session;
	const parsed = caseFiltersSchema.safeParse({ ...caseFiltersFromSearchParams(event.url.searchParams), ...(claimant ? { claimant } : {}) });
	if (!parsed.success) return json({ message: 'Please check the filters.', fields: fieldErrors(parsed.error) }, { status: 400 });
	const { filename, body } = await exportCasesCsv(event.locals.app, actor, scopeFor(signedIn.caller), parsed.data);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}

export const GET = (event: RequestEvent) => exportCsv(event, null);

/** The same export with the claimant search in the form body (see above). */
export const POST = async (event: RequestEvent) => {
	const form = await event.request.formData().catch(() => null);
	const claimant = form?.get('claimant');
	return exportCsv(event, typeof claimant === 'string' && claimant.trim() ? claimant : null);
};
