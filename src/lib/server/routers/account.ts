import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { listOwnSessions, revokeOwnSession } from '../services/accounts/sessions';
import { userName } from '../services/accounts/users';
import { publicProcedure, router, signedInProcedure } from '../trpc';

export const accountRouter = router({
	/** Who is signed in (null when nobody): safe to call anonymously. */
	me: publicProcedure.query(async ({ ctx }) => {
		const s = ctx.signedIn;
		if (!s) return null;
		const impersonatorName = s.impersonatedBy ? await userName(ctx.app, s.impersonatedBy) : null;
		return {
			actingAs: s.impersonatedBy ? { adminName: impersonatorName ?? 'An admin' } : null,
			id: s.user.id,
			name: s.user.name,
			email: s.user.email,
			role: s.user.role,
			twoFactorEnabled: s.user.twoFactorEnabled,
			mustEnrolSecondFactor: s.mustEnrolSecondFactor,
			organizations: s.memberships.map((m) => ({ id: m.organizationId, name: m.organizationName, roles: m.roles, team: m.teamName })),
			activeOrganizationId: s.caller.organizationId
		};
	}),

	sessions: signedInProcedure.query(({ ctx }) => listOwnSessions(ctx.app, ctx.signedIn.user.id, ctx.signedIn.sessionId)),

	revokeSession: signedInProcedure.input(z.object({ sessionId: z.uuid('No such session.') }).strict()).mutation(async ({ ctx, input }) => {
		const done = await revokeOwnSession(ctx.app, ctx.actor, ctx.signedIn.user.id, ctx.signedIn.sessionId, input.sessionId);
		if (done) return done;
		// Someone else's session answers exactly like a missing one (the service audited the refusal).
		throw new TRPCError({ code: 'NOT_FOUND', message: 'That session no longer exists.' });
	})
});
