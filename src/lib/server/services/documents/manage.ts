/**
 * A booking's documents as the caller may see them, and the changes to them: rename, soft delete
 * (hidden at once; an admin can restore it for 30 days, then the sweeper purges it) and restore.
 * Every change is audited; names never appear in the audit details.
 */
import type { App } from '../../app';
import type { Scope } from '../../auth/scope';
import { AppError } from '../../errors';
import {
	documentsOfBooking,
	markDocumentDeleted,
	markDocumentRestored,
	renameDocumentRow,
	type DocumentRow
} from '../../repositories/document.repository';
import { userNames } from '../../repositories/referrers.repository';
import { CATEGORY_LABELS, DOCUMENT_CATEGORIES, DOCUMENT_SECTIONS, SECTION_LABELS, type DocumentCategory } from '../../../schemas/document';
import { recordAudit } from '../audit/audit';
import { attributionOf, SYSTEM_ACTOR_ID, type SignedInActor } from '../../auth/actor';
import { can, requireBookingAccess, requireDocumentAccess, uploadableCategories } from '../../auth/access';
import type { Executor } from '../../db/client';
import { documentSummary, type DocumentSummary } from './shared';

export const RESTORE_DAYS = 30;

async function namesOf(app: App, rows: DocumentRow[]): Promise<Map<string, string>> {
	// The booking service (documents it filed) is no user: no query for it.
	const ids = [...new Set(rows.map((r) => r.uploadedByUserId).filter((id) => id !== SYSTEM_ACTOR_ID))];
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
	const b = await requireBookingAccess(app, who, scope, bookingId, 'booking.read', { operation: 'document.list' });
	const [live, deleted] = await Promise.all([
		documentsOfBooking(app.database.db, b.id, 'live'),
		can(who, 'document.restore') ? documentsOfBooking(app.database.db, b.id, 'deleted') : Promise.resolve([])
	]);
	const visible = live.filter((d) => can(who, 'document.see', { category: d.category, reportState: b.reportState }));
	const names = await namesOf(app, [...visible, ...deleted]);
	const item = (d: DocumentRow): DocumentItem => ({
		...documentSummary(app, d, names),
		canManage: can(who, 'document.manage', { uploadedByUserId: d.uploadedByUserId }),
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
		uploadable: b.status === 'archived' ? [] : [...uploadableCategories(who)],
		deleted: deleted.filter((d) => d.deletedAt && d.deletedAt.getTime() > Date.now() - RESTORE_DAYS * 86_400_000).map(item),
		hasFinalReport: live.some((d) => d.category === 'final_report')
	};
}

/** One change of a document: its row and its audit record, in one transaction. */
async function change(
	app: App,
	who: SignedInActor,
	doc: DocumentRow,
	action: 'document.rename' | 'document.delete' | 'document.restore',
	write: (tx: Executor) => Promise<unknown>,
	details: Record<string, string> = {}
): Promise<{ id: string }> {
	await app.database.db.transaction(async (tx) => {
		await write(tx);
		await recordAudit(tx, who, {
			action,
			outcome: 'granted',
			resourceType: 'document',
			resourceId: doc.id,
			details: { bookingId: doc.bookingId, ...details }
		});
	});
	return { id: doc.id };
}

export async function renameDocument(app: App, who: SignedInActor, scope: Scope, id: string, name: string) {
	const { document: doc } = await requireDocumentAccess(app, who, scope, id, 'document.manage', { operation: 'document.rename' });
	return change(app, who, doc, 'document.rename', (tx) => renameDocumentRow(tx, doc.id, app.cipher.encrypt(name, 'document-name')));
}

export async function deleteDocument(app: App, who: SignedInActor, scope: Scope, id: string) {
	const { document: doc } = await requireDocumentAccess(app, who, scope, id, 'document.manage', { operation: 'document.delete' });
	return change(app, who, doc, 'document.delete', (tx) => markDocumentDeleted(tx, doc.id, attributionOf(who).actor), {
		category: doc.category
	});
}

export async function restoreDocument(app: App, who: SignedInActor, scope: Scope, id: string) {
	const { document: doc } = await requireDocumentAccess(app, who, scope, id, 'document.restore', { deleted: true });
	if (doc.deletedAt!.getTime() < Date.now() - RESTORE_DAYS * 86_400_000)
		throw new AppError('CONFLICT', `Documents can be restored for ${RESTORE_DAYS} days after they are deleted.`);
	return change(app, who, doc, 'document.restore', (tx) => markDocumentRestored(tx, doc.id));
}
