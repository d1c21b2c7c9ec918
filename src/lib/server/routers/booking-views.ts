import { router } from '../trpc';

/** Lists, calendar, detail and export of bookings (filled by the views work). */
export const bookingViewsRouter = router({});
