/**
 * A booking follows its appointment when the appointment is changed in Acuity (the fake server):
 * moved, cancelled or marked no-show there, through a signed webhook or the reconciler; a change the
 * booking cannot follow is recorded as a conflict and changes nothing; the portal's own changes do
 * not come back as changes made in Acuity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { appointment, appointmentType, auditLog, booking, bookingHistory, outbox, specialist, syncConflict } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, requestFrom, signIn, type TestApp } from '../../testing/app';
import { connectScheduling } from '../../app';
import type { SignedIn } from '../../auth/session';
import { AcuityProvider } from '../scheduling/acuity/acuity-provider';
import { startFakeAcuity, type FakeAcuity } from '../../testing/fake-acuity';
import { SchedulingService } from '../scheduling/scheduling';
import { acuitySignature } from '../scheduling/webhook-signature';
import { openMessage } from '../outbox/outbox';
import { confirmBooking } from './confirm';
import { createDraft, saveDraft } from './drafts';
import { reschedule } from './booking-lifecycle';
import { scopeFor } from '../../auth/scope';
import { UPSTREAM_NOTES } from './upstream-sync';
import { actorFor, SYSTEM_ACTOR_ID } from '../../auth/actor';
import { openConflicts, resolveConflict } from './sync-conflicts';

let app: TestApp;
let fake: FakeAcuity;
let referrer: SignedIn;
let specialistId: string;
let typeId: string;
let intake: Record<string, string | string[]> = {};
const NOW = new Date('2027-05-02T22:00:00Z');
const examinee = {
	givenNames: 'Ida',
	familyName: 'Upstream',
	dateOfBirth: '1980-02-02',
	phone: '0412 345 678',
	email: 'ida@example.com',
	address: '1 Test Street, Sydney NSW 2000',
	claimNumber: '',
	dateOfInjury: '',
	interpreter: 'no' as const,
	language: '',
	matterReference: ''
};

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	fake = await startFakeAcuity({ now: () => NOW });
	const demo = fake.seed.demo();
	const provider = new AcuityProvider({ baseUrl: fake.url, userId: fake.userId, apiKey: fake.apiKey, logger: app.logger, timeoutMs: 3000 });
	connectScheduling(
		app,
		new SchedulingService({
			db: app.database.db,
			cipher: app.cipher,
			provider,
			cache: app.cache,
			logger: app.logger,
			dbKind: app.database.kind,
			webhookKey: fake.apiKey
		})
	);
	await app.scheduling.syncCatalogue();
	referrer = (await signIn(app, 'referrer@demo.test', DEMO_PASSWORD)).signedIn;
	[{ id: specialistId }] = (await app.database.db
		.select({ id: specialist.id })
		.from(specialist)
		.where(eq(specialist.providerCalendarId, String(demo.calendars.sydney.id)))) as [{ id: string }];
	[{ id: typeId }] = (await app.database.db
		.select({ id: appointmentType.id })
		.from(appointmentType)
		.where(eq(appointmentType.providerTypeId, String(demo.types.fileReview.id)))) as [{ id: string }];
	const [type] = await app.database.db.select().from(appointmentType).where(eq(appointmentType.id, typeId));
	intake = Object.fromEntries(
		type!.intakeFields.map((f) => [
			`q_${f.id}`,
			f.type === 'yesno' ? 'no' : f.type === 'dropdown' ? f.options[0]! : f.type === 'checkboxlist' ? [f.options[0]!] : 'Answer'
		])
	);
});
afterAll(async () => {
	await fake.close();
	await app.close();
});

let day = 0;
/** A confirmed booking on its own weekday of May 2027 (so bookings never collide). */
async function book(): Promise<{ bookingId: string; upstreamId: number; freeLater: string }> {
	const dates = [
		'2027-05-05',
		'2027-05-06',
		'2027-05-07',
		'2027-05-10',
		'2027-05-11',
		'2027-05-12',
		'2027-05-13',
		'2027-05-14',
		'2027-05-17',
		'2027-05-18',
		'2027-05-19',
		'2027-05-20'
	];
	const date = dates[day++]!;
	const { value } = await app.scheduling.availableTimes(specialistId, typeId, date, 'Australia/Sydney');
	const d = await createDraft(app, referrer, {});
	await saveDraft(app, referrer, d.id, { appointmentTypeId: typeId, specialistId, startsAt: value[0]!.startsAt, examinee, intake });
	const { bookingId } = await confirmBooking(app, referrer, actorFor(requestFrom(), referrer), d.id);
	const [b] = await app.database.db.select().from(booking).where(eq(booking.id, bookingId));
	const [a] = await app.database.db.select().from(appointment).where(eq(appointment.id, b!.appointmentId!));
	return { bookingId, upstreamId: Number(a!.providerAppointmentId), freeLater: value.at(-1)!.startsAt };
}

