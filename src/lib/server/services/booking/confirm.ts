/**
 * Confirming a booking: idempotent by the draft's id. The provider is asked first (with the key
 * in the appointment's notes); then the appointment, booking, history, audit record and notices
 * commit together. If the process dies in between, confirming again — or `completeOrphans`, run
 * by the reconciler's job — finishes the booking from the draft.
 */
import { randomInt } from 'node:crypto';
import type { App } from '../../app';
import { ANONYMOUS_ACTOR_ID, attributedTo, attributionOf, SYSTEM_ACTOR_ID, systemActor, type Actor } from '../../auth/actor';
import type { SignedIn } from '../../auth/session';
import { AppError } from '../../errors';
import { claimForPortalBooking, findByProviderId, insertAppointmentReturningId } from '../../repositories/appointments.repository';
import { insertHistory } from '../../repositories/booking-history.repository';
import { findIdByIdempotencyKey, insertBooking } from '../../repositories/booking.repository';
import { findAppointmentType } from '../../repositories/catalogue.repository';
import { deleteDraft, findDraft } from '../../repositories/drafts.repository';
import { deleteHoldOf } from '../../repositories/holds.repository';
import { membershipTeam } from '../../repositories/referrers.repository';
import { findSpecialist } from '../../repositories/specialists.repository';
import { findOrphanedAppointments } from '../../repositories/upstream-appointments.repository';
import { examineeSchema, intakeSchemaFor } from '../../../schemas/booking';
import { recordAudit } from '../audit/audit';
import { busyIntervalOf } from '../scheduling/builtin/availability';
import { SchedulingError } from '../scheduling/errors';
import type { ProviderAppointment } from '../scheduling/provider';
import { getDraft, type Draft } from './drafts';
import { nameTokens, sealExaminee, sealIntake } from './examinee';
import { intakeToProviderFields } from './intake-upstream';
import { enqueueConfirmation } from './lifecycle-notices';
import { DEADLOCK, UNIQUE_VIOLATION, pgCode, retryingOn } from '../../db/errors';
import { bookingTerms, formatAud } from './cancellation-policy';
import { placeAt } from '../scheduling/locations';
import { createChecklist } from '../cases/enclosures';
import { assertDraftCase, linkBookingToCase } from './case-link';

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const newReference = () =>
	`IME-${Array.from({ length: 6 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('')}`;

/** Everything the draft must hold before it can be confirmed, checked with the shared schemas. */
export async function validateDraft(app: App, draft: Draft) {
	const d = draft.data;
	if (!d.appointmentTypeId || !d.specialistId)
		throw new AppError('BAD_REQUEST', 'Choose the examination and the specialist first.', 'specialistId');
	if (!d.startsAt) throw new AppError('BAD_REQUEST', 'Choose a time first.', 'startsAt');
	const type = await findAppointmentType(app.database.db, d.appointmentTypeId);
	const spec = await findSpecialist(app.database.db, d.specialistId);
	if (!type || !spec) throw new AppError('BAD_REQUEST', 'That examination or specialist is no longer offered.', 'specialistId');
	const examinee = examineeSchema.safeParse(d.examinee ?? {});
	if (!examinee.success)
		throw new AppError(
			'BAD_REQUEST',
			'Some examinee details are missing or wrong.',
			String(examinee.error.issues[0]?.path[0] ?? 'examinee')
		);
	const intake = intakeSchemaFor(type.intakeFields).safeParse(d.intake ?? {});
	if (!intake.success)
		throw new AppError('BAD_REQUEST', 'Some intake answers are missing.', String(intake.error.issues[0]?.path[0] ?? 'intake'));
	// Booked from a case: the case must still be one its referrer may book from.
	await assertDraftCase(app, draft);
	return {
		type,
		specialist: spec,
		startsAt: new Date(d.startsAt),
		examinee: examinee.data,
		intake: intake.data as Record<string, string | string[]>
	};
}

async function existingBooking(app: App, idempotencyKey: string) {
	return findIdByIdempotencyKey(app.database.db, idempotencyKey);
}

export interface ConfirmOptions {
	/** The referrer has accepted that the time is inside the free-cancellation period (see `bookingTerms`). */
	acceptLateFee?: boolean;
	/** The moment of confirming (tests); defaults to now. */
	now?: Date;
}

