import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { revokeOwnSession } from '../../services/accounts/sessions';
import type { SignedInContext } from '../_context';
import type { revokeSessionInput } from './schemas';

export async function revokeSessionHandler(ctx: SignedInContext, input: z.infer<typeof revokeSessionInput>) {
	const done = await revokeOwnSession(ctx.app, ctx.actor, ctx.signedIn.user.id, ctx.signedIn.sessionId, input.sessionId);
	if (done) return done;
	// Someone else's session answers exactly like a missing one (the service audited the refusal).
	throw new TRPCError({ code: 'NOT_FOUND', message: 'That session no longer exists.' });
}
