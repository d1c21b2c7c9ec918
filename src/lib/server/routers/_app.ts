/** The whole API, one line per feature router. */
import { accountRouter } from './account';
import { adminRouter } from './admin';
import { schedulingRouter } from './scheduling';
import { bookingViewsRouter } from './booking-views';
import { bookingLifecycleRouter } from './booking-lifecycle';
import { bookingWizardRouter } from './booking-wizard';
import { documentsRouter } from './documents';
import { casesRouter } from './cases';
import { logisticsRouter } from './logistics';
import { enclosuresRouter } from './enclosures';
import { myOrganisationRouter } from './my-organisation';
import { router } from '../trpc';

export const appRouter = router({
	account: accountRouter,
	admin: adminRouter,
	scheduling: schedulingRouter,
	bookings: bookingViewsRouter,
	lifecycle: bookingLifecycleRouter,
	wizard: bookingWizardRouter,
	documents: documentsRouter,
	cases: casesRouter,
	logistics: logisticsRouter,
	enclosures: enclosuresRouter,
	organisation: myOrganisationRouter
});

export type AppRouter = typeof appRouter;
