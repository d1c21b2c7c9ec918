import { TRPCError } from '@trpc/server';
import { parseDate } from '@internationalized/date';
import { pageErrorFrom, requirePlatformRole } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';
import { DEFAULT_VIEW_TIME_ZONE } from '$lib/schemas/booking-filters';

/**
 * A specialist's own appointments: the bookings list procedure, whose scope for a specialist is
 * "assigned". Upcoming (from today, soonest first) or past (most recent first), a page at a time.
 */
export const load = async (event) => {
	await requirePlatformRole(event, 'specialist');
	const when = event.url.searchParams.get('when') === 'past' ? 'past' : 'upcoming';
	const cursor = event.url.searchParams.get('cursor') || undefined;
	const timeZone = DEFAULT_VIEW_TIME_ZONE;
	const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
	const input =
		when === 'upcoming'
			? ({ status: 'active', from: today, sort: 'startsAt', dir: 'asc', timeZone } as const)
			: ({ status: 'all', to: parseDate(today).subtract({ days: 1 }).toString(), sort: 'startsAt', dir: 'desc', timeZone } as const);
	const caller = callerFor(event);
	const list = await caller.bookings.list({ ...input, cursor }).catch((err: unknown) => {
		// An out-of-date page link starts again from the first page.
		if (err instanceof TRPCError && err.code === 'BAD_REQUEST') return caller.bookings.list(input).catch(pageErrorFrom);
		return pageErrorFrom(err);
	});
	const reports = await caller.documents.reportQueue().catch(pageErrorFrom);
	// The day's logistics per appointment: interpreter, and for telehealth the link and technology check.
	const logistics = await caller.logistics.dayOf({ bookingIds: list.rows.map((r) => r.id) }).catch(pageErrorFrom);
	return { when, list, cursor: cursor ?? null, reports, logistics };
};
