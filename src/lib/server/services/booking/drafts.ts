/**
 * Booking drafts: what the wizard has gathered so far, kept server-side (encrypted, 24 hours) so a
 * reload keeps it and nothing about the examinee reaches browser storage or a URL.
 */
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import { callerCan } from '../../auth/access';
import type { SignedIn } from '../../auth/session';
import { AppError } from '../../errors';
import { deleteExpiredDrafts, findLiveDraftOf, insertDraft, updateDraftData } from '../../repositories/drafts.repository';
import { firstMembershipOf } from '../../repositories/referrers.repository';
import type { Examinee, IntakeAnswers } from '../../../schemas/booking';
import { recordAudit } from '../audit/audit';
import { isUuid } from '../../../ids';

export const DRAFT_TTL_HOURS = 24;
const AAD = 'booking-draft';

export interface DraftData {
	appointmentTypeId?: string;
	specialistId?: string;
	/** ISO instant of the chosen (held) time. */
	startsAt?: string;
	examinee?: Partial<Examinee>;
	intake?: IntakeAnswers;
	/** The case this examination is booked from (checked against the caller's scope when set and again at confirm). */
	caseId?: string;
	/** Open a case for this claimant at confirm (or add to the matching one); only when no case was chosen. */
	openCase?: boolean;
}

export interface Draft {
	id: string;
	userId: string;
	ownerUserId: string;
	organizationId: string;
	data: DraftData;
	expiresAt: Date;
}

/** The referrer a draft is for, and their organisation and team. */
export async function ownerFor(app: App, who: SignedIn, forUserId?: string | null) {
	if (callerCan(who.caller, 'booking.book_for_others')) {
		if (!forUserId) throw new AppError('BAD_REQUEST', 'Choose the referrer you are booking for.', 'forUserId');
		const m = await firstMembershipOf(app.database.db, forUserId);
		if (!m) throw new AppError('BAD_REQUEST', 'That person is not a referrer of any organisation.', 'forUserId');
		return { ownerUserId: forUserId, organizationId: m.organizationId, teamId: m.teamId };
	}
	if (!callerCan(who.caller, 'booking.book') || !who.caller.organizationId)
		throw new AppError('FORBIDDEN', 'Only referrers, or admins acting for one, can book.');
	return { ownerUserId: who.user.id, organizationId: who.caller.organizationId, teamId: who.caller.teamId };
}

export async function createDraft(app: App, who: SignedIn, data: DraftData, forUserId?: string | null): Promise<Draft> {
	const owner = await ownerFor(app, who, forUserId);
	const expiresAt = new Date(Date.now() + DRAFT_TTL_HOURS * 3600_000);
	const id = await insertDraft(app.database.db, {
		userId: who.user.id,
		ownerUserId: owner.ownerUserId,
		organizationId: owner.organizationId,
		dataEncrypted: app.cipher.encrypt(JSON.stringify(data), AAD),
		expiresAt
	});
	// Expired drafts go as new ones arrive.
	await deleteExpiredDrafts(app.database.db, new Date());
	return { id, userId: who.user.id, ownerUserId: owner.ownerUserId, organizationId: owner.organizationId, data, expiresAt };
}

/**
 * The caller's own, unexpired draft, or null: someone else's answers exactly like a missing one.
 * Drafts hold typed-in examinee details, so with `denied` given every refusal is audited.
 */
export async function getDraft(app: App, who: SignedIn, id: string, denied?: Actor): Promise<Draft | null> {
	const valid = isUuid(id);
	const row = valid ? await findLiveDraftOf(app.database.db, id, who.user.id, new Date()) : null;
	if (!row || !row.ownerUserId || !row.organizationId) {
		if (denied)
			await recordAudit(app.database.db, denied, {
				action: 'access.denied',
				outcome: 'denied',
				resourceType: 'booking_draft',
				resourceId: valid ? id : null,
				details: { reason: 'not_found' }
			});
		return null;
	}
	return {
		id: row.id,
		userId: row.userId,
		ownerUserId: row.ownerUserId,
		organizationId: row.organizationId,
		data: JSON.parse(app.cipher.decrypt(row.dataEncrypted, AAD)) as DraftData,
		expiresAt: row.expiresAt
	};
}

export async function saveDraft(app: App, who: SignedIn, id: string, patch: DraftData, denied?: Actor): Promise<Draft> {
	const draft = await getDraft(app, who, id, denied);
	if (!draft) throw new AppError('NOT_FOUND', 'This booking draft has expired. Please start again.');
	const data = { ...draft.data, ...patch };
	await updateDraftData(app.database.db, id, app.cipher.encrypt(JSON.stringify(data), AAD));
	return { ...draft, data };
}
