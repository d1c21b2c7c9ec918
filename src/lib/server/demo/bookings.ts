/**
 * A realistic demo: a few hundred bookings over the past three months and the next two, in every
 * stage, with report states, cancellations (some late), history, and documents at each step of the
 * report — so every list, calendar and dashboard of `npm run demo` opens with something to see.
 * Only for the demo (scripts/seed.ts), never for tests; it does nothing once any booking exists.
 * Deterministic: the same data on every fresh demo (relative to the day it is seeded).
 */
import { Readable } from 'node:stream';
import { CalendarDateTime, toZoned } from '@internationalized/date';
import { eq } from 'drizzle-orm';
import type { App } from '../app';
import { systemActor } from '../auth/actor';
import {
	appointment,
	appointmentType,
	booking,
	bookingHistory,
	member,
	specialist,
	specialistAppointmentType,
	specialistLocation,
	weeklyHours
} from '../db/schema';
import type { BookingStage, BookingStatus } from '../db/schema';
import type { DocumentCategory, ReportState } from '../../schemas/document';
import { busyIntervalOf } from '../services/scheduling/builtin/availability';
import { isBusinessDay } from '../services/scheduling/holidays';
import { nameTokens, sealExaminee, sealIntake } from '../services/booking/examinee';
import { newReference } from '../services/booking/confirm';
import { formatAddress, pickLocation } from '../services/scheduling/locations';
import { uploadDocument } from '../services/documents/upload';
import { pdf } from '../testing/files';
import { seedDemoCases } from './cases';

const GIVEN = [
	'Olivia',
	'Liam',
	'Charlotte',
	'Noah',
	'Amelia',
	'Jack',
	'Isla',
	'William',
	'Mia',
	'Oliver',
	'Ava',
	'Thomas',
	'Grace',
	'Lucas',
	'Chloe',
	'Henry',
	'Ruby',
	'James',
	'Zara',
	'Mateo'
];
const FAMILY = [
	'Nguyen',
	'Smith',
	'Patel',
	'Williams',
	'Brown',
	'Kaur',
	'Jones',
	'Chen',
	'Wilson',
	'Taylor',
	'Singh',
	'Martin',
	'Anderson',
	"O'Connor",
	'Papadopoulos',
	'Rossi',
	'Kelly',
	'Walker',
	'Haddad',
	'Tran'
];
const STREETS = [
	'George Street',
	'Collins Street',
	'Queen Street',
	'King William Street',
	'Hay Street',
	'Elizabeth Street',
	'Murray Street'
];
const START_MINUTES = [9 * 60, 11 * 60, 13 * 60 + 30, 15 * 60 + 30];

