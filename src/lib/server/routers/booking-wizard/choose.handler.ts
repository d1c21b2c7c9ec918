import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { can } from '../../auth/access';
import { assertHoldAllowed } from '../../services/booking/fair-holds';
import { getDraft, saveDraft } from '../../services/booking/drafts';
import { offersType } from '../../services/booking/wizard';
import type { SignedInContext } from '../_context';
import type { chooseInput } from './schemas';

export async function chooseHandler(ctx: SignedInContext, input: z.infer<typeof chooseInput>) {
	const draft = await getDraft(ctx.app, ctx.signedIn, input.draftId, ctx.actor);
	if (!draft) throw new TRPCError({ code: 'NOT_FOUND', message: 'This booking draft has expired. Please start again.' });
	if (!(await offersType(ctx.app, input.specialistId, input.appointmentTypeId)))
		throw new TRPCError({ code: 'BAD_REQUEST', message: 'That specialist does not offer this examination.' });
	const { value: free } = await ctx.app.scheduling.availableTimes(
		input.specialistId,
		input.appointmentTypeId,
		new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC' }).format(input.startsAt),
		'UTC',
		draft.id
	);
	if (!free.some((s) => new Date(s.startsAt).getTime() === input.startsAt.getTime()))
		throw new TRPCError({ code: 'CONFLICT', message: 'That time has just been taken. Please choose another.' });
	const forOthers = can(ctx.actor, 'booking.book_for_others');
	const hold = await ctx.app.scheduling.hold(
		{ holderKey: draft.id, specialistId: input.specialistId, appointmentTypeId: input.appointmentTypeId, startsAt: input.startsAt },
		(tx) => assertHoldAllowed(ctx.app, tx, draft, forOthers)
	);
	await saveDraft(ctx.app, ctx.signedIn, draft.id, {
		appointmentTypeId: input.appointmentTypeId,
		specialistId: input.specialistId,
		startsAt: input.startsAt.toISOString()
	});
	return { heldUntil: hold.expiresAt };
}
