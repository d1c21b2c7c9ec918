import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { getDraft, saveDraft } from '../../services/booking/drafts';
import type { SignedInContext } from '../_context';
import type { draftRef } from './schemas';

/**
 * Let the draft's held time go (the referrer is changing specialist, examination or time): the time
 * is free for everyone at once instead of when the hold runs out. What was typed stays in the draft.
 */
export async function releaseHandler(ctx: SignedInContext, input: z.infer<typeof draftRef>) {
	const draft = await getDraft(ctx.app, ctx.signedIn, input.draftId, ctx.actor);
	if (!draft) throw new TRPCError({ code: 'NOT_FOUND', message: 'This booking draft has expired. Please start again.' });
	await ctx.app.scheduling.release(draft.id);
	await saveDraft(ctx.app, ctx.signedIn, draft.id, { startsAt: undefined });
	return { released: true };
}
