import { listOwnSessions } from '../../services/accounts/sessions';
import { publicProcedure, router, signedInProcedure } from '../../trpc';
import { meHandler } from './me.handler';
import { revokeSessionHandler } from './revokeSession.handler';
import { revokeSessionInput } from './schemas';

export const accountRouter = router({
	/** Who is signed in (null when nobody): safe to call anonymously. */
	me: publicProcedure.query(({ ctx }) => meHandler(ctx)),

	sessions: signedInProcedure.query(({ ctx }) => listOwnSessions(ctx.app, ctx.signedIn.user.id, ctx.signedIn.sessionId)),

	revokeSession: signedInProcedure.input(revokeSessionInput).mutation(({ ctx, input }) => revokeSessionHandler(ctx, input))
});
