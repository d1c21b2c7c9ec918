import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { getDraft } from '../../services/booking/drafts';
import { draftSummary } from '../../services/booking/wizard';
import type { SignedInContext } from '../_context';
import type { draftRef } from './schemas';

export async function getHandler(ctx: SignedInContext, input: z.infer<typeof draftRef>) {
	const draft = await getDraft(ctx.app, ctx.signedIn, input.draftId, ctx.actor);
	if (!draft) throw new TRPCError({ code: 'NOT_FOUND', message: 'This booking draft has expired. Please start again.' });
	return draftSummary(ctx.app, draft);
}
