import { z } from 'zod';
import { documentName } from '$lib/schemas/document';
import { REPORT_STEPS } from '../../services/documents/report-workflow';

const bookingId = z.string().uuid('No such booking.');
const documentId = z.string().uuid('No such document.');

export const bookingDocumentsInput = z.object({ bookingId }).strict();
export const renameInput = z.object({ id: documentId, name: documentName }).strict();
export const documentRef = z.object({ id: documentId }).strict();
export const reportStepInput = z
	.object({
		bookingId,
		step: z.enum(REPORT_STEPS, 'Choose a step.'),
		note: z.string().trim().max(2000, 'Keep the note under 2,000 characters.').optional()
	})
	.strict();
