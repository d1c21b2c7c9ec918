import { z } from 'zod';
import { examineeSchema } from '$lib/schemas/booking';
import { CASE_STATUSES, caseDetailsSchema } from '$lib/schemas/case';
import { userIdSchema } from '$lib/schemas/case-filters';

const caseId = z.string('Say which case.').uuid('There is no case with that reference.');

/** The claimant (an examinee), the case's details and the referrer responsible. */
export const caseInput = z
	.object({
		claimant: examineeSchema,
		details: caseDetailsSchema,
		ownerUserId: userIdSchema('Choose the referrer responsible from the list.').optional()
	})
	.strict();

export const caseGetInput = z.object({ id: caseId }).strict();
export const caseUpdateInput = caseInput.extend({ id: caseId }).strict();
export const caseStatusInput = z
	.object({
		id: caseId,
		status: z.enum(CASE_STATUSES, 'Choose open, on hold or closed.'),
		note: z.string().trim().max(1000, 'Keep the note under 1,000 characters.').optional()
	})
	.strict();
