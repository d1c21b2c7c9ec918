/**
 * Appointments made directly in Acuity become bookings: an admin picks the referrer it is for
 * (which gives the organisation and team), completes the examinee's details (prefilled from what
 * Acuity holds) and the intake answers (from Acuity's form), and the appointment gets its booking,
 * history, audit record and confirmation in one transaction. The answers then go back to Acuity so
 * both sides hold the same form. Or the appointment is matched to a booking that lost its own.
 */
import type { App } from '../../app';
import { attributionOf, withOnBehalfOf, type Actor } from '../../auth/actor';
import type { BookingStage } from '../../db/schema';
import { AppError } from '../../errors';
import { appointmentStatus, setAppointmentOrganization } from '../../repositories/appointments.repository';
import { insertHistory } from '../../repositories/booking-history.repository';
import { insertBooking, lockByReference, updateBooking } from '../../repositories/booking.repository';
import { activeReferrers, findReferrerMembership } from '../../repositories/referrers.repository';
import { countWaitingAppointments, findWaitingAppointment } from '../../repositories/upstream-appointments.repository';
import { examineeSchema, intakeSchemaFor, type IntakeAnswers } from '../../../schemas/booking';
import { recordAudit } from '../audit/audit';
import type { AppointmentClient } from '../scheduling/provider';
import { newReference } from './confirm';
import { nameTokens, sealExaminee, sealIntake } from './examinee';
import { intakeFromProviderFields, intakeToProviderFields } from './intake-upstream';
import { enqueueConfirmation } from './lifecycle-notices';
import { assertMove, statusAfter } from './lifecycle';
import { fieldErrors } from '../../trpc';
import { placeAt } from '../scheduling/locations';
import { createChecklist, recomputeDueDates } from '../cases/enclosures';
import { UNIQUE_VIOLATION, pgCode } from '../../db/errors';

type StoredClient = AppointmentClient & { fields?: { fieldId: string; value: string }[] };

/** An appointment that came from Acuity and has no booking yet. */
async function waiting(app: App, appointmentId: string) {
	const row = await findWaitingAppointment(app.database.db, appointmentId);
	if (!row)
		throw new AppError('NOT_FOUND', 'This appointment is not waiting to become a booking (it may already be one, or be cancelled).');
	return row;
}

const NOT_REFERRER = 'Choose the referrer the booking is for.';

/** Referrers an appointment can be booked for: every active member with an organisation role. */
export async function referrerChoices(app: App) {
	return activeReferrers(app.database.db);
}

/** What the form starts from: the appointment, and the examinee and answers as Acuity holds them. */
export async function adoptionForm(app: App, appointmentId: string) {
	const { appointment: a, type, specialist: s } = await waiting(app, appointmentId);
	const client: StoredClient = a.clientEncrypted
		? JSON.parse(app.cipher.decrypt(a.clientEncrypted, 'appointment-client'))
		: { firstName: '', lastName: '', email: '' };
	return {
		appointment: { id: a.id, startsAt: a.startsAt, providerAppointmentId: a.providerAppointmentId },
		type: { id: type.id, name: type.label ?? type.name, intakeFields: type.intakeFields },
		specialist: { id: s.id, displayName: s.displayName, timeZone: s.timeZone, location: s.location },
		examinee: {
			givenNames: client.firstName,
			familyName: client.lastName,
			email: client.email ?? '',
			phone: client.phone ?? '',
			interpreter: 'no'
		} as Record<string, string>,
		intake: intakeFromProviderFields(type.intakeFields, client.fields ?? []),
		referrers: await referrerChoices(app)
	};
}

export interface AdoptInput {
	appointmentId: string;
	memberId: string;
	examinee: unknown;
	intake: unknown;
}

