/**
 * A booking's documents as the caller may see them, and the changes to them: rename, soft delete
 * (hidden at once; an admin can restore it for 30 days, then the sweeper purges it) and restore.
 * Every change is audited; names never appear in the audit details.
 */
import type { App } from '../../app';
import type { Scope } from '../../auth/scope';
import { AppError } from '../../errors';
import { getForScope } from '../../repositories/booking.repository';
import {
	documentForScope,
	documentsOfBooking,
	markDocumentDeleted,
	markDocumentRestored,
	renameDocumentRow,
	type DocumentRow
} from '../../repositories/document.repository';
import { userNames } from '../../repositories/referrers.repository';
import {
	CATEGORY_LABELS,
	DOCUMENT_CATEGORIES,
	DOCUMENT_SECTIONS,
	SECTION_LABELS,
	type DocumentCategory,
	type ReportState
} from '../../../schemas/document';
import { recordAudit } from '../audit/audit';
import { attributionOf, type SignedInActor } from '../../auth/actor';
import { canManage, canSee, uploadableCategories } from './access';
import { denyDocument, documentSummary, type DocumentSummary } from './shared';

export const RESTORE_DAYS = 30;

async function namesOf(app: App, rows: DocumentRow[]): Promise<Map<string, string>> {
	const ids = [...new Set(rows.map((r) => r.uploadedByUserId))];
	if (!ids.length) return new Map();
	const found = await userNames(app.database.db, ids);
	return new Map(found.map((u) => [u.id, u.name]));
}

export interface DocumentItem extends DocumentSummary {
	canManage: boolean;
	restorableUntil: Date | null;
}

export interface BookingDocuments {
	/** Sections (IME, supplementary) in order, each with its categories in order. */
	groups: Array<{
		section: string;
		sectionLabel: string;
		categories: Array<{ category: string; categoryLabel: string; items: DocumentItem[] }>;
	}>;
	count: number;
	/** Categories the caller may upload to this booking. */
	uploadable: DocumentCategory[];
	/** Admins: documents deleted within the restore window. */
	deleted: DocumentItem[];
	hasFinalReport: boolean;
}

export async function listDocuments(app: App, who: SignedInActor, scope: Scope, bookingId: string): Promise<BookingDocuments> {
	const b = await getForScope(app.database.db, scope, bookingId);
	if (!b) return denyDocument(app, who, 'booking', bookingId, 'document.list', 'not_found');
	const admin = who.caller.platformRole === 'admin';
	const [live, deleted] = await Promise.all([
		documentsOfBooking(app.database.db, b.id, 'live'),
		admin ? documentsOfBooking(app.database.db, b.id, 'deleted') : Promise.resolve([])
	]);
	const visible = live.filter((d) => canSee(who.caller, d.category, b.reportState));
	const names = await namesOf(app, [...visible, ...deleted]);
	const item = (d: DocumentRow): DocumentItem => ({
		...documentSummary(app, d, names),
		canManage: canManage(who, d.uploadedByUserId),
		restorableUntil: d.deletedAt ? new Date(d.deletedAt.getTime() + RESTORE_DAYS * 86_400_000) : null
	});
	const items = visible.map(item);
	const groups = DOCUMENT_SECTIONS.map((section) => ({
		section,
		sectionLabel: SECTION_LABELS[section],
		categories: DOCUMENT_CATEGORIES.map((category) => ({
			category,
			categoryLabel: CATEGORY_LABELS[category],
			items: items.filter((i) => i.section === section && i.category === category)
		})).filter((c) => c.items.length > 0)
	})).filter((g) => g.categories.length > 0);
	return {
		groups,
		count: items.length,
		uploadable: b.status === 'archived' ? [] : [...uploadableCategories(who.caller)],
		deleted: deleted.filter((d) => d.deletedAt && d.deletedAt.getTime() > Date.now() - RESTORE_DAYS * 86_400_000).map(item),
		hasFinalReport: live.some((d) => d.category === 'final_report')
	};
}

/** The document, in scope, visible, and (unless `restoring`) not deleted; else NOT_FOUND, audited. */
async function loadForManage(app: App, who: SignedInActor, scope: Scope, id: string, operation: string, restoring = false) {
	const found = await documentForScope(app.database.db, scope, id);
	if (
		!found ||
		Boolean(found.document.deletedAt) !== restoring ||
		!canSee(who.caller, found.document.category, found.booking.reportState as ReportState)
	)
		return denyDocument(app, who, 'document', id, operation, 'not_found');
	if (!canManage(who, found.document.uploadedByUserId))
		return denyDocument(
			app,
			who,
			'document',
			id,
			operation,
			'role',
			'Only our team or the person who uploaded it can change this document.'
		);
	return found.document;
}

export async function renameDocument(app: App, who: SignedInActor, scope: Scope, id: string, name: string) {
	const doc = await loadForManage(app, who, scope, id, 'document.rename');
	await app.database.db.transaction(async (tx) => {
		await renameDocumentRow(tx, doc.id, app.cipher.encrypt(name, 'document-name'));
		await recordAudit(tx, who, {
			action: 'document.rename',
			outcome: 'granted',
			resourceType: 'document',
			resourceId: doc.id,
			details: { bookingId: doc.bookingId }
		});
	});
	return { id: doc.id };
}

export async function deleteDocument(app: App, who: SignedInActor, scope: Scope, id: string) {
	const doc = await loadForManage(app, who, scope, id, 'document.delete');
	await app.database.db.transaction(async (tx) => {
		await markDocumentDeleted(tx, doc.id, attributionOf(who).actor);
		await recordAudit(tx, who, {
			action: 'document.delete',
			outcome: 'granted',
			resourceType: 'document',
			resourceId: doc.id,
			details: { bookingId: doc.bookingId, category: doc.category }
		});
	});
	return { id: doc.id };
}

export async function restoreDocument(app: App, who: SignedInActor, scope: Scope, id: string) {
	if (who.caller.platformRole !== 'admin')
		return denyDocument(app, who, 'document', id, 'document.restore', 'role', 'Only our team can restore a deleted document.');
	const doc = await loadForManage(app, who, scope, id, 'document.restore', true);
	if (doc.deletedAt!.getTime() < Date.now() - RESTORE_DAYS * 86_400_000)
		throw new AppError('CONFLICT', `Documents can be restored for ${RESTORE_DAYS} days after they are deleted.`);
	await app.database.db.transaction(async (tx) => {
		await markDocumentRestored(tx, doc.id);
		await recordAudit(tx, who, {
			action: 'document.restore',
			outcome: 'granted',
			resourceType: 'document',
			resourceId: doc.id,
			details: { bookingId: doc.bookingId }
		});
	});
	return { id: doc.id };
}
