/**
 * CSV export of the filtered bookings the caller may see (the same filters and scope as the list).
 *
 * GET carries the filters in the query string. The examinee name search is PHI and never goes in
 * a URL: the list page exports a name search with a POST form whose body holds the name (the other
 * filters stay in the query string).
 *
 * The file is streamed: csv-stringify is fed row by row from keyset batches, waiting whenever the
 * client reads slower than the database answers, so a 1,000,000-row export holds one batch in
 * memory. The audit record says how many rows and which filters, never the name searched for.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { stringify } from 'csv-stringify';
import type { App } from '$lib/server/app';
import { scopeFor, type Scope } from '$lib/server/auth/scope';
import { countForScope, listForScope, type BookingListFilters } from '$lib/server/repositories/booking.repository';
import { bookingFiltersSchema, filtersFromSearchParams, repositoryFilters, toListItem } from '$lib/server/routers/booking-views';
import { actorOf } from '$lib/server/services/accounts/request-meta';
import { recordAudit } from '$lib/server/services/audit/audit';
import { fieldErrors } from '$lib/server/trpc';
import { toWebStream } from '$lib/server/web-stream';

const BATCH_SIZE = 500;

const COLUMNS = [
	{ key: 'reference', header: 'Reference' },
	{ key: 'when', header: 'Date and time (clinic)' },
	{ key: 'specialist', header: 'Specialist' },
	{ key: 'examType', header: 'Exam type' },
	{ key: 'stage', header: 'Stage' },
	{ key: 'status', header: 'Status' },
	{ key: 'examinee', header: 'Examinee' },
	{ key: 'claimNumber', header: 'Claim number' }
];

/** A spreadsheet must not read a typed-in name or claim number as a formula. */
const cell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/**
 * The CSV body: keyset batches through csv-stringify, with backpressure. Exported (underscore:
 * SvelteKit allows it beside the handlers) so tests can use small batches.
 */
export function _bookingsCsv(app: App, scope: Scope, filters: BookingListFilters, batchSize = BATCH_SIZE): ReadableStream<Uint8Array> {
	const csv = stringify({ header: true, bom: true, columns: COLUMNS });
	const stopped = () => csv.destroyed || csv.writableEnded;
	const writable = () =>
		new Promise<void>((resolve) => {
			const done = () => {
				csv.off('drain', done);
				csv.off('close', done);
				resolve();
			};
			csv.once('drain', done);
			csv.once('close', done);
		});
	const pump = async () => {
		let cursor: string | null = null;
		do {
			const page = await listForScope(app.database.db, scope, filters, cursor, batchSize);
			for (const r of page.rows) {
				if (stopped()) return;
				const item = toListItem(app, r);
				const ok = csv.write({
					reference: item.reference,
					when: item.when,
					specialist: cell(item.specialistName),
					examType: cell(item.appointmentTypeName),
					stage: item.stageLabel,
					status: item.statusLabel,
					examinee: cell(item.examineeName),
					claimNumber: cell(item.claimNumber)
				});
				if (!ok) await writable();
			}
			cursor = page.nextCursor;
		} while (cursor && !stopped());
		if (!stopped()) csv.end();
	};
	pump().catch((err: unknown) => {
		app.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'booking export failed');
		csv.destroy(err instanceof Error ? err : new Error('export failed'));
	});
	return toWebStream(csv);
}

async function exportCsv(event: Pick<RequestEvent, 'locals' | 'url'>, examinee: string | null): Promise<Response> {
	const { app, meta, signedIn } = event.locals;
	if (!signedIn || signedIn.mustEnrolSecondFactor) {
		await recordAudit(app.database.db, actorOf(meta, signedIn?.user.id ?? null, signedIn?.impersonatedBy), {
			action: 'access.denied',
			outcome: 'denied',
			resourceType: 'booking_export',
			details: { reason: signedIn ? 'second_factor_required' : 'anonymous' }
		});
		return signedIn
			? json({ message: 'Set up a second factor on your account page first.' }, { status: 403 })
			: json({ message: 'Please sign in.' }, { status: 401 });
	}
	const parsed = bookingFiltersSchema.safeParse({ ...filtersFromSearchParams(event.url.searchParams), ...(examinee ? { examinee } : {}) });
	if (!parsed.success) return json({ message: 'Please check the filters.', fields: fieldErrors(parsed.error) }, { status: 400 });
	const f = parsed.data;
	const scope = scopeFor(signedIn.caller);
	const filters = repositoryFilters(app, f);
	const count = await countForScope(app.database.db, scope, filters);
	// Recorded before the first byte leaves, so an interrupted download is on record too.
	await recordAudit(app.database.db, actorOf(meta, signedIn.user.id, signedIn.impersonatedBy), {
		action: 'booking.export',
		outcome: 'granted',
		resourceType: 'booking',
		details: {
			count,
			status: f.status,
			specialistIds: f.specialistIds.join(',') || null,
			from: f.from ?? null,
			to: f.to ?? null,
			timeZone: f.timeZone,
			sort: f.sort,
			dir: f.dir,
			// Whether a name was searched for, never the name.
			examineeSearch: Boolean(f.examinee)
		}
	});
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: f.timeZone }).format(new Date());
	return new Response(_bookingsCsv(app, scope, filters), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="bookings-${day}.csv"`,
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
