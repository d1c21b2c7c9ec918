/**
 * Booking from a case, and opening one on the way. A draft started from a case keeps the case's id
 * (server-side, in the encrypted draft) and starts with the claimant as the examinee; a draft
 * without one may ask for a case to be opened at confirm, which adds the booking to a matching case
 * (same claim number and claimant name) instead of opening a duplicate. The case is checked against
 * the scope when the draft starts and again, inside the booking's transaction, at confirm.
 */
import type { App } from '../../app';
import { callerCan } from '../../auth/access';
import { attributedTo, type Actor } from '../../auth/actor';
import { recordAudit } from '../audit/audit';
import { scopeFor, type Scope } from '../../auth/scope';
import type { SignedIn } from '../../auth/session';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import { appendCaseHistory, caseForScope, insertCase, lockCaseForScope, touchCase } from '../../repositories/cases.repository';
import {
	attachBookingsToCase,
	caseOfBooking,
	caseReferenceOf,
	findMatchingCases,
	membershipIn
} from '../../repositories/case-links.repository';
import type { Cipher } from '../crypto/cipher';
import { examineeSchema, type Examinee } from '../../../schemas/booking';
import { claimNumberHash, newCaseReference, openCaseDetails, openClaimant, sealCaseDetails, sealClaimant } from '../cases/sealed';
import { createDraft, type Draft } from './drafts';
import { nameTokens } from './examinee';

/** The examinee a booking from this case starts with: the claimant, with the case's claim number and matter reference. */
export function examineeFromCase(app: App, c: { claimantEncrypted: string; detailsEncrypted: string }): Examinee {
	const claimant = openClaimant(app.cipher, c.claimantEncrypted);
	const details = openCaseDetails(app.cipher, c.detailsEncrypted);
	return {
		...claimant,
		claimNumber: details.claimNumber || claimant.claimNumber || '',
		matterReference: details.matterReference || claimant.matterReference || ''
	};
}

/**
 * The open (or on hold) case in the scope and organisation for this claimant: the same claim
 * number, name words and date of birth. Null without a claim number.
 */
export async function matchingCase(
	exec: Executor,
	cipher: Cipher,
	scope: Scope,
	organizationId: string,
	e: Pick<Examinee, 'givenNames' | 'familyName' | 'dateOfBirth' | 'claimNumber'>
): Promise<{ id: string; reference: string } | null> {
	const found = await findMatchingCases(exec, scope, organizationId, claimNumberHash(cipher, e.claimNumber), nameTokens(cipher, e));
	const same = found.find((c) => openClaimant(cipher, c.claimantEncrypted).dateOfBirth === e.dateOfBirth);
	return same ? { id: same.id, reference: same.reference } : null;
}

/** The case a booking is in, if the scope sees it (its id and reference: pages link to it). */
export async function caseOfBookingIn(app: App, scope: Scope, bookingId: string) {
	return caseOfBooking(app.database.db, scope, bookingId);
}

/** A case the caller may book from, or a refusal that says nothing about whether it exists. */
export async function bookableCase(app: App, scope: Scope, caseId: string) {
	const c = await caseForScope(app.database.db, scope, caseId);
	if (!c) throw new AppError('NOT_FOUND', 'That case does not exist or is not yours.');
	if (c.status === 'closed') throw new AppError('BAD_REQUEST', 'That case is closed. Reopen it to book another examination.');
	return c;
}

/**
 * A new draft for an examination of this case: the examinee prefilled from the claimant. An admin
 * books on behalf of the case's responsible referrer.
 */
export async function startDraftFromCase(app: App, who: SignedIn, scope: Scope, caseId: string): Promise<Draft> {
	const c = await bookableCase(app, scope, caseId);
	const forUserId = callerCan(who.caller, 'booking.book_for_others') ? c.ownerUserId : null;
	const examinee = examineeFromCase(app, c);
	const draft = await createDraft(app, who, { caseId: c.id, examinee }, forUserId);
	if (draft.organizationId !== c.organizationId) throw new AppError('NOT_FOUND', 'That case does not exist or is not yours.');
	return draft;
}

/** What the draft's owner (the referrer the booking is for) sees, in the draft's organisation. */
export async function ownerScope(exec: Executor, draft: Pick<Draft, 'ownerUserId' | 'organizationId'>): Promise<Scope> {
	const m = await membershipIn(exec, draft.ownerUserId, draft.organizationId);
	if (!m) return { kind: 'none' };
	return scopeFor({
		userId: draft.ownerUserId,
		platformRole: 'user',
		organizationId: draft.organizationId,
		orgRoles: m.roles,
		teamId: m.teamId
	});
}