/** What Acuity's own admin screens do: the API with admin=true. */
async function inAcuity(method: string, path: string, body: unknown) {
	const res = await fetch(`${fake.url}${path}?admin=true&noEmail=true`, {
		method,
		headers: {
			authorization: `Basic ${Buffer.from(`${fake.userId}:${fake.apiKey}`).toString('base64')}`,
			'content-type': 'application/json'
		},
		body: JSON.stringify(body)
	});
	expect(res.status, await res.clone().text()).toBe(200);
}

async function deliver(action: string, id: number) {
	const a = fake.state.appointments.find((x) => x.id === id)!;
	const body = new TextEncoder().encode(`action=${action}&id=${id}&calendarID=${a.calendarID}&appointmentTypeID=${a.appointmentTypeID}`);
	return app.scheduling.handleWebhook(body, acuitySignature(body, fake.apiKey));
}

const bookingRow = async (id: string) => (await app.database.db.select().from(booking).where(eq(booking.id, id)))[0]!;
const lastHistory = async (id: string) =>
	(
		await app.database.db.select().from(bookingHistory).where(eq(bookingHistory.bookingId, id)).orderBy(desc(bookingHistory.at)).limit(1)
	)[0]!;
const noticesFor = async (template: string) =>
	(await app.database.db.select().from(outbox).where(eq(outbox.template, template))).map((r) => openMessage(app.cipher, r));

