import { z } from 'zod';
import { getDraft, saveDraft } from '../../services/booking/drafts';
import { bookableCase, startDraftFromCase } from '../../services/booking/case-link';
import { AppError } from '../../errors';
import type { SignedInContext } from '../_context';

export const caseRef = z.object({ caseId: z.uuid('Choose a case.') }).strict();
export const caseChoiceInput = z.object({ draftId: z.uuid(), openCase: z.boolean() }).strict();

/** A case the caller may book an examination for: its reference (never the claimant). */
export async function bookableCaseHandler(ctx: SignedInContext, input: z.infer<typeof caseRef>) {
	const c = await bookableCase(ctx.app, ctx.scope, input.caseId);
	return { id: c.id, reference: c.reference, status: c.status };
}

/** A new draft for an examination of the case, the examinee prefilled from its claimant. */
export async function fromCaseHandler(ctx: SignedInContext, input: z.infer<typeof caseRef>) {
	const draft = await startDraftFromCase(ctx.app, ctx.signedIn, ctx.scope, input.caseId);
	return { draftId: draft.id };
}

/** Whether confirming opens a case for the claimant (or joins the matching one); not for a draft booked from a case. */
export async function caseChoiceHandler(ctx: SignedInContext, input: z.infer<typeof caseChoiceInput>) {
	const draft = await getDraft(ctx.app, ctx.signedIn, input.draftId, ctx.actor);
	if (!draft) throw new AppError('NOT_FOUND', 'This booking draft has expired. Please start again.');
	if (draft.data.caseId) return { ok: true };
	await saveDraft(ctx.app, ctx.signedIn, draft.id, { openCase: input.openCase });
	return { ok: true };
}
