/**
 * Test fixtures: bookings inserted directly (appointment, booking, history), bypassing the wizard,
 * for tests of views, scope and lifecycle.
 */
import { and, eq } from 'drizzle-orm';
import type { App } from '../app';
import {
	appointment,
	appointmentType,
	booking,
	bookingHistory,
	dateOverride,
	member,
	specialist,
	user,
	type BookingStage
} from '../db/schema';
import { busyIntervalOf } from '../services/scheduling/builtin/availability';
import { nameTokens, sealExaminee, sealIntake } from '../services/booking/examinee';
import type { Examinee } from '$lib/schemas/booking';

let n = 0;

export async function userIdOf(app: App, email: string) {
	const [u] = await app.database.db.select({ id: user.id }).from(user).where(eq(user.email, email));
	if (!u) throw new Error(`no user ${email}`);
	return u.id;
}

/** The ids of a seeded specialist (by display name) and exam type (by name). */
export async function catalogueIdsOf(app: App, specialistName: string, typeName: string) {
	const [s] = await app.database.db.select({ id: specialist.id }).from(specialist).where(eq(specialist.displayName, specialistName));
	const [t] = await app.database.db.select({ id: appointmentType.id }).from(appointmentType).where(eq(appointmentType.name, typeName));
	if (!s || !t) throw new Error(`no specialist ${specialistName} or exam type ${typeName}`);
	return { specialistId: s.id, typeId: t.id };
}

/**
 * Opens `date` for one examination of the type only (10:00, its length with padding), for tests of
 * a date whose only time gets held; returns what puts the date back as it was.
 */
export async function openForOneExamination(app: App, specialistId: string, typeId: string, date: string) {
	const db = app.database.db;
	const [type] = await db.select().from(appointmentType).where(eq(appointmentType.id, typeId));
	const length = type!.paddingBeforeMinutes + type!.durationMinutes + type!.paddingAfterMinutes;
	await db.insert(dateOverride).values({ specialistId, date, ranges: [{ startMinute: 600, endMinute: 600 + length }] });
	await app.scheduling.invalidate(specialistId);
	return async () => {
		await db.delete(dateOverride).where(and(eq(dateOverride.specialistId, specialistId), eq(dateOverride.date, date)));
		await app.scheduling.invalidate(specialistId);
	};
}

export interface FixtureBooking {
	ownerEmail: string;
	specialistName?: string;
	typeName?: string;
	startsAt?: Date;
	stage?: BookingStage;
	status?: 'active' | 'closed' | 'archived';
	examinee?: Partial<Examinee>;
	createdByEmail?: string;
}

/** A confirmed appointment and its booking for `ownerEmail`'s organisation and team. */
export async function insertBooking(app: App, f: FixtureBooking) {
	const db = app.database.db;
	const ownerUserId = await userIdOf(app, f.ownerEmail);
	const createdBy = f.createdByEmail ? await userIdOf(app, f.createdByEmail) : ownerUserId;
	const [m] = await db.select().from(member).where(eq(member.userId, ownerUserId)).limit(1);
	if (!m) throw new Error(`${f.ownerEmail} belongs to no organisation`);
	const [s] = await db
		.select()
		.from(specialist)
		.where(eq(specialist.displayName, f.specialistName ?? 'Dr Sam Specialist'));
	const [t] = await db
		.select()
		.from(appointmentType)
		.where(eq(appointmentType.name, f.typeName ?? 'IME — in person'));
	// Spread fixtures a day apart at distinct minutes so they never overlap.
	const i = ++n;
	const startsAt = f.startsAt ?? new Date(Date.UTC(2027, 0, 4) + i * 86_400_000 + (i % 8) * 3_600_000);
	const busy = busyIntervalOf(startsAt, t!.durationMinutes, t!.paddingBeforeMinutes, t!.paddingAfterMinutes);
	const examinee: Examinee = {
		givenNames: 'Alex',
		familyName: `Example${i}`,
		dateOfBirth: '1980-01-01',
		phone: '0412 345 678',
		email: '',
		address: '1 Test Street, Sydney NSW 2000',
		claimNumber: `CLM-${i}`,
		dateOfInjury: '',
		interpreter: 'no',
		language: '',
		matterReference: '',
		...f.examinee
	};
	const id = crypto.randomUUID();
	const [appt] = await db
		.insert(appointment)
		.values({
			provider: 'builtin',
			providerAppointmentId: id,
			id,
			specialistId: s!.id,
			appointmentTypeId: t!.id,
			startsAt,
			endsAt: new Date(startsAt.getTime() + t!.durationMinutes * 60_000),
			busyFrom: busy.start,
			busyTo: busy.end,
			organizationId: m.organizationId,
			idempotencyKey: `fixture-${id}`
		})
		.returning();
	const [b] = await db
		.insert(booking)
		.values({
			reference: `IME-T${String(i).padStart(5, '0')}`,
			organizationId: m.organizationId,
			teamId: m.teamId,
			ownerUserId,
			createdByUserId: createdBy,
			specialistId: s!.id,
			appointmentTypeId: t!.id,
			appointmentId: appt!.id,
			startsAt,
			endsAt: appt!.endsAt,
			clinicTimeZone: s!.timeZone,
			status: f.status ?? 'active',
			stage: f.stage ?? 'scheduled',
			examineeEncrypted: sealExaminee(app.cipher, examinee),
			intakeEncrypted: sealIntake(app.cipher, {}),
			examineeNameTokens: nameTokens(app.cipher, examinee),
			idempotencyKey: `fixture-${id}`
		})
		.returning();
	await db.insert(bookingHistory).values({
		bookingId: b!.id,
		action: 'created',
		actorUserId: createdBy,
		onBehalfOfUserId: createdBy === ownerUserId ? null : ownerUserId,
		toStage: b!.stage,
		toStatus: b!.status,
		toStartsAt: startsAt
	});
	return { booking: b!, appointment: appt!, examinee };
}