/** Turn the appointment into a booking for the chosen referrer. Safe to send twice: the second answers NOT_FOUND. */
export async function adoptUpstream(app: App, who: Actor, input: AdoptInput): Promise<{ bookingId: string }> {
	const w = await waiting(app, input.appointmentId);
	const examinee = examineeSchema.safeParse(input.examinee);
	const intake = intakeSchemaFor(w.type.intakeFields).safeParse(input.intake);
	if (!examinee.success || !intake.success) {
		const fields = { ...(examinee.success ? {} : fieldErrors(examinee.error)), ...(intake.success ? {} : fieldErrors(intake.error)) };
		const [field, message] = Object.entries(fields)[0] ?? ['examinee', 'Some details are missing.'];
		throw new AppError('BAD_REQUEST', message, field);
	}
	const answers = intake.data as IntakeAnswers;
	const db = app.database.db;
	const m = await findReferrerMembership(db, input.memberId);
	if (!m) throw new AppError('BAD_REQUEST', NOT_REFERRER, 'memberId');
	const a = w.appointment;
	const by = attributionOf(who).actor;
	const place = await placeAt(app, db, { specialistId: a.specialistId, mode: w.type.mode, startsAt: a.startsAt });
	const bookingId = await db
		.transaction(async (tx) => {
			const b = await insertBooking(tx, {
				reference: newReference(),
				organizationId: m.organizationId,
				teamId: m.teamId,
				ownerUserId: m.userId,
				createdByUserId: by,
				specialistId: a.specialistId,
				appointmentTypeId: a.appointmentTypeId,
				appointmentId: a.id,
				startsAt: a.startsAt,
				endsAt: a.endsAt,
				clinicTimeZone: w.specialist.timeZone,
				...place,
				examineeEncrypted: sealExaminee(app.cipher, examinee.data),
				intakeEncrypted: sealIntake(app.cipher, answers),
				examineeNameTokens: nameTokens(app.cipher, examinee.data),
				// One booking per upstream appointment, however often the form is sent.
				idempotencyKey: `upstream:${a.id}`
			});
			await setAppointmentOrganization(tx, a.id, m.organizationId);
			// The enclosure checklist from the exam type's template.
			await createChecklist(tx, b.id);
			await insertHistory(tx, {
				bookingId: b.id,
				action: 'created',
				actorUserId: by,
				onBehalfOfUserId: m.userId,
				toStage: 'scheduled',
				toStatus: 'active',
				toStartsAt: a.startsAt,
				noteEncrypted: app.cipher.encrypt('Made in Acuity; turned into a booking here.', 'booking-note')
			});
			await recordAudit(tx, withOnBehalfOf(who, m.userId), {
				action: 'booking.create',
				outcome: 'granted',
				resourceType: 'booking',
				resourceId: b.id,
				details: { source: 'acuity', appointmentId: a.id }
			});
			await enqueueConfirmation(tx, app, {
				booking: { id: b.id, reference: b.reference, ownerUserId: m.userId, startsAt: a.startsAt },
				specialist: w.specialist,
				type: w.type,
				place: { mode: w.type.mode, address: place.locationAddress }
			});
			return b.id;
		})
		.catch((err: unknown) => {
			if (pgCode(err) === UNIQUE_VIOLATION) throw new AppError('CONFLICT', 'This appointment has just become a booking.');
			throw err;
		});
	await pushAnswers(app, a.providerAppointmentId, w.type.intakeFields, answers);
	return { bookingId };
}

/** The answers back to Acuity, so the specialist working there sees the form filled in. Best effort: the booking stands. */
async function pushAnswers(
	app: App,
	providerId: string | null,
	fields: Parameters<typeof intakeToProviderFields>[0],
	answers: IntakeAnswers
) {
	if (!providerId || app.scheduling.provider.kind !== 'acuity') return;
	try {
		await app.scheduling.provider.updateFields(providerId, intakeToProviderFields(fields, answers));
	} catch (err) {
		app.logger.warn(
			{ providerAppointmentId: providerId, err: err instanceof Error ? err.name : 'error' },
			'intake answers not sent to Acuity'
		);
	}
}

/**
 * Match the appointment to a booking that lost its own (cancelled in Acuity and made again there):
 * same specialist, not finished, and no confirmed appointment of its own. The booking moves to
 * this appointment's time.
 */
export async function matchUpstream(
	app: App,
	who: Actor,
	input: { appointmentId: string; reference: string }
): Promise<{ bookingId: string }> {
	const w = await waiting(app, input.appointmentId);
	const reference = input.reference.trim().toUpperCase();
	const db = app.database.db;
	// The booking takes this appointment's time, so the place of that time.
	const place = await placeAt(app, db, { specialistId: w.appointment.specialistId, mode: w.type.mode, startsAt: w.appointment.startsAt });
	return db.transaction(async (tx) => {
		const b = await lockByReference(tx, reference);
		if (!b) throw new AppError('BAD_REQUEST', `No booking has the reference ${reference || '(empty)'}.`, 'reference');
		if (b.specialistId !== w.appointment.specialistId)
			throw new AppError('BAD_REQUEST', 'That booking is with another specialist.', 'reference');
		if (b.appointmentId) {
			const own = await appointmentStatus(tx, b.appointmentId);
			if (own === 'confirmed')
				throw new AppError('CONFLICT', 'That booking still has its own appointment. Cancel one of the two in Acuity first.', 'reference');
		}
		const moved = b.startsAt.getTime() !== w.appointment.startsAt.getTime();
		const toStage: BookingStage = moved ? 'rescheduled' : b.stage;
		if (moved) assertMove(b.stage, 'rescheduled', b.status);
		const toStatus = statusAfter(toStage, b.status);
		await updateBooking(tx, b.id, {
			appointmentId: w.appointment.id,
			startsAt: w.appointment.startsAt,
			endsAt: w.appointment.endsAt,
			...place,
			stage: toStage,
			status: toStatus,
			updatedAt: new Date()
		});
		await setAppointmentOrganization(tx, w.appointment.id, b.organizationId);
		if (moved) await recomputeDueDates(tx, b.id);
		await insertHistory(tx, {
			bookingId: b.id,
			action: 'reschedule',
			actorUserId: attributionOf(who).actor,
			fromStage: b.stage,
			toStage,
			fromStatus: b.status,
			toStatus,
			fromStartsAt: b.startsAt,
			toStartsAt: w.appointment.startsAt,
			noteEncrypted: app.cipher.encrypt('Matched to an appointment made in Acuity.', 'booking-note')
		});
		await recordAudit(tx, who, {
			action: 'booking.reschedule',
			outcome: 'granted',
			resourceType: 'booking',
			resourceId: b.id,
			details: { source: 'acuity', matched: true, appointmentId: w.appointment.id }
		});
		return { bookingId: b.id };
	});
}

/** How many appointments made in Acuity wait to become bookings (the dashboard). */
export async function countWaiting(app: App): Promise<number> {
	return countWaitingAppointments(app.database.db);
}