/** A time inside the notice period is booked only once the late-cancellation fee is accepted. */
function assertTermsAccepted(v: Awaited<ReturnType<typeof validateDraft>>, options: ConfirmOptions) {
	const terms = bookingTerms({
		startsAt: v.startsAt,
		clinicTimeZone: v.specialist.timeZone,
		state: v.specialist.state,
		priceCents: v.type.priceCents,
		now: options.now ?? new Date()
	});
	if (terms.bornLate && !options.acceptLateFee)
		throw new AppError(
			'BAD_REQUEST',
			`This time is inside the free-cancellation period: from the moment it is booked, cancelling costs ${formatAud(terms.lateFeeCents)}. Accept the fee, or choose a later time.`,
			'acceptLateFee'
		);
	return terms;
}

export async function confirmBooking(
	app: App,
	who: SignedIn,
	actor: Actor,
	draftId: string,
	options: ConfirmOptions = {}
): Promise<{ bookingId: string }> {
	const draft = await getDraft(app, who, draftId);
	if (!draft) {
		// Confirmed already (a retried request after the draft was deleted) answers with the booking.
		const done = await existingBooking(app, draftId);
		if (done) return { bookingId: done.id };
		await getDraft(app, who, draftId, actor);
		throw new AppError('NOT_FOUND', 'This booking draft has expired. Please start again.');
	}
	const done = await existingBooking(app, draft.id);
	if (done) return { bookingId: done.id };
	const v = await validateDraft(app, draft);
	const terms = assertTermsAccepted(v, options);
	const ids = await app.scheduling.providerIds(v.specialist.id, v.type.id);
	let upstream: ProviderAppointment;
	try {
		upstream = await app.scheduling.provider.create({
			startsAt: v.startsAt,
			appointmentTypeId: ids.typeId,
			calendarId: ids.calendarId,
			// What Acuity holds of the examinee: the name and the intake answers (decision 011).
			client: { firstName: v.examinee.givenNames, lastName: v.examinee.familyName, email: '' },
			fields: intakeToProviderFields(v.type.intakeFields, v.intake),
			idempotencyKey: draft.id,
			holderKey: draft.id
		});
	} catch (err) {
		if (err instanceof SchedulingError && err.kind === 'slot_unavailable') {
			await app.scheduling.release(draft.id);
			const again = await existingBooking(app, draft.id);
			if (again) return { bookingId: again.id };
		}
		throw err;
	}
	const bookingId = await commitBooking(app, draft, v, upstream, actor, terms.bornLate);
	await app.scheduling.invalidate(v.specialist.id);
	return { bookingId };
}

/**
 * The local half is run again, once, when another writer got in its way: the webhook sync recorded
 * the same upstream appointment first (run again, it finds that row and claims it), or PostgreSQL
 * chose it as a deadlock's victim.
 */
const committing = retryingOn([UNIQUE_VIOLATION, DEADLOCK], 1);

