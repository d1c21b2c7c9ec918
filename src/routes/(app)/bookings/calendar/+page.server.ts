import { canonicalTimeZone, defaultViewZone, zonesWith } from '$lib/time-zones';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';
import { DEFAULT_VIEW_TIME_ZONE, searchParamsFromFilters } from '$lib/schemas/booking-filters';
import { isUuid } from '$lib/ids';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const STATUSES = ['active', 'closed', 'all'] as const;
type Status = (typeof STATUSES)[number];

/** The filters as a query string; the zone is always named when the reader's default is not the service's. */
function queryOf(filters: Parameters<typeof searchParamsFromFilters>[0], zone: string): string {
	const q = searchParamsFromFilters(filters);
	if (zone !== DEFAULT_VIEW_TIME_ZONE && filters.timeZone) q.set('tz', filters.timeZone);
	return q.toString();
}

/** The month grid: bookings per day in the viewer's zone; a day links to the list of that day. */
export const load = async (event) => {
	const q = event.url.searchParams;
	// Days in the reader's zone (a referrer's own once known) unless the address names another.
	const zone = defaultViewZone(event.locals.signedIn?.user, DEFAULT_VIEW_TIME_ZONE);
	const timeZone = canonicalTimeZone(q.get('tz')) ?? zone;
	const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
	const monthParam = q.get('month') ?? '';
	const month = MONTH.test(monthParam) ? monthParam : today.slice(0, 7);
	const statusParam = q.get('status') ?? '';
	const status: Status = (STATUSES as readonly string[]).includes(statusParam) ? (statusParam as Status) : 'active';
	const specialistIds = q
		.getAll('specialist')
		.filter((id: string) => isUuid(id))
		.slice(0, 50);
	const calendar = await callerFor(event).bookings.calendar({ month, timeZone, status, specialistIds }).catch(pageErrorFrom);
	return {
		...calendar,
		today,
		status,
		zones: zonesWith(timeZone, event.locals.signedIn?.user.timeZone),
		/** The filters carried to the list and kept across months (no dates, no cursor, no name). */
		query: queryOf({ status, specialistIds, timeZone }, zone)
	};
};
