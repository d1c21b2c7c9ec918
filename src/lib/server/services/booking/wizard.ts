/**
 * What the booking wizard reads besides the draft itself: the referrers an admin can book for,
 * what a draft stands for (who it is for, the held time, the exam type and specialist chosen), and
 * whether a specialist offers an exam type.
 */
import type { App } from '../../app';
import { findAppointmentType, offers } from '../../repositories/catalogue.repository';
import { findLiveHold, holdExpiry } from '../../repositories/holds.repository';
import { searchMembers } from '../../repositories/referrers.repository';
import { specialistCard } from '../../repositories/specialists.repository';
import { bookingTerms } from './cancellation-policy';
import { findUserName } from '../../repositories/users.repository';
import type { Draft } from './drafts';
import { findLiveDraftOf } from '../../repositories/drafts.repository';
import { isUuid } from '../../../ids';
import type { SignedIn } from '../../auth/session';
import { formatAddress, locationAt } from '../scheduling/locations';
import { caseOfDraft } from './case-link';

/** Admins: the referrers they can book for, by name, email or organisation (at most 50). */
export async function bookableReferrers(app: App, q: string) {
	return searchMembers(app.database.db, q);
}

/**
 * A live draft of the caller's and the time it holds right now (null: none chosen, or its hold has
 * lapsed); null for a draft that is not theirs, is gone (booked, expired) or was never one. The slot
 * page shows the held time as theirs, not hidden as held by someone: coming back to the times (the
 * browser's Back) must not lose sight of it. The draft's data is not opened: only whose it is.
 */
export async function heldTimeOf(app: App, who: SignedIn, draftId: string) {
	const db = app.database.db;
	const now = new Date();
	const draft = isUuid(draftId) ? await findLiveDraftOf(db, draftId, who.user.id, now) : null;
	// As getDraft: a draft without an owner or organisation is no draft.
	if (!draft || !draft.ownerUserId || !draft.organizationId) return null;
	const hold = await findLiveHold(db, draft.id, now);
	return {
		draftId: draft.id,
		held: hold && {
			specialistId: hold.specialistId,
			appointmentTypeId: hold.appointmentTypeId,
			startsAt: hold.startsAt.toISOString(),
			heldUntil: hold.expiresAt.toISOString()
		}
	};
}

/** A draft as the wizard shows it: its data, who it is for, the held time, the exam type and specialist. */
export async function draftSummary(app: App, draft: Draft) {
	const db = app.database.db;
	const ownerName = await findUserName(db, draft.ownerUserId);
	const heldUntil = await holdExpiry(db, draft.id);
	const type = draft.data.appointmentTypeId ? await findAppointmentType(db, draft.data.appointmentTypeId) : null;
	const spec = draft.data.specialistId ? await specialistCard(db, draft.data.specialistId) : null;
	const state = spec?.state ?? null;
	// Where the chosen time is: the specialist's location then (none for telehealth).
	const at =
		type && spec && draft.data.startsAt && type.mode !== 'telehealth'
			? await locationAt(app, spec.id, new Date(draft.data.startsAt))
			: null;
	const terms =
		type && spec && draft.data.startsAt
			? bookingTerms({
					startsAt: new Date(draft.data.startsAt),
					clinicTimeZone: spec.timeZone,
					state,
					priceCents: type.priceCents,
					now: new Date()
				})
			: null;
	return {
		id: draft.id,
		data: draft.data,
		expiresAt: draft.expiresAt,
		heldUntil: heldUntil && heldUntil > new Date() ? heldUntil : null,
		ownerName: ownerName ?? '',
		forSomeoneElse: draft.ownerUserId !== draft.userId,
		type: type
			? {
					id: type.id,
					name: type.name,
					durationMinutes: type.durationMinutes,
					priceCents: type.priceCents,
					mode: type.mode,
					intakeFields: type.intakeFields
				}
			: null,
		specialist: spec ?? null,
		/** The place of the chosen time: null for telehealth, before a time is chosen, or when the specialist has no location. */
		place: at ? { name: at.name, address: formatAddress(at), directions: at.directions } : null,
		/** Price, GST and the cancellation deadline of the chosen time (null until one is chosen). */
		terms,
		/** The case the booking is for (chosen, or the matching one "open a case" joins): its reference only. */
		case: await caseOfDraft(app, draft),
		/** Confirming opens a case for the claimant (or joins the matching one). */
		openCase: draft.data.openCase ?? null
	};
}

/**
 * The times among `startsAt` that are already inside the free-cancellation period (booked now, a
 * cancellation would cost the fee), and that fee: the time picker marks them before one is chosen.
 */
export function timesBornLate(
	/** The specialist's clinic zone and state (whose public holidays count). */
	s: { timeZone: string; state: string | null },
	priceCents: number,
	startsAt: string[],
	now = new Date()
) {
	const terms = (t: string) => bookingTerms({ startsAt: new Date(t), clinicTimeZone: s.timeZone, state: s.state, priceCents, now });
	const late = startsAt.filter((t) => terms(t).bornLate);
	return { late, lateFeeCents: late.length ? terms(late[0]!).lateFeeCents : 0 };
}

/** Whether the specialist offers the exam type. */
export async function offersType(app: App, specialistId: string, appointmentTypeId: string): Promise<boolean> {
	return offers(app.database.db, specialistId, appointmentTypeId);
}

/** The intake questions of an exam type (none when there is no such type). */
export async function intakeFieldsOf(app: App, appointmentTypeId: string) {
	const type = await findAppointmentType(app.database.db, appointmentTypeId);
	return type?.intakeFields ?? [];
}
