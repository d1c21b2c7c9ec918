import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { revokeInvitation } from '../../services/accounts/invitations';
import type { SignedInContext } from '../_context';
import type { invitationRef } from './schemas';

export async function revokeInvitationHandler(ctx: SignedInContext, input: z.infer<typeof invitationRef>) {
	const revoked = await revokeInvitation(ctx.app, ctx.actor, input.id);
	if (!revoked) throw new TRPCError({ code: 'NOT_FOUND', message: 'No pending invitation with that id.' });
	return revoked;
}
