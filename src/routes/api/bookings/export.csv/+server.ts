/**
 * CSV export of the filtered bookings the caller may see (the same filters and scope as the list).
 *
 * GET carries the filters in the query string. The examinee name search is PHI and never goes in
 * a URL: the list page exports a name search with a POST form whose body holds the name (the other
 * filters stay in the query string).
 *
 * The file is streamed from keyset batches and the export is audited: see the service.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { bookingFiltersSchema, filtersFromSearchParams } from '$lib/schemas/booking-filters';
import { requireApiRole, type ApiGuard } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/auth/scope';
import { exportBookingsCsv } from '$lib/server/services/exports/bookings-csv';
import { fieldErrors } from '$lib/server/trpc';

export const _guard = 'signedIn' satisfies ApiGuard;

async function exportCsv(event: Pick<RequestEvent, 'locals' | 'url'>, examinee: string | null): Promise<Response> {
	const session = await requireApiRole(event, 'booking_export', _guard);
	if (session instanceof Response) return session;
	const { signedIn, actor } = session;
	const { app } = event.locals;
	const parsed = bookingFiltersSchema.safeParse({ ...filtersFromSearchParams(event.url.searchParams), ...(examinee ? { examinee } : {}) });
	if (!parsed.success) return json({ message: 'Please check the filters.', fields: fieldErrors(parsed.error) }, { status: 400 });
	const { filename, body } = await exportBookingsCsv(app, actor, scopeFor(signedIn.caller), parsed.data);
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

/** The same export with the examinee search in the form body (see above). */
export const POST = async (event: RequestEvent) => {
	const form = await event.request.formData().catch(() => null);
	const examinee = form?.get('examinee');
	return exportCsv(event, typeof examinee === 'string' && examinee.trim() ? examinee : null);
};
