/**
 * Form actions for the documents and report cards: rename, delete, restore and the report's steps.
 * They work without JavaScript and answer `{ documents: DocumentsState }`. The procedures do every
 * check (scope, visibility, role); these read the form and word the outcome.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { readFields, refusalOf } from '$lib/server/forms';

export interface DocumentsState {
	/** Which card shows it: the documents list or the report's steps. */
	about: 'document' | 'report';
	ok: boolean;
	message: string;
	/** The document the message is about (rename shows it under that row). */
	documentId?: string;
	fields: Record<string, string>;
}

type Event = Pick<RequestEvent, 'locals' | 'request'> & { params: { id?: string } };

const formOf = (event: Event) => readFields(event.request);

async function run(about: 'document' | 'report', documentId: string | undefined, work: () => Promise<string>) {
	try {
		const message = await work();
		return { documents: { about, ok: true, message, documentId, fields: {} } satisfies DocumentsState };
	} catch (err) {
		const { status, message, fields } = refusalOf(err);
		return fail(status, { documents: { about, ok: false, message, documentId, fields } satisfies DocumentsState });
	}
}

export const documentActions = {
	renameDocument: async (event: Event) => {
		const f = await formOf(event);
		return run('document', f.documentId, async () => {
			await callerFor(event).documents.rename({ id: f.documentId ?? '', name: f.name ?? '' });
			return 'Document renamed.';
		});
	},
	deleteDocument: async (event: Event) => {
		const f = await formOf(event);
		return run('document', f.documentId, async () => {
			await callerFor(event).documents.remove({ id: f.documentId ?? '' });
			return 'Document deleted. Our team can restore it for 30 days if it was a mistake.';
		});
	},
	restoreDocument: async (event: Event) => {
		const f = await formOf(event);
		return run('document', f.documentId, async () => {
			await callerFor(event).documents.restore({ id: f.documentId ?? '' });
			return 'Document restored.';
		});
	},
	reportStep: async (event: Event) => {
		const f = await formOf(event);
		return run('report', undefined, async () => {
			const step = f.step as 'start_transcription' | 'approve' | 'request_changes' | 'release';
			await callerFor(event).documents.reportStep({ bookingId: event.params.id ?? '', step, note: f.note || undefined });
			return (
				{
					start_transcription: 'Marked as in transcription.',
					approve: 'Draft report approved. Our team will release the final report.',
					request_changes: 'Your changes were sent to our team.',
					release: 'Final report released. The referrer has been notified.'
				}[step] ?? 'Done.'
			);
		});
	}
};
