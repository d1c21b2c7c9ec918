import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { session, user } from '../db/schema';
import { recordAudit } from '../services/audit/audit';
import { actorOf } from '../services/accounts/request-meta';
import { publicProcedure, router, signedInProcedure } from '../trpc';

export const accountRouter = router({
	/** Who is signed in (null when nobody): safe to call anonymously. */
	me: publicProcedure.query(async ({ ctx }) => {
		const s = ctx.signedIn;
		if (!s) return null;
		const [impersonator] = s.impersonatedBy
			? await ctx.app.database.db.select({ name: user.name }).from(user).where(eq(user.id, s.impersonatedBy)).limit(1)
			: [];
		return {
			actingAs: s.impersonatedBy ? { adminName: impersonator?.name ?? 'An admin' } : null,
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

	sessions: signedInProcedure.query(async ({ ctx }) => {
		const rows = await ctx.app.database.db
			.select({
				id: session.id,
				createdAt: session.createdAt,
				updatedAt: session.updatedAt,
				expiresAt: session.expiresAt,
				ipAddress: session.ipAddress,
				userAgent: session.userAgent
			})
			.from(session)
			.where(eq(session.userId, ctx.signedIn.user.id))
			.orderBy(session.createdAt);
		return rows.filter((r) => r.expiresAt > new Date()).map((r) => ({ ...r, current: r.id === ctx.signedIn.sessionId }));
	}),

	revokeSession: signedInProcedure.input(z.object({ sessionId: z.string().min(1).max(64) }).strict()).mutation(async ({ ctx, input }) => {
		const db = ctx.app.database.db;
		const who = actorOf(ctx.meta, ctx.signedIn.user.id, ctx.signedIn.impersonatedBy);
		const done = await db.transaction(async (tx) => {
			const deleted = await tx
				.delete(session)
				.where(and(eq(session.id, input.sessionId), eq(session.userId, ctx.signedIn.user.id)))
				.returning({ id: session.id });
			if (deleted.length === 0) return null;
			await recordAudit(tx, who, {
				action: 'auth.session_revoke',
				outcome: 'granted',
				resourceType: 'session',
				resourceId: input.sessionId
			});
			return { revoked: input.sessionId, wasCurrent: input.sessionId === ctx.signedIn.sessionId };
		});
		if (done) return done;
		// Someone else's session answers exactly like a missing one, and the refusal is audited.
		await recordAudit(db, who, {
			action: 'access.denied',
			outcome: 'denied',
			resourceType: 'session',
			resourceId: null,
			details: { operation: 'revoke' }
		});
		throw new TRPCError({ code: 'NOT_FOUND', message: 'That session no longer exists.' });
	})
});
