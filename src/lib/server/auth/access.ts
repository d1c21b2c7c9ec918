/**
 * Who may do what: the one place the product's access rules are written (PRODUCT.md "Who sees
 * what"; SECURITY.md). Three parts, asked by procedures, endpoints, pages and services alike:
 *
 * - scope (`scope.ts`): which records a caller reaches at all; repositories turn it into a WHERE;
 * - `RULES`: what each role may do, permission by permission, some about a subject (a document's
 *   category, who uploaded it). `can` asks a rule; pages use it to offer only what will work;
 * - `requireAccess`: the booking or document in the caller's scope and the permission on it, or an
 *   audited refusal. Outside scope (or a document the caller may not see) the refusal is exactly
 *   "not found", so a guessed id tells nothing; a record in scope with a role that may not do it
 *   is "forbidden".
 *
 * Roles (v1):
 * - admin (our staff): everything; the service itself (`systemActor`) acts as an admin;
 * - referrer (a member of an organisation with any org role): books for themselves, cancels and
 *   reschedules bookings in their scope, uploads consent forms, briefs, medical records and other
 *   files, sees the final report once released — never dictations or drafts;
 * - specialist: sees every document of their own bookings, uploads dictations, their typed reports
 *   (as drafts) and other files, approves drafts or asks for changes. Lifecycle changes: none in v1
 *   (they tell us, and an admin records them).
 * Renaming and deleting a document: admins, and whoever uploaded it (an upload made while acting
 * for a referrer is recorded under the admin, so either of the two people counts).
 */
import type { App } from '../app';
import { DOCUMENT_CATEGORIES, type DocumentCategory, type ReportState } from '../../schemas/document';
import { AppError } from '../errors';
import { getForScope, type BookingRow } from '../repositories/booking.repository';
import { documentForScope, type DocumentRow } from '../repositories/document.repository';
import { recordAudit } from '../services/audit/audit';
import { isUuid } from '../../ids';
import type { SignedInActor } from './actor';
import type { Caller, Scope } from './scope';

/** What the rules read of the one acting: their roles, and (for documents) who they are. */
export interface Who {
	caller: Caller;
	userId: string;
	impersonatedBy?: string | null;
}

const isAdmin = (w: Who) => w.caller.platformRole === 'admin';
const isSpecialist = (w: Who) => w.caller.platformRole === 'specialist';
const isReferrer = (w: Who) => w.caller.platformRole === 'user' && w.caller.orgRoles.length > 0;
const adminOrReferrer = (w: Who) => isAdmin(w) || isReferrer(w);
const adminOrSpecialist = (w: Who) => isAdmin(w) || isSpecialist(w);

const REFERRER_UPLOADS: readonly DocumentCategory[] = ['consent_form', 'brief', 'medical_records', 'imaging', 'other'];
const SPECIALIST_UPLOADS: readonly DocumentCategory[] = ['dictation', 'draft_report', 'other'];
/** The categories the caller may upload (to a booking in their scope). */
export function uploadableCategories(who: Who): readonly DocumentCategory[] {
	if (isAdmin(who)) return DOCUMENT_CATEGORIES;
	if (isSpecialist(who)) return SPECIALIST_UPLOADS;
	return isReferrer(who) ? REFERRER_UPLOADS : [];
}

export const RULES = {
	/** Start a booking: a referrer in an organisation for themselves, an admin for a referrer. */
	'booking.book': (w: Who) => isAdmin(w) || (isReferrer(w) && w.caller.organizationId !== null),
	/** Book for someone else, and hold a time without the per-person cap (the phone desk). */
	'booking.book_for_others': isAdmin,
	'booking.reschedule': adminOrReferrer,
	'booking.cancel': adminOrReferrer,
	/** Move a booking to a progress stage (no show, report in progress, report ready, paid). */
	'booking.move': isAdmin,
	/** Active, closed, archived. */
	'booking.set_status': isAdmin,
	/** Waive a late-cancellation fee (e.g. the specialist cancelled). */
	'booking.waive_fee': isAdmin,
	/** Mark a late-cancellation fee invoiced (the dashboard's queue). */
	'booking.invoice_fee': isAdmin,
	'report.start_transcription': isAdmin,
	'report.approve': adminOrSpecialist,
	'report.request_changes': adminOrSpecialist,
	'report.release': isAdmin,
	'document.see': (w: Who, d: { category: DocumentCategory; reportState: ReportState }) =>
		adminOrSpecialist(w) || (d.category === 'final_report' ? d.reportState === 'released' : REFERRER_UPLOADS.includes(d.category)),
	'document.upload': (w: Who, d: { category: DocumentCategory }) => uploadableCategories(w).includes(d.category),
	'document.manage': (w: Who, d: { uploadedByUserId: string }) =>
		isAdmin(w) || d.uploadedByUserId === w.userId || (!!w.impersonatedBy && d.uploadedByUserId === w.impersonatedBy),
	/** See recently deleted documents, and restore them. */
	'document.restore': isAdmin,
	'audit.export': isAdmin,
	/** The insights charts and their CSV files (counts only, across every organisation). */
	'insights.read': isAdmin,
	/** APP 12 export of everything held on an examinee: our staff themselves, never while acting as someone. */
	'examinee.export': (w: Who) => isAdmin(w) && !w.impersonatedBy,
	/** Cases (a claimant's matter): referrers (any org role) in their scope, admins all; specialists none. */
	'case.read': adminOrReferrer,
	'case.create': (w: Who) => isAdmin(w) || (isReferrer(w) && w.caller.organizationId !== null),
	'case.edit': adminOrReferrer,
	'case.export': adminOrReferrer,
	/** The claimant's logistics in full (travel, who books what) and changing them: admins and referrers in scope. */
	'logistics.edit': adminOrReferrer,
	/** Marking an enclosure not applicable (with a reason) and undoing it: admins and referrers in scope. */
	'enclosure.decide': adminOrReferrer,
	/** What the examination day needs (interpreter, access, support person, telehealth link): also the booking's specialist. */
	'logistics.read_day_of': (w: Who) => adminOrReferrer(w) || isSpecialist(w)
} as const;

