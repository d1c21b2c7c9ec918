/** What the document services share: names and summaries. */
import type { App } from '../../app';
import { CATEGORY_LABELS, SECTION_LABELS, type DocumentCategory, type DocumentSection } from '../../../schemas/document';
import type { DocumentRow } from '../../repositories/document.repository';

export function openName(app: App, row: Pick<DocumentRow, 'nameEncrypted'>): string {
	try {
		return app.cipher.decrypt(row.nameEncrypted, 'document-name');
	} catch {
		return 'Document';
	}
}

export interface DocumentSummary {
	id: string;
	bookingId: string;
	name: string;
	category: DocumentCategory;
	categoryLabel: string;
	section: DocumentSection;
	sectionLabel: string;
	contentType: string;
	extension: string;
	sizeBytes: number;
	uploadedAt: Date;
	uploadedByName: string | null;
	previewable: boolean;
	deletedAt: Date | null;
}

const PREVIEWABLE = new Set(['application/pdf', 'image/jpeg', 'image/png']);

export function documentSummary(app: App, row: DocumentRow, names: Map<string, string>): DocumentSummary {
	const category = row.category;
	const section = row.section as DocumentSection;
	return {
		id: row.id,
		bookingId: row.bookingId,
		name: openName(app, row),
		category,
		categoryLabel: CATEGORY_LABELS[category] ?? row.category,
		section,
		sectionLabel: SECTION_LABELS[section] ?? row.section,
		contentType: row.contentType,
		extension: row.extension,
		sizeBytes: row.sizeBytes,
		uploadedAt: row.createdAt,
		uploadedByName: names.get(row.uploadedByUserId) ?? null,
		previewable: PREVIEWABLE.has(row.contentType),
		deletedAt: row.deletedAt
	};
}
