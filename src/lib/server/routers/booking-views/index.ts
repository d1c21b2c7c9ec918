/**
 * Lists, calendar and detail of bookings. Every read goes through the caller's scope (the views
 * service, services/booking/booking-views.ts): a booking outside it is "not found", and that
 * answer is audited. The filters and their query-string form: $lib/schemas/booking-filters.ts.
 */
import { bookingCalendarInput, bookingListInput } from '$lib/schemas/booking-filters';
import { bookingCalendar, specialistFilterOptions } from '../../services/booking/booking-views';
import { router, signedInProcedure } from '../../trpc';
import { getHandler } from './get.handler';
import { listHandler } from './list.handler';
import { bookingGetInput } from './schemas';

// Still imported from here by the CSV export (routes/api/bookings/export.csv, services/exports).
export { bookingFiltersSchema, filtersFromSearchParams, type BookingFilters } from '$lib/schemas/booking-filters';
export { repositoryFilters, toListItem } from '../../services/booking/booking-views';

export const bookingViewsRouter = router({
	/** One page of the caller's bookings; keyset pages (`cursor` from the previous page). */
	list: signedInProcedure.input(bookingListInput).query(({ ctx, input }) => listHandler(ctx, input)),

	/** Specialists a list can be narrowed to: all active ones, or a specialist's own calendar. */
	filterOptions: signedInProcedure.query(({ ctx }) => specialistFilterOptions(ctx.app, ctx.scope)),

	/** Bookings per local day of a month, in the viewer's zone. */
	calendar: signedInProcedure.input(bookingCalendarInput).query(({ ctx, input }) => bookingCalendar(ctx.app, ctx.scope, input)),

	/** One booking in full, as the caller's role may see it. Audited, granted or not. */
	get: signedInProcedure.input(bookingGetInput).query(({ ctx, input }) => getHandler(ctx, input))
});
