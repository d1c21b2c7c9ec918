/**
 * A booking's documents and its report's progress. Upload and download are plain endpoints (they
 * stream); everything else is here. Every procedure is open to signed-in callers and the service
 * decides per document: outside the caller's scope or visibility answers NOT_FOUND.
 */
import { z } from 'zod';
import { documentName } from '../../schemas/document';
import { deleteDocument, listDocuments, renameDocument, restoreDocument } from '../services/documents/manage';
import { reportsAwaited } from '../services/documents/report-queue';
import { REPORT_STEPS, takeReportStep } from '../services/documents/report-workflow';
import { router, signedInProcedure } from '../trpc';

const bookingId = z.string().uuid('No such booking.');
const documentId = z.string().uuid('No such document.');

export const documentsRouter = router({
	list: signedInProcedure
		.input(z.object({ bookingId }).strict())
		.query(({ ctx, input }) => listDocuments(ctx.app, ctx.actor, ctx.scope, input.bookingId)),

	rename: signedInProcedure
		.input(z.object({ id: documentId, name: documentName }).strict())
		.mutation(({ ctx, input }) => renameDocument(ctx.app, ctx.actor, ctx.scope, input.id, input.name)),

	remove: signedInProcedure
		.input(z.object({ id: documentId }).strict())
		.mutation(({ ctx, input }) => deleteDocument(ctx.app, ctx.actor, ctx.scope, input.id)),

	/** Admins, within 30 days of the deletion. */
	restore: signedInProcedure
		.input(z.object({ id: documentId }).strict())
		.mutation(({ ctx, input }) => restoreDocument(ctx.app, ctx.actor, ctx.scope, input.id)),

	reportStep: signedInProcedure
		.input(
			z
				.object({
					bookingId,
					step: z.enum(REPORT_STEPS, 'Choose a step.'),
					note: z.string().trim().max(2000, 'Keep the note under 2,000 characters.').optional()
				})
				.strict()
		)
		.mutation(({ ctx, input }) => takeReportStep(ctx.app, ctx.actor, ctx.scope, input.bookingId, input.step, input.note)),

	/** Examinations whose report is awaited, in the caller's scope (admins: all; specialists: theirs). */
	reportQueue: signedInProcedure.query(({ ctx }) => reportsAwaited(ctx.app, ctx.scope))
});
