import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { intakeSchemaFor } from '$lib/schemas/booking';
import { getDraft, saveDraft } from '../../services/booking/drafts';
import { intakeFieldsOf } from '../../services/booking/wizard';
import type { SignedInContext } from '../_context';
import type { detailsInput } from './schemas';

export async function detailsHandler(ctx: SignedInContext, input: z.infer<typeof detailsInput>) {
	const draft = await getDraft(ctx.app, ctx.signedIn, input.draftId, ctx.actor);
	if (!draft?.data.appointmentTypeId)
		throw new TRPCError({ code: 'NOT_FOUND', message: 'This booking draft has expired. Please start again.' });
	const intake = intakeSchemaFor(await intakeFieldsOf(ctx.app, draft.data.appointmentTypeId)).parse(input.intake) as Record<
		string,
		string | string[]
	>;
	await saveDraft(ctx.app, ctx.signedIn, draft.id, { examinee: input.examinee, intake });
	return { ok: true };
}
