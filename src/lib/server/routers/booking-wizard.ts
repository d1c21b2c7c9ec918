import { router } from '../trpc';

/** Drafts, holds and confirmation: the booking wizard. */
export const bookingWizardRouter = router({});
