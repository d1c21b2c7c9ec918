/**
 * Documents: categories, sections and the report workflow's states with their labels, and a byte
 * formatter — without any schema library, so pages that only show them ship no validator.
 */

export const DOCUMENT_CATEGORIES = [
	'consent_form',
	'brief',
	'medical_records',
	'imaging',
	'dictation',
	'draft_report',
	'final_report',
	'other'
] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<DocumentCategory, string> = {
	consent_form: 'Consent form',
	brief: 'Brief (letter of instruction)',
	medical_records: 'Medical records',
	imaging: 'Imaging (scans, X-rays)',
	dictation: 'Dictation',
	draft_report: 'Draft report',
	final_report: 'Final report',
	other: 'Other'
};

/** A booking's documents are grouped by the examination they belong to. */
export const DOCUMENT_SECTIONS = ['ime', 'supplementary'] as const;
export type DocumentSection = (typeof DOCUMENT_SECTIONS)[number];
export const SECTION_LABELS: Record<DocumentSection, string> = { ime: 'Examination (IME)', supplementary: 'Supplementary' };

/**
 * The report's progress: dictation in → transcription → draft for the specialist → approved (or
 * changes asked for, and a new draft) → final released to the referrer.
 */
export const REPORT_STATES = [
	'none',
	'dictation_received',
	'in_transcription',
	'draft_review',
	'changes_requested',
	'approved',
	'released'
] as const;
export type ReportState = (typeof REPORT_STATES)[number];
export const REPORT_STATE_LABELS: Record<ReportState, string> = {
	none: 'Not started',
	dictation_received: 'Dictation received',
	in_transcription: 'In transcription',
	draft_review: 'Draft with the specialist',
	changes_requested: 'Changes requested',
	approved: 'Approved, ready to release',
	released: 'Final report released'
};

export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export function formatBytes(n: number): string {
	if (n < 1024) return `${n} B`;
	if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
	if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(n < 10 * 1024 ** 2 ? 1 : 0)} MB`;
	return `${(n / 1024 ** 3).toFixed(1)} GB`;
}