export type Permission = keyof typeof RULES;
type SubjectOf<P extends Permission> = Parameters<(typeof RULES)[P]>[1];
type SubjectArgs<P extends Permission> = SubjectOf<P> extends undefined ? [] : [subject: SubjectOf<P>];
/** The permissions about no subject: whether the role allows it, whatever the record. */
export type RolePermission = { [P in Permission]: SubjectOf<P> extends undefined ? P : never }[Permission];

/** Whether the rule allows it (no scope, no audit: for offering actions and filtering lists). */
export function can<P extends Permission>(who: Who, permission: P, ...subject: SubjectArgs<P>): boolean {
	const rule = RULES[permission] as (w: Who, s?: unknown) => boolean;
	return rule(who, subject[0]);
}

/** The rule for the caller alone (their own id), e.g. from a page that has only the session's caller. */
export const callerCan = <P extends Permission>(caller: Caller, permission: P, ...subject: SubjectArgs<P>) =>
	can({ caller, userId: caller.userId }, permission, ...subject);

export type Refusal = 'not_found' | 'hidden' | 'role';

/**
 * Records the refusal in the audit trail, then throws: NOT_FOUND (exactly what a missing record
 * answers) unless the reason is the role, FORBIDDEN with `message` (naming `field`) then.
 */
export async function refuse(
	app: Pick<App, 'database'>,
	who: SignedInActor,
	on: { resourceType: 'booking' | 'document' | 'permission'; id?: string | null; operation: string },
	reason: Refusal,
	message = 'Your role does not allow this.',
	field?: string
): Promise<never> {
	await recordAudit(app.database.db, who, {
		action: 'access.denied',
		outcome: 'denied',
		resourceType: on.resourceType,
		resourceId: on.id && isUuid(on.id) ? on.id : null,
		details: { operation: on.operation, reason }
	});
	if (reason === 'role') throw new AppError('FORBIDDEN', message, field);
	throw new AppError('NOT_FOUND', on.resourceType === 'document' ? 'No such document.' : 'No such booking.');
}

interface RequireOptions {
	/** The audit record's operation (default: the permission). */
	operation?: string;
	/** FORBIDDEN's message when the role does not allow it. */
	message?: string;
	field?: string;
}

/**
 * The booking, if it is in the caller's scope and `permission` allows the caller to act on it;
 * otherwise an audited NOT_FOUND (out of scope or missing) or FORBIDDEN (the role).
 */
export async function requireBookingAccess(
	app: Pick<App, 'database'>,
	who: SignedInActor,
	scope: Scope,
	bookingId: string,
	permission: RolePermission | 'booking.read',
	options: RequireOptions = {}
): Promise<BookingRow> {
	const on = { resourceType: 'booking' as const, id: bookingId, operation: options.operation ?? permission };
	const b = isUuid(bookingId) ? await getForScope(app.database.db, scope, bookingId) : undefined;
	if (!b) return refuse(app, who, on, 'not_found');
	if (permission !== 'booking.read' && !can(who, permission)) return refuse(app, who, on, 'role', options.message, options.field);
	return b;
}

/**
 * The document, if it is in the caller's scope and they may see it (deleted ones only when
 * `deleted`), and — for `document.manage` and `document.restore` — change it; else an audited
 * NOT_FOUND (missing, out of scope, or hidden from this role) or FORBIDDEN.
 */
export async function requireDocumentAccess(
	app: Pick<App, 'database'>,
	who: SignedInActor,
	scope: Scope,
	documentId: string,
	permission: 'document.see' | 'document.manage' | 'document.restore',
	options: RequireOptions & { deleted?: boolean } = {}
): Promise<{ document: DocumentRow; booking: { reportState: ReportState } }> {
	const on = { resourceType: 'document' as const, id: documentId, operation: options.operation ?? permission };
	if (permission === 'document.restore' && !can(who, 'document.restore'))
		return refuse(app, who, on, 'role', options.message ?? 'Only our team can restore a deleted document.');
	const found = isUuid(documentId) ? await documentForScope(app.database.db, scope, documentId) : undefined;
	if (!found || Boolean(found.document.deletedAt) !== Boolean(options.deleted)) return refuse(app, who, on, 'not_found');
	const reportState = found.booking.reportState as ReportState;
	if (!can(who, 'document.see', { category: found.document.category, reportState })) return refuse(app, who, on, 'hidden');
	if (permission === 'document.manage' && !can(who, 'document.manage', { uploadedByUserId: found.document.uploadedByUserId }))
		return refuse(app, who, on, 'role', options.message ?? 'Only our team or the person who uploaded it can change this document.');
	return { document: found.document, booking: { reportState } };
}
