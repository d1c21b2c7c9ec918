/**
 * The bookings list. Status, specialists, dates, zone, sort and the page cursor live in the URL
 * (a GET form and links), so a view can be bookmarked and the back button works.
 *
 * The examinee name search does not: a name in a URL is PHI in browser history, server and proxy
 * logs and Referer headers. It is a POST form action instead; the term is used for this one
 * response, stored nowhere, and only reflected in the page (the search box, and hidden fields of
 * the "next page", sort and export buttons, which post it again).
 */
import { fail } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { defaultViewZone, zonesWith } from '$lib/time-zones';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';
import { streamedPage } from '$lib/server/http/streamed-page';
import { one, readForm } from '$lib/server/forms';
import {
	bookingListInput,
	DEFAULT_VIEW_TIME_ZONE,
	filtersFromSearchParams,
	searchParamsFromFilters,
	type BookingFilters
} from '$lib/schemas/booking-filters';

type ListInput = ReturnType<typeof bookingListInput.parse>;

/**
 * The URL's filters, or the defaults (with a message) when the URL holds something we cannot read.
 * Dates are read in `zone` (the reader's) unless the URL names another.
 */
function readFilters(url: URL, zone: string): { input: ListInput; problem: string | null } {
	const parsed = bookingListInput.safeParse({
		timeZone: zone,
		...filtersFromSearchParams(url.searchParams),
		cursor: url.searchParams.get('cursor') || undefined
	});
	if (parsed.success) return { input: parsed.data, problem: null };
	const detail = parsed.error.issues.map((i) => i.message).join(' ');
	return {
		input: bookingListInput.parse({ timeZone: zone }),
		problem: `Some filters in the address could not be used and were reset. ${detail}`
	};
}

/** The filters as a query string; the zone is always named when the reader's default is not the service's. */
function queryOf(filters: BookingFilters, zone: string): string {
	const q = searchParamsFromFilters(filters);
	if (zone !== DEFAULT_VIEW_TIME_ZONE) q.set('tz', filters.timeZone);
	return q.toString();
}

const filtersOf = (i: ListInput): BookingFilters => ({
	status: i.status,
	specialistIds: i.specialistIds,
	from: i.from,
	to: i.to,
	timeZone: i.timeZone,
	teamId: i.teamId,
	bookedBy: i.bookedBy,
	sort: i.sort,
	dir: i.dir
});

type ListPage = Awaited<ReturnType<ReturnType<typeof callerFor>['bookings']['list']>>;

/**
 * A list page with only what the page shows (the export and the API keep the full rows): the
 * server-written time label and the specialist's id are left out of the page's data.
 */
function shown(page: ListPage) {
	return {
		nextCursor: page.nextCursor,
		// eslint-disable-next-line @typescript-eslint/no-unused-vars -- fields left out on purpose
		rows: page.rows.map(({ when, specialistId, ...row }) => row)
	};
}

export const load = async (event) => {
	const zone = defaultViewZone(event.locals.signedIn?.user, DEFAULT_VIEW_TIME_ZONE);
	const { input, problem } = readFilters(event.url, zone);
	const caller = callerFor(event);
	// After a name search (POST) the action's result is the list: do not read a second one.
	const searching = event.request.method === 'POST';
	const [options, list] = await Promise.all([caller.bookings.filterOptions(), searching ? null : caller.bookings.list(input)]).catch(
		(err: unknown) => {
			if (err instanceof TRPCError && err.code === 'BAD_REQUEST')
				return Promise.all([caller.bookings.filterOptions(), caller.bookings.list({ ...input, cursor: undefined })]);
			return pageErrorFrom(err);
		}
	);
	const filters = filtersOf(input);
	return {
		filters,
		/** The filters as a query string (no cursor, never the examinee). */
		query: queryOf(filters, zone),
		cursor: input.cursor ?? null,
		list: list && shown(list),
		specialists: options.specialists,
		/** Owners and managers: the organisation's teams and people, to filter by team and by who booked. */
		organisation: options.organisation,
		zones: zonesWith(filters.timeZone, event.locals.signedIn?.user.timeZone),
		problem,
		...streamedPage(event)
	};
};

export const actions = {
	search: async (event) => {
		const form = await readForm(event.request);
		const examinee = one(form.examinee).trim().slice(0, 200);
		const cursor = one(form.cursor) || undefined;
		const { input } = readFilters(event.url, defaultViewZone(event.locals.signedIn?.user, DEFAULT_VIEW_TIME_ZONE));
		const caller = callerFor(event);
		const parsed = bookingListInput.safeParse({ ...input, cursor, examinee: examinee || undefined });
		if (!parsed.success) {
			const list = await caller.bookings.list({ ...input, cursor: undefined }).catch(pageErrorFrom);
			return fail(400, {
				examinee,
				searchError: parsed.error.issues[0]?.message ?? 'Please check the name.',
				list: shown(list),
				cursor: null
			});
		}
		try {
			const list = await caller.bookings.list(parsed.data);
			return { examinee, searchError: null, list: shown(list), cursor: cursor ?? null };
		} catch (err) {
			if (err instanceof TRPCError && err.code === 'BAD_REQUEST') {
				const list = await caller.bookings.list({ ...parsed.data, cursor: undefined }).catch(pageErrorFrom);
				return fail(400, { examinee, searchError: err.message, list: shown(list), cursor: null });
			}
			return pageErrorFrom(err);
		}
	}
};
