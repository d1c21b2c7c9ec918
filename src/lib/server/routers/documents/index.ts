/**
 * A booking's documents and its report's progress. Upload and download are plain endpoints (they
 * stream); everything else is here. Every procedure is open to signed-in callers and the service
 * decides per document: outside the caller's scope or visibility answers NOT_FOUND.
 */
import { deleteDocument, listDocuments, renameDocument, restoreDocument } from '../../services/documents/manage';
import { reportsAwaited } from '../../services/documents/report-queue';
import { takeReportStep } from '../../services/documents/report-workflow';
import { router, signedInProcedure } from '../../trpc';
import { bookingDocumentsInput, documentRef, renameInput, reportStepInput } from './schemas';

export const documentsRouter = router({
	list: signedInProcedure
		.input(bookingDocumentsInput)
		.query(({ ctx, input }) => listDocuments(ctx.app, ctx.actor, ctx.scope, input.bookingId)),

	rename: signedInProcedure
		.input(renameInput)
		.mutation(({ ctx, input }) => renameDocument(ctx.app, ctx.actor, ctx.scope, input.id, input.name)),

	remove: signedInProcedure.input(documentRef).mutation(({ ctx, input }) => deleteDocument(ctx.app, ctx.actor, ctx.scope, input.id)),

	/** Admins, within 30 days of the deletion. */
	restore: signedInProcedure.input(documentRef).mutation(({ ctx, input }) => restoreDocument(ctx.app, ctx.actor, ctx.scope, input.id)),

	reportStep: signedInProcedure
		.input(reportStepInput)
		.mutation(({ ctx, input }) => takeReportStep(ctx.app, ctx.actor, ctx.scope, input.bookingId, input.step, input.note)),

	/** Examinations whose report is awaited, in the caller's scope (admins: all; specialists: theirs). */
	reportQueue: signedInProcedure.query(({ ctx }) => reportsAwaited(ctx.app, ctx.scope))
});
