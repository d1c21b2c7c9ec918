/**
 * Lists, calendar and detail of bookings. Every read goes through the caller's scope (the views
 * service, services/booking/booking-views.ts): a booking outside it is "not found", and that
 * answer is audited. The filters and their query-string form: $lib/schemas/booking-filters.ts.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { bookingCalendarInput, bookingListInput } from '$lib/schemas/booking-filters';
import { recordAudit } from '../services/audit/audit';
import {
	bookingCalendar,
	bookingDetail,
	InvalidCursorError,
	listBookings,
	specialistFilterOptions
} from '../services/booking/booking-views';
import { router, signedInProcedure } from '../trpc';

// Still imported from here by the CSV export (routes/api/bookings/export.csv, services/exports).
export { bookingFiltersSchema, filtersFromSearchParams, type BookingFilters } from '$lib/schemas/booking-filters';
export { repositoryFilters, toListItem } from '../services/booking/booking-views';

function badCursor(err: unknown): never {
	if (err instanceof InvalidCursorError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
	throw err;
}

export const bookingViewsRouter = router({
	/** One page of the caller's bookings; keyset pages (`cursor` from the previous page). */
	list: signedInProcedure.input(bookingListInput).query(async ({ ctx, input }) => {
		const { cursor, limit, ...filters } = input;
		const page = await listBookings(ctx.app, ctx.scope, filters, cursor, limit).catch(badCursor);
		// The page shows examinee names: a read of PHI, recorded as one list read (ids and codes only).
		if (page.rows.length)
			await recordAudit(ctx.app.database.db, ctx.actor, {
				action: 'booking.read',
				outcome: 'granted',
				resourceType: 'booking_list',
				details: { count: page.rows.length, examineeSearch: Boolean(filters.examinee), status: filters.status }
			});
		return page;
	}),

	/** Specialists a list can be narrowed to: all active ones, or a specialist's own calendar. */
	filterOptions: signedInProcedure.query(({ ctx }) => specialistFilterOptions(ctx.app, ctx.scope)),

	/** Bookings per local day of a month, in the viewer's zone. */
	calendar: signedInProcedure.input(bookingCalendarInput).query(({ ctx, input }) => bookingCalendar(ctx.app, ctx.scope, input)),

	/** One booking in full, as the caller's role may see it. Audited, granted or not. */
	get: signedInProcedure.input(z.object({ id: z.string().min(1).max(64) }).strict()).query(async ({ ctx, input }) => {
		const detail = await bookingDetail(ctx.app, ctx.scope, ctx.signedIn, input.id);
		if (!detail) {
			// "Not yours" answers exactly like "not there", and is recorded.
			await recordAudit(ctx.app.database.db, ctx.actor, {
				action: 'access.denied',
				outcome: 'denied',
				resourceType: 'booking',
				resourceId: input.id,
				details: { reason: 'not_found_or_out_of_scope' }
			});
			throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no booking with that reference that you can see.' });
		}
		await recordAudit(ctx.app.database.db, ctx.actor, {
			action: 'booking.read',
			outcome: 'granted',
			resourceType: 'booking',
			resourceId: detail.id
		});
		return detail;
	})
});