describe('a booking follows changes made in Acuity', () => {
	it('sends the examinee’s name and the intake answers upstream, and no contact details', async () => {
		const { upstreamId } = await book();
		const a = fake.state.appointments.find((x) => x.id === upstreamId)!;
		expect([a.firstName, a.lastName]).toEqual(['Ida', 'Upstream']);
		expect(a.email).toBe('');
		expect(a.phone).toBe('');
		expect(a.fields.length).toBe(Object.keys(intake).length);
		expect(a.fields.some((f) => f.value === 'Answer')).toBe(true);
	});

	it('moves the booking, writes its history and audit, and tells the referrer with a new calendar event', async () => {
		const { bookingId, upstreamId, freeLater } = await book();
		const before = await bookingRow(bookingId);
		await inAcuity('PUT', `/appointments/${upstreamId}/reschedule`, { datetime: freeLater });
		expect(await deliver('appointment.rescheduled', upstreamId)).toEqual({ status: 'applied', outcome: 'moved' });
		const after = await bookingRow(bookingId);
		expect(after.startsAt.toISOString()).toBe(new Date(freeLater).toISOString());
		expect(after.stage).toBe('rescheduled');
		const h = await lastHistory(bookingId);
		expect(h.actorUserId).toBe(SYSTEM_ACTOR_ID);
		expect(h.fromStartsAt!.getTime()).toBe(before.startsAt.getTime());
		expect(app.cipher.decrypt(h.noteEncrypted!, 'booking-note')).toBe(UPSTREAM_NOTES.moved);
		const [audit] = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'booking.reschedule'), eq(auditLog.resourceId, bookingId)));
		expect(audit?.actor).toBe('system');
		const notice = (await noticesFor('booking_rescheduled')).find(
			(m) => m.subject.includes(after.reference) && m.to === 'referrer@demo.test'
		);
		expect(notice?.attachments?.[0]?.content).toContain('STATUS:CONFIRMED');
		expect(notice?.text).toContain('(Sydney time)');
		// The appointment's `changed` twin, and the same delivery again, change nothing more.
		expect((await deliver('appointment.changed', upstreamId)).outcome).toBe('unchanged');
	});

	it('cancels the booking with the cancellation policy applied, and frees the time', async () => {
		const { bookingId, upstreamId } = await book();
		const b = await bookingRow(bookingId);
		await inAcuity('PUT', `/appointments/${upstreamId}/cancel`, {});
		expect((await deliver('appointment.canceled', upstreamId)).outcome).toBe('cancelled');
		const after = await bookingRow(bookingId);
		expect([after.stage, after.status]).toEqual(['cancelled', 'closed']);
		// Months ahead of today's clock: in good time, no fee (the late case: cancellation-policy.test.ts).
		expect([after.lateCancellation, after.cancellationFeeCents]).toEqual([false, 0]);
		const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(b.startsAt);
		const { value } = await app.scheduling.availableTimes(specialistId, typeId, date, 'Australia/Sydney');
		expect(value.map((s) => s.startsAt)).toContain(b.startsAt.toISOString());
		expect(
			(await noticesFor('booking_cancelled')).some(
				(m) => m.subject.includes(after.reference) && m.attachments?.[0]?.content.includes('STATUS:CANCELLED')
			)
		).toBe(true);
	});

	it('marks a no-show made in Acuity', async () => {
		const { bookingId, upstreamId } = await book();
		await inAcuity('PUT', `/appointments/${upstreamId}/cancel`, { noShow: true });
		await deliver('appointment.canceled', upstreamId);
		expect((await bookingRow(bookingId)).stage).toBe('no_show');
	});

	it('records a conflict, and leaves the booking alone, when it cannot follow', async () => {
		const { bookingId, upstreamId, freeLater } = await book();
		await app.database.db.update(booking).set({ stage: 'report_in_progress' }).where(eq(booking.id, bookingId));
		const before = await bookingRow(bookingId);
		await inAcuity('PUT', `/appointments/${upstreamId}/reschedule`, { datetime: freeLater });
		await deliver('appointment.rescheduled', upstreamId);
		const after = await bookingRow(bookingId);
		expect(after.startsAt.getTime()).toBe(before.startsAt.getTime());
		expect(after.stage).toBe('report_in_progress');
		const [c] = await app.database.db.select().from(syncConflict).where(eq(syncConflict.bookingId, bookingId));
		expect(c?.kind).toBe('moved_after_exam');
		expect(c?.detail).toContain(before.reference);
		expect(c?.detail).not.toContain('Upstream');
	});

	it('repairs a lost webhook at the next reconcile', async () => {
		const { bookingId, upstreamId, freeLater } = await book();
		await inAcuity('PUT', `/appointments/${upstreamId}/reschedule`, { datetime: freeLater });
		const report = await app.scheduling.reconcile({ from: new Date('2027-05-01T00:00:00Z'), to: new Date('2027-06-01T00:00:00Z') });
		expect(report.moved).toBeGreaterThanOrEqual(1);
		expect((await bookingRow(bookingId)).startsAt.toISOString()).toBe(new Date(freeLater).toISOString());
	});

	it('never cancels a booking because Acuity stopped answering for its appointment: an admin is shown it, once', async () => {
		const { bookingId, upstreamId } = await book();
		const i = fake.state.appointments.findIndex((x) => x.id === upstreamId);
		const [gone] = fake.state.appointments.splice(i, 1);
		try {
			const window = { from: new Date('2027-05-01T00:00:00Z'), to: new Date('2027-06-01T00:00:00Z') };
			await app.scheduling.reconcile(window);
			await app.scheduling.reconcile(window);
			const b = await bookingRow(bookingId);
			expect(b.stage).toBe('scheduled');
			const rows = await app.database.db.select().from(syncConflict).where(eq(syncConflict.bookingId, bookingId));
			expect(rows.map((r) => r.kind)).toEqual(['missing_upstream']);
			const [a] = await app.database.db.select().from(appointment).where(eq(appointment.id, b.appointmentId!));
			expect(a!.status).toBe('confirmed');
		} finally {
			fake.state.appointments.push(gone!);
		}
	});

	it('does not take the portal’s own reschedule, echoed by Acuity, for a change made there', async () => {
		const { bookingId, upstreamId, freeLater } = await book();
		// The echo arrives while the portal is between its Acuity call and its commit.
		const realReschedule = app.scheduling.provider.reschedule.bind(app.scheduling.provider);
		app.scheduling.provider.reschedule = async (id, input) => {
			const done = await realReschedule(id, input);
			expect((await deliver('appointment.rescheduled', upstreamId)).outcome).toBe('unchanged');
			return done;
		};
		try {
			await reschedule(app, actorFor(requestFrom(), referrer), scopeFor(referrer.caller), bookingId, new Date(freeLater));
		} finally {
			app.scheduling.provider.reschedule = realReschedule;
		}
		const rows = await app.database.db.select().from(bookingHistory).where(eq(bookingHistory.bookingId, bookingId));
		expect(rows.filter((r) => r.action === 'reschedule').map((r) => r.actorUserId)).toEqual([referrer.user.id]);
	});

	it('when both sides move it, the later move (ours) stands in both places, and admins are told', async () => {
		const { bookingId, upstreamId, freeLater } = await book();
		const a = fake.state.appointments.find((x) => x.id === upstreamId)!;
		const theirs = new Date(a.startsAt.getTime() + 7 * 86_400_000).toISOString();
		const realReschedule = app.scheduling.provider.reschedule.bind(app.scheduling.provider);
		app.scheduling.provider.reschedule = async (id, input) => {
			// Acuity's staff move it first, and their webhook arrives before our call.
			await inAcuity('PUT', `/appointments/${upstreamId}/reschedule`, { datetime: theirs });
			await deliver('appointment.rescheduled', upstreamId);
			return realReschedule(id, input);
		};
		try {
			await reschedule(app, actorFor(requestFrom(), referrer), scopeFor(referrer.caller), bookingId, new Date(freeLater));
		} finally {
			app.scheduling.provider.reschedule = realReschedule;
		}
		expect((await bookingRow(bookingId)).startsAt.toISOString()).toBe(new Date(freeLater).toISOString());
		expect(fake.state.appointments.find((x) => x.id === upstreamId)!.startsAt.toISOString()).toBe(new Date(freeLater).toISOString());
		const rows = await openConflicts(app.database.db);
		const mine = rows.filter((r) => r.bookingId === bookingId);
		expect(mine.map((r) => r.kind)).toEqual(['both_moved']);
		await resolveConflict(app.database.db, mine[0]!.id, 'admin-test');
		expect((await openConflicts(app.database.db)).some((r) => r.id === mine[0]!.id)).toBe(false);
		await expect(resolveConflict(app.database.db, mine[0]!.id, 'admin-test')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('records an overlap, and changes nothing, when Acuity moves it onto a time held here by another appointment', async () => {
		const { bookingId, upstreamId } = await book();
		const before = await bookingRow(bookingId);
		const [local] = await app.database.db.select().from(appointment).where(eq(appointment.id, before.appointmentId!));
		// A time our table holds that Acuity does not know of (an appointment not yet synced).
		const taken = new Date(before.startsAt.getTime() + 14 * 86_400_000);
		await app.database.db.insert(appointment).values({
			provider: 'acuity',
			providerAppointmentId: 'not-in-acuity-1',
			specialistId: local!.specialistId,
			appointmentTypeId: local!.appointmentTypeId,
			startsAt: taken,
			endsAt: new Date(taken.getTime() + 30 * 60_000),
			busyFrom: taken,
			busyTo: new Date(taken.getTime() + 30 * 60_000),
			source: 'upstream'
		});
		await inAcuity('PUT', `/appointments/${upstreamId}/reschedule`, { datetime: taken.toISOString() });
		expect((await deliver('appointment.rescheduled', upstreamId)).outcome).toBe('conflict');
		expect((await bookingRow(bookingId)).startsAt.getTime()).toBe(before.startsAt.getTime());
		const [c] = await app.database.db.select().from(syncConflict).where(eq(syncConflict.bookingId, bookingId));
		expect(c?.kind).toBe('overlap');
	});

	it('keeps an appointment made directly in Acuity waiting for an admin', async () => {
		const a = fake.createDirect({
			calendarID: Number((await app.database.db.select().from(specialist).where(eq(specialist.id, specialistId)))[0]!.providerCalendarId),
			appointmentTypeID: fake.state.appointmentTypes[2]!.id,
			startsAt: '2027-05-20T09:00',
			firstName: 'Walk',
			lastName: 'In'
		});
		expect((await deliver('appointment.scheduled', a.id)).outcome).toBe('created');
		const waiting = await app.scheduling.unattached();
		expect(waiting.some((w) => w.startsAt.toISOString() === a.startsAt.toISOString())).toBe(true);
	});
});
