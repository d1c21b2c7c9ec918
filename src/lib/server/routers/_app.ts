/** The whole API, one line per feature router. */
import { accountRouter } from './account';
import { adminRouter } from './admin';
import { schedulingRouter } from './scheduling';
import { router } from '../trpc';

export const appRouter = router({
	account: accountRouter,
	admin: adminRouter,
	scheduling: schedulingRouter
});

export type AppRouter = typeof appRouter;
