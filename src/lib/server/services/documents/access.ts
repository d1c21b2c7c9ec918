/**
 * Who may see, upload and manage which documents (PRODUCT.md "Who sees what", plus categories):
 * - admins: everything;
 * - the booking's specialist: every category of their own bookings (briefs and records to prepare,
 *   their dictations and the drafts they approve); uploads dictations, their own typed reports (as a
 *   draft report) and other files;
 * - referrers in scope: consent forms, briefs, medical records and other files; the final report
 *   once it is released. Never dictations or drafts.
 * A document the caller may not see answers exactly like a missing one.
 */
import type { Caller } from '../../auth/scope';
import type { DocumentCategory, ReportState } from '../../../schemas/document';

const REFERRER_UPLOADS: readonly DocumentCategory[] = ['consent_form', 'brief', 'medical_records', 'other'];
const SPECIALIST_UPLOADS: readonly DocumentCategory[] = ['dictation', 'draft_report', 'other'];

export function canSee(caller: Caller, category: DocumentCategory, reportState: ReportState): boolean {
	if (caller.platformRole === 'admin' || caller.platformRole === 'specialist') return true;
	if (category === 'final_report') return reportState === 'released';
	return REFERRER_UPLOADS.includes(category);
}

export function uploadableCategories(caller: Caller): readonly DocumentCategory[] {
	if (caller.platformRole === 'admin')
		return ['consent_form', 'brief', 'medical_records', 'dictation', 'draft_report', 'final_report', 'other'];
	if (caller.platformRole === 'specialist') return SPECIALIST_UPLOADS;
	return caller.orgRoles.length > 0 ? REFERRER_UPLOADS : [];
}

/**
 * Rename and delete: admins, and whoever uploaded the document (an upload made while acting for a
 * referrer is recorded under the admin, so either of the two people counts). Restore: admins only.
 */
export function canManage(who: { caller: Caller; userId: string; impersonatedBy?: string | null }, uploadedByUserId: string): boolean {
	return who.caller.platformRole === 'admin' || uploadedByUserId === who.userId || uploadedByUserId === who.impersonatedBy;
}