/** A small seeded generator (mulberry32), so the demo is the same every time. */
function random(seed: number) {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** What happened to a booking, by where its time lies: past ones have moved on, future ones mostly wait. */
function fateOf(past: boolean, r: number): { stage: BookingStage; reportState: ReportState; status: BookingStatus } {
	if (!past) {
		if (r < 0.1) return { stage: 'cancelled', reportState: 'none', status: 'active' };
		if (r < 0.2) return { stage: 'rescheduled', reportState: 'none', status: 'active' };
		return { stage: 'scheduled', reportState: 'none', status: 'active' };
	}
	if (r < 0.08) return { stage: 'cancelled', reportState: 'none', status: 'active' };
	if (r < 0.13) return { stage: 'no_show', reportState: 'none', status: 'active' };
	if (r < 0.2) return { stage: 'scheduled', reportState: 'dictation_received', status: 'active' };
	if (r < 0.3) return { stage: 'report_in_progress', reportState: 'in_transcription', status: 'active' };
	if (r < 0.38) return { stage: 'report_in_progress', reportState: 'draft_review', status: 'active' };
	if (r < 0.42) return { stage: 'report_in_progress', reportState: 'changes_requested', status: 'active' };
	if (r < 0.47) return { stage: 'report_in_progress', reportState: 'approved', status: 'active' };
	if (r < 0.7) return { stage: 'report_ready', reportState: 'released', status: 'active' };
	return { stage: 'paid', reportState: 'released', status: r < 0.85 ? 'closed' : 'active' };
}

/** The documents a booking in this report state would have by now. */
function documentsFor(reportState: ReportState, stage: BookingStage): DocumentCategory[] {
	const docs: DocumentCategory[] = stage === 'cancelled' ? [] : ['brief', 'consent_form'];
	if (reportState === 'none') return docs;
	docs.push('dictation');
	if (['draft_review', 'changes_requested', 'approved', 'released'].includes(reportState)) docs.push('draft_report');
	if (reportState === 'released') docs.push('final_report');
	return docs;
}

/**
 * Days from the examination to the report's release, 2 to 16 and the same on every fresh demo (from
 * the start time, so the seeded generator's sequence is untouched): the turnaround chart shows a
 * spread either side of the 10-day SLA.
 */
const releaseLagDays = (startsAt: Date) => 2 + ((Math.floor(startsAt.getTime() / 3_600_000) * 7) % 15);

export async function seedDemoBookings(app: App, options: { count?: number; now?: Date; withDocuments?: number } = {}): Promise<number> {
	const db = app.database.db;
	if ((await db.$count(booking)) > 0) return 0;
	const now = options.now ?? new Date();
	const rand = random(20261202);
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
	const referrers = await db.select({ userId: member.userId, organizationId: member.organizationId, teamId: member.teamId }).from(member);
	const specialists = await db.select().from(specialist).where(eq(specialist.active, true));
	const offers = await db
		.select({ specialistId: specialistAppointmentType.specialistId, type: appointmentType })
		.from(specialistAppointmentType)
		.innerJoin(appointmentType, eq(appointmentType.id, specialistAppointmentType.appointmentTypeId));
	if (!referrers.length || !specialists.length) return 0;
	// Where each specialist is at each time (their weekly hours' locations), for the bookings' addresses.
	const [hours, places] = await Promise.all([db.select().from(weeklyHours), db.select().from(specialistLocation)]);
	const placeOf = (s: (typeof specialists)[number], mode: string, at: Date) => {
		if (mode === 'telehealth') return { locationId: null, locationAddress: '' };
		const l = pickLocation(
			hours.filter((h) => h.specialistId === s.id),
			places.filter((p) => p.specialistId === s.id),
			s.timeZone,
			at
		);
		return l ? { locationId: l.id, locationAddress: formatAddress(l) } : { locationId: null, locationAddress: '' };
	};

	// Every working slot of every specialist from 90 days ago to 60 days ahead, then a sample of them.
	const slots: { s: (typeof specialists)[number]; startsAt: Date }[] = [];
	for (let day = -90; day <= 60; day++) {
		const date = new Date(now.getTime() + day * 86_400_000).toISOString().slice(0, 10);
		for (const s of specialists) {
			if (!isBusinessDay(date, s.state)) continue;
			const [y, m, d] = date.split('-').map(Number) as [number, number, number];
			for (const minute of START_MINUTES)
				slots.push({ s, startsAt: toZoned(new CalendarDateTime(y, m, d, Math.floor(minute / 60), minute % 60), s.timeZone).toDate() });
		}
	}
	const wanted = options.count ?? 300;
	const chosen = slots
		.filter(() => rand() < wanted / slots.length)
		.filter((x) => x.startsAt.getTime() < now.getTime() - 3600_000 || x.startsAt.getTime() > now.getTime() + 3 * 86_400_000);
	const created: { id: string; reportState: ReportState; stage: BookingStage }[] = [];
	for (const { s, startsAt } of chosen) {
		const types = offers.filter((o) => o.specialistId === s.id).map((o) => o.type);
		if (!types.length) continue;
		const type = pick(types);
		const owner = pick(referrers);
		const fate = fateOf(startsAt < now, rand());
		const endsAt = new Date(startsAt.getTime() + type.durationMinutes * 60_000);
		const examinee = {
			givenNames: pick(GIVEN),
			familyName: pick(FAMILY),
			dateOfBirth: `19${50 + Math.floor(rand() * 50)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
			phone: `04${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
			email: '',
			address: `${1 + Math.floor(rand() * 200)} ${pick(STREETS)}, ${s.location}`,
			claimNumber: `CL-${Math.floor(rand() * 900000 + 100000)}`,
			dateOfInjury: '',
			interpreter: rand() < 0.1 ? ('yes' as const) : ('no' as const),
			language: '',
			matterReference: `M-${Math.floor(rand() * 9000 + 1000)}`
		};
		if (examinee.interpreter === 'yes') examinee.language = pick(['Vietnamese', 'Mandarin', 'Arabic', 'Greek']);
		const late = fate.stage === 'cancelled' && rand() < 0.3;
		const bookedAt = new Date(Math.min(startsAt.getTime() - (4 + Math.floor(rand() * 20)) * 86_400_000, now.getTime() - 86_400_000));
		const id = await db.transaction(async (tx) => {
			const busy = busyIntervalOf(startsAt, type.durationMinutes, type.paddingBeforeMinutes, type.paddingAfterMinutes);
			const [appt] = await tx
				.insert(appointment)
				.values({
					provider: 'builtin',
					providerAppointmentId: crypto.randomUUID(),
					specialistId: s.id,
					appointmentTypeId: type.id,
					startsAt,
					endsAt,
					busyFrom: busy.start,
					busyTo: busy.end,
					organizationId: owner.organizationId,
					status: fate.stage === 'cancelled' ? 'cancelled' : 'confirmed',
					source: 'portal'
				})
				.returning({ id: appointment.id });
			const [b] = await tx
				.insert(booking)
				.values({
					reference: newReference(),
					organizationId: owner.organizationId,
					teamId: owner.teamId,
					ownerUserId: owner.userId,
					createdByUserId: owner.userId,
					specialistId: s.id,
					appointmentTypeId: type.id,
					appointmentId: appt!.id,
					startsAt,
					endsAt,
					clinicTimeZone: s.timeZone,
					...placeOf(s, type.mode, startsAt),
					examineeEncrypted: sealExaminee(app.cipher, examinee),
					intakeEncrypted: sealIntake(app.cipher, {}),
					examineeNameTokens: nameTokens(app.cipher, examinee),
					stage: fate.stage,
					status: fate.status,
					reportState: fate.reportState,
					reportReleasedAt:
						fate.reportState === 'released'
							? new Date(Math.min(endsAt.getTime() + releaseLagDays(startsAt) * 86_400_000, now.getTime()))
							: null,
					lateCancellation: late,
					cancellationFeeCents: late ? type.priceCents : 0,
					createdAt: bookedAt,
					idempotencyKey: `demo-${crypto.randomUUID()}`
				})
				.returning({ id: booking.id });
			await tx.insert(bookingHistory).values({
				bookingId: b!.id,
				action: 'created',
				actorUserId: owner.userId,
				toStage: 'scheduled',
				toStatus: 'active',
				toStartsAt: startsAt,
				at: bookedAt
			});
			if (fate.stage !== 'scheduled')
				await tx.insert(bookingHistory).values({
					bookingId: b!.id,
					action: fate.stage === 'cancelled' ? 'cancel' : fate.stage === 'rescheduled' ? 'reschedule' : 'stage_change',
					actorUserId: fate.stage === 'cancelled' ? owner.userId : 'system',
					fromStage: 'scheduled',
					toStage: fate.stage,
					fromStatus: 'active',
					toStatus: fate.status,
					fromStartsAt: startsAt,
					toStartsAt: startsAt,
					at: new Date(
						Math.min(
							fate.stage === 'cancelled' || fate.stage === 'rescheduled' ? bookedAt.getTime() + 86_400_000 : endsAt.getTime() + 3600_000,
							now.getTime()
						)
					)
				});
			return b!.id;
		});
		created.push({ id, reportState: fate.reportState, stage: fate.stage });
	}

	// Documents for a sample of them (every report step represented), uploaded through the real service.
	const system = systemActor();
	const withDocuments = options.withDocuments ?? 40;
	const byState = new Map<string, typeof created>();
	for (const c of created) byState.set(c.reportState, [...(byState.get(c.reportState) ?? []), c]);
	const sample = [...byState.values()].flatMap((list) => list.slice(0, Math.ceil(withDocuments / byState.size)));
	for (const c of sample) {
		for (const category of documentsFor(c.reportState, c.stage)) {
			const body = pdf(`Demo ${category.replace('_', ' ')}`);
			await uploadDocument(
				app,
				system,
				{ kind: 'all' },
				{
					bookingId: c.id,
					meta: { category, section: 'ime', name: `${category.replace('_', '-')}.pdf` },
					body: Readable.from([body]),
					declaredBytes: body.length
				}
			);
		}
		// Uploads move the report along on their own; put back the state this booking stands at.
		await db.update(booking).set({ reportState: c.reportState, stage: c.stage }).where(eq(booking.id, c.id));
	}
	// A dozen and more claimants' cases, open, on hold and closed, made of some of these bookings.
	await seedDemoCases(app, now);
	return created.length;
}
