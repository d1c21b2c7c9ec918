import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { resendInvitation } from '../../services/accounts/invitations';
import type { SignedInContext } from '../_context';
import type { invitationRef } from './schemas';

export async function resendInvitationHandler(ctx: SignedInContext, input: z.infer<typeof invitationRef>) {
	const resent = await resendInvitation(ctx.app, ctx.actor, input.id);
	if (!resent) throw new TRPCError({ code: 'NOT_FOUND', message: 'No open invitation with that id.' });
	return resent;
}