export interface DraftCase {
	id: string;
	reference: string;
	/** chosen: booked from this case; match: "open a case" found this one, the booking joins it. */
	kind: 'chosen' | 'match';
}

/** The case a draft's booking will belong to, as the wizard shows it (null: none, or a new one at confirm). */
export async function caseOfDraft(app: App, draft: Draft): Promise<DraftCase | null> {
	const db = app.database.db;
	if (draft.data.caseId) {
		const c = await caseReferenceOf(db, draft.data.caseId);
		return c ? { id: c.id, reference: c.reference, kind: 'chosen' } : null;
	}
	if (!draft.data.openCase) return null;
	const e = examineeSchema.safeParse(draft.data.examinee ?? {});
	if (!e.success) return null;
	const match = await matchingCase(db, app.cipher, await ownerScope(db, draft), draft.organizationId, e.data);
	return match ? { ...match, kind: 'match' } : null;
}

/** Before the provider is asked: a draft's chosen case must still be one its referrer may book from. */
export async function assertDraftCase(app: App, draft: Draft): Promise<void> {
	if (!draft.data.caseId) return;
	const c = await caseForScope(app.database.db, await ownerScope(app.database.db, draft), draft.data.caseId);
	if (!c || c.organizationId !== draft.organizationId)
		throw new AppError('FORBIDDEN', 'The case this booking was for is no longer yours. Start the booking again.', 'caseId');
	if (c.status === 'closed')
		throw new AppError('BAD_REQUEST', 'That case has been closed. Reopen it to book another examination.', 'caseId');
}

/**
 * Inside the booking's transaction: puts the new booking in its case (the chosen one, checked
 * again and locked; or, when asked, the matching one or a new one opened from the examinee),
 * marks the case as changed and writes its history. Answers the case's id, or null.
 */
export async function linkBookingToCase(
	tx: Executor,
	app: App,
	draft: Draft,
	examinee: Examinee,
	by: { bookingId: string; author: string; onBehalfOf: string | null; actor?: Actor }
): Promise<string | null> {
	if (!draft.data.caseId && !draft.data.openCase) return null;
	const scope = await ownerScope(tx, draft);
	let caseId: string;
	if (draft.data.caseId) {
		const c = await lockCaseForScope(tx, scope, draft.data.caseId);
		if (!c || c.organizationId !== draft.organizationId)
			throw new AppError('FORBIDDEN', 'The case this booking was for is no longer yours. Start the booking again.', 'caseId');
		caseId = c.id;
	} else {
		const hash = claimNumberHash(app.cipher, examinee.claimNumber);
		const tokens = nameTokens(app.cipher, examinee);
		const match = await matchingCase(tx, app.cipher, scope, draft.organizationId, examinee);
		if (match) caseId = match.id;
		else {
			const m = await membershipIn(tx, draft.ownerUserId, draft.organizationId);
			({ id: caseId } = await insertCase(tx, {
				reference: newCaseReference(),
				organizationId: draft.organizationId,
				teamId: m?.teamId ?? null,
				ownerUserId: draft.ownerUserId,
				createdByUserId: by.author,
				claimantEncrypted: sealClaimant(app.cipher, examinee),
				claimantNameTokens: tokens,
				claimNumberHash: hash,
				detailsEncrypted: sealCaseDetails(app.cipher, {
					claimNumber: examinee.claimNumber,
					insurer: '',
					matterReference: examinee.matterReference,
					notes: ''
				})
			}));
			await appendCaseHistory(tx, {
				caseId,
				action: 'case.create',
				actorUserId: by.author,
				onBehalfOfUserId: by.onBehalfOf,
				detail: 'Opened while booking an examination'
			});
			if (by.actor)
				await recordAudit(tx, attributedTo(by.actor, by.author, by.onBehalfOf), {
					action: 'case.create',
					outcome: 'granted',
					resourceType: 'case',
					resourceId: caseId,
					details: { organizationId: draft.organizationId, ownerUserId: draft.ownerUserId, bookingId: by.bookingId }
				});
		}
	}
	await attachBookingsToCase(tx, [by.bookingId], caseId);
	await touchCase(tx, caseId);
	await appendCaseHistory(tx, {
		caseId,
		action: 'case.booking_add',
		actorUserId: by.author,
		onBehalfOfUserId: by.onBehalfOf,
		bookingId: by.bookingId,
		detail: 'Examination booked'
	});
	return caseId;
}