/** The local half of a confirmation: one transaction, safe to run twice. */
async function commitBooking(
	app: App,
	draft: Draft,
	v: Awaited<ReturnType<typeof validateDraft>>,
	upstream: ProviderAppointment,
	actor: Actor,
	/** Booked inside the notice period, the fee accepted: on the audit record. */
	lateFeeAccepted = false
): Promise<string> {
	const provider = app.scheduling.provider.kind;
	const busy = busyIntervalOf(v.startsAt, v.type.durationMinutes, v.type.paddingBeforeMinutes, v.type.paddingAfterMinutes);
	// Where the examination is: the specialist's location at that time (none for telehealth), kept with the booking.
	const place = await placeAt(app, app.database.db, { specialistId: v.specialist.id, mode: v.type.mode, startsAt: v.startsAt });
	return committing.execute(async () => {
		try {
			return await app.database.db.transaction(async (tx) => {
				// The built-in scheduler already wrote the appointment row; Acuity's is recorded here.
				const existing = await findByProviderId(tx, provider, upstream.id);
				let appointmentId: string;
				if (existing) {
					appointmentId = existing.id;
					await claimForPortalBooking(tx, existing.id, draft.organizationId, draft.id);
				} else {
					appointmentId = await insertAppointmentReturningId(tx, {
						provider,
						providerAppointmentId: upstream.id,
						specialistId: v.specialist.id,
						appointmentTypeId: v.type.id,
						startsAt: v.startsAt,
						endsAt: new Date(v.startsAt.getTime() + v.type.durationMinutes * 60_000),
						busyFrom: busy.start,
						busyTo: busy.end,
						idempotencyKey: draft.id,
						organizationId: draft.organizationId,
						source: 'portal'
					});
				}
				const owner = await membershipTeam(tx, draft.ownerUserId, draft.organizationId);
				// The person who did it: the admin while acting as a referrer, else the draft's author.
				const person = attributionOf(actor).actor;
				const author = person !== SYSTEM_ACTOR_ID && person !== ANONYMOUS_ACTOR_ID ? person : draft.userId;
				const onBehalfOf = author === draft.ownerUserId ? null : draft.ownerUserId;
				const b = await insertBooking(tx, {
					reference: newReference(),
					organizationId: draft.organizationId,
					teamId: owner?.teamId ?? null,
					ownerUserId: draft.ownerUserId,
					createdByUserId: author,
					specialistId: v.specialist.id,
					appointmentTypeId: v.type.id,
					appointmentId,
					startsAt: v.startsAt,
					endsAt: new Date(v.startsAt.getTime() + v.type.durationMinutes * 60_000),
					clinicTimeZone: v.specialist.timeZone,
					...place,
					examineeEncrypted: sealExaminee(app.cipher, v.examinee),
					intakeEncrypted: sealIntake(app.cipher, v.intake),
					examineeNameTokens: nameTokens(app.cipher, v.examinee),
					idempotencyKey: draft.id
				});
				// Its case: the chosen one (checked again), or a matching or new one when asked to open one.
				await linkBookingToCase(tx, app, draft, v.examinee, { bookingId: b.id, author, onBehalfOf, actor });
				await insertHistory(tx, {
					bookingId: b.id,
					action: 'created',
					actorUserId: author,
					onBehalfOfUserId: onBehalfOf,
					toStage: 'scheduled',
					toStatus: 'active',
					toStartsAt: v.startsAt
				});
				// The enclosure checklist from the exam type's template, due dates in the clinic's calendar.
				await createChecklist(tx, b.id);
				await recordAudit(tx, attributedTo(actor, author, onBehalfOf), {
					action: 'booking.create',
					outcome: 'granted',
					resourceType: 'booking',
					resourceId: b.id,
					...(lateFeeAccepted ? { details: { lateFeeAccepted: true } } : {})
				});
				await enqueueConfirmation(tx, app, {
					booking: { id: b.id, reference: b.reference, ownerUserId: draft.ownerUserId, startsAt: v.startsAt },
					specialist: v.specialist,
					type: v.type,
					place: { mode: v.type.mode, address: place.locationAddress }
				});
				await deleteHoldOf(tx, draft.id);
				await deleteDraft(tx, draft.id);
				return b.id;
			});
		} catch (err) {
			// A concurrent confirmation with the same key won: its booking is this one's answer.
			if (pgCode(err) === UNIQUE_VIOLATION) {
				const done = await existingBooking(app, draft.id);
				if (done) return done.id;
			}
			throw err;
		}
	});
}

/**
 * Appointments our process created upstream whose booking never committed (the process died in
 * between): finished from their draft, which still holds everything. Run with the reconciler.
 */
export async function completeOrphans(app: App, options: { minAgeMs?: number } = {}): Promise<number> {
	// Not one whose confirmation is still running: that one finishes itself in moments.
	const orphans = await findOrphanedAppointments(app.database.db, new Date(Date.now() - (options.minAgeMs ?? 30_000)));
	let completed = 0;
	for (const o of orphans) {
		const row = await findDraft(app.database.db, o.key!);
		if (!row || !row.ownerUserId || !row.organizationId || !o.providerAppointmentId) continue;
		const draft: Draft = {
			id: row.id,
			userId: row.userId,
			ownerUserId: row.ownerUserId,
			organizationId: row.organizationId,
			data: JSON.parse(app.cipher.decrypt(row.dataEncrypted, 'booking-draft')),
			expiresAt: row.expiresAt
		};
		const upstream = await app.scheduling.provider.get(o.providerAppointmentId);
		if (!upstream || upstream.canceled) continue;
		const v = await validateDraft(app, draft);
		await commitBooking(app, draft, v, upstream, systemActor());
		completed++;
	}
	return completed;
}
