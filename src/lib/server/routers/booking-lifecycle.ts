import { router } from '../trpc';

/** Progress moves, reschedule and cancel of bookings (filled by the lifecycle work). */
export const bookingLifecycleRouter = router({});
