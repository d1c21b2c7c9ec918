import type { z } from 'zod';
import { saveDraft } from '../../services/booking/drafts';
import type { SignedInContext } from '../_context';
import type { keepInput } from './schemas';

export async function keepHandler(ctx: SignedInContext, input: z.infer<typeof keepInput>) {
	// Kept as typed, valid or not (a reload must lose nothing); checked at Review and Confirm.
	await saveDraft(
		ctx.app,
		ctx.signedIn,
		input.draftId,
		{ examinee: input.examinee as Record<string, string>, intake: input.intake },
		ctx.actor
	);
	return { ok: true };
}
