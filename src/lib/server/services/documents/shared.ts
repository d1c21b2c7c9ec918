/** What the document services share: refusals that look like "not there", summaries. */
import type { App } from '../../app';
import { AppError } from '../../errors';
import { CATEGORY_LABELS, SECTION_LABELS, type DocumentCategory, type DocumentSection } from '../../../schemas/document';
import { recordAudit } from '../audit/audit';
import type { SignedInActor } from '../../auth/actor';
import type { DocumentRow } from '../../repositories/document.repository';
import { isUuid } from '../../../ids';

/**
 * Audits the refusal, then answers: NOT_FOUND for anything outside the caller's scope or
 * visibility (exactly like a missing document), FORBIDDEN for a role that may see but not do it.
 */
export async function denyDocument(
	app: App,
	who: SignedInActor,
	resourceType: 'document' | 'booking',
	id: string,
	operation: string,
	reason: 'not_found' | 'hidden' | 'role',
	message?: string,
	field?: string
): Promise<never> {
	await recordAudit(app.database.db, who, {
		action: 'access.denied',
		outcome: 'denied',
		resourceType,
		resourceId: isUuid(id) ? id : null,
		details: { operation, reason }
	});
	if (reason === 'role') throw new AppError('FORBIDDEN', message ?? 'Your role does not allow this.', field);
	throw new AppError('NOT_FOUND', resourceType === 'booking' ? 'No such booking.' : 'No such document.');
}

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
