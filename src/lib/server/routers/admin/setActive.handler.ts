import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { setUserActive } from '../../services/accounts/users';
import type { SignedInContext } from '../_context';
import type { setActiveInput } from './schemas';

export async function setActiveHandler(ctx: SignedInContext, input: z.infer<typeof setActiveInput>) {
	if (input.userId === ctx.signedIn.user.id)
		throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot deactivate your own account.' });
	const done = await setUserActive(ctx.app, ctx.actor, input.userId, input.active);
	if (!done) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such user.' });
	return done;
}
