/**
 * The scheduling service with Acuity as the provider, against the fake Acuity server: catalogue
 * sync, availability through the cache (stale when Acuity fails), signed and de-duplicated
 * webhooks, and the reconciler repairing drift.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { appointment, appointmentType, auditLog, specialist } from '../../db/schema';
import { createTestApp, localsOf, type TestApp } from '../../testing/app';
import type { AcuityProvider } from './acuity/acuity-provider';
import { testAcuityProvider } from '../../testing/acuity-provider';
import { startFakeAcuity, type DemoCatalogue, type FakeAcuity } from '../../testing/fake-acuity';
import { refMarker } from './provider';
import { SchedulingService } from './scheduling';
import { acuitySignature } from './webhook-signature';
import { MemoryCache } from '../cache/cache';

let app: TestApp;
let fake: FakeAcuity;
let demo: DemoCatalogue;
let service: SchedulingService;
let provider: AcuityProvider;
/** Both sides agree it is 20 April 2027, so May 2027 is bookable. */
const NOW = new Date('2027-04-20T00:00:00Z');

beforeAll(async () => {
	app = await createTestApp();
	fake = await startFakeAcuity({ userId: '4242', apiKey: 'fake-acuity-key', now: () => NOW });
	demo = fake.seed.demo();
	provider = testAcuityProvider(fake, app.logger);
	service = new SchedulingService({
		db: app.database.db,
		cipher: app.cipher,
		provider,
		cache: new MemoryCache(),
		logger: app.logger,
		webhookKey: fake.apiKey,
		dbKind: app.database.kind,
		now: () => NOW,
		// Every read after the first is past its fresh window: the stale path is exercised.
		availabilityOptions: { freshSeconds: 0 }
	});
	await service.syncCatalogue();
});
afterAll(async () => {
	await fake.close();
	await app.close();
});

const localSpecialist = async (calendarId: number) =>
	(
		await app.database.db
			.select()
			.from(specialist)
			.where(eq(specialist.providerCalendarId, String(calendarId)))
	)[0]!;
const localType = async (typeId: number) =>
	(
		await app.database.db
			.select()
			.from(appointmentType)
			.where(eq(appointmentType.providerTypeId, String(typeId)))
	)[0]!;
const webhookBody = (action: string, id: number, calendarID: number, appointmentTypeID: number) =>
	new TextEncoder().encode(`action=${action}&id=${id}&calendarID=${calendarID}&appointmentTypeID=${appointmentTypeID}`);

describe('scheduling through Acuity', () => {
	it('imports specialists, exam types and intake forms from the catalogue', async () => {
		const sydney = await localSpecialist(demo.calendars.sydney.id);
		expect(sydney.timeZone).toBe(demo.calendars.sydney.timezone);
		const ime = await localType(demo.types.ime.id);
		expect(ime.durationMinutes).toBe(demo.types.ime.duration);
		expect(ime.intakeFields.length).toBeGreaterThan(0);
		// Syncing again changes nothing.
		await service.syncCatalogue();
		expect(await app.database.db.$count(specialist)).toBe(3);
	});

	it("keeps an admin's choice not to offer an exam type through the next sync; Acuity can withdraw one, only an admin offers it again", async () => {
		const telehealth = await localType(demo.types.telehealth.id);
		await app.database.db.update(appointmentType).set({ active: false }).where(eq(appointmentType.id, telehealth.id));
		await service.syncCatalogue();
		expect((await localType(demo.types.telehealth.id)).active).toBe(false);

		const fileReview = await localType(demo.types.fileReview.id);
		expect(fileReview.active).toBe(true);
		const upstream = fake.state.appointmentTypes.find((t) => t.id === demo.types.fileReview.id)!;
		upstream.active = false;
		try {
			await service.syncCatalogue();
			expect((await localType(demo.types.fileReview.id)).active).toBe(false);
			upstream.active = true;
			await service.syncCatalogue();
			expect((await localType(demo.types.fileReview.id)).active).toBe(false);
		} finally {
			upstream.active = true;
			await app.database.db
				.update(appointmentType)
				.set({ active: true })
				.where(eq(appointmentType.providerTypeId, String(demo.types.fileReview.id)));
			await app.database.db.update(appointmentType).set({ active: true }).where(eq(appointmentType.id, telehealth.id));
		}
	});

	it('finds the next available time, and serves stale availability, marked, while Acuity fails', async () => {
		const sydney = await localSpecialist(demo.calendars.sydney.id);
		const ime = await localType(demo.types.ime.id);
		const next = await service.nextAvailable(sydney.id, ime.id);
		expect(next.value).not.toBeNull();
		expect(next.stale).toBe(false);
		const month = next.value!.startsAt.slice(0, 7);
		const fresh = await service.availableDates(sydney.id, ime.id, month, sydney.timeZone);
		fake.faults.set({ status: 503 });
		try {
			const started = Date.now();
			const during = await service.availableDates(sydney.id, ime.id, month, sydney.timeZone);
			expect(during).toEqual({ value: fresh.value, stale: true });
			expect(Date.now() - started).toBeLessThan(3000);
		} finally {
			fake.faults.clear();
		}
	});

	it('reads the times ahead once the ids are known, in place of their own read, holds still subtracted', async () => {
		const cache = new MemoryCache();
		const s = new SchedulingService({
			db: app.database.db,
			cipher: app.cipher,
			provider,
			cache,
			logger: app.logger,
			dbKind: app.database.kind,
			now: () => NOW
		});
		const sydney = await localSpecialist(demo.calendars.sydney.id);
		const ime = await localType(demo.types.ime.id);
		const tz = sydney.timeZone;
		// Ids not known here yet: nothing is read ahead.
		expect(s.prefetchTimes(sydney.id, ime.id, '2027-05-03', tz)).toBeNull();
		const [date, otherDate] = (await s.availableDates(sydney.id, ime.id, '2027-05', tz)).value;
		const first = await s.availableTimes(sydney.id, ime.id, date!, tz);
		expect(first.value.length).toBeGreaterThan(1);
		await s.hold({
			holderKey: 'prefetch-holder-0001',
			specialistId: sydney.id,
			appointmentTypeId: ime.id,
			startsAt: new Date(first.value[0]!.startsAt)
		});
		try {
			const getMany = vi.spyOn(cache, 'getMany');
			const early = s.prefetchTimes(sydney.id, ime.id, date!, tz);
			expect(early).not.toBeNull();
			const read = await s.availableTimes(sydney.id, ime.id, date!, tz, undefined, early);
			// One round trip, the one started ahead; the hold placed before it is seen.
			expect(getMany).toHaveBeenCalledTimes(1);
			// The held time (and what its busy time covers) is gone, as from a read of its own.
			expect(read.value.map((v) => v.startsAt)).not.toContain(first.value[0]!.startsAt);
			expect(read.value.length).toBeLessThan(first.value.length);
			expect(read.value).toEqual((await s.availableTimes(sydney.id, ime.id, date!, tz)).value);
			// Read ahead for another day: not used for this one (its own read as well).
			getMany.mockClear();
			const other = s.prefetchTimes(sydney.id, ime.id, otherDate!, tz);
			const again = await s.availableTimes(sydney.id, ime.id, date!, tz, undefined, other);
			expect(getMany).toHaveBeenCalledTimes(2);
			expect(again.value).toEqual(read.value);
			getMany.mockRestore();
		} finally {
			await s.release('prefetch-holder-0001');
		}
		expect((await s.availableTimes(sydney.id, ime.id, date!, tz, undefined, s.prefetchTimes(sydney.id, ime.id, date!, tz))).value).toEqual(
			first.value
		);
	});

	it('keeps serving marked-stale times through a hold, and through an invalidation, while Acuity is down', async () => {
		const brisbane = await localSpecialist(demo.calendars.brisbane.id);
		const review = await localType(demo.types.fileReview.id);
		const [date] = (await service.availableDates(brisbane.id, review.id, '2027-05', brisbane.timeZone)).value;
		const before = await service.availableTimes(brisbane.id, review.id, date!, brisbane.timeZone);
		expect(before.value.length).toBeGreaterThan(2);
		const held = before.value[0]!.startsAt;
		fake.faults.set({ status: 503 });
		try {
			await service.hold({
				holderKey: 'outage-holder-0001',
				specialistId: brisbane.id,
				appointmentTypeId: review.id,
				startsAt: new Date(held)
			});
			const during = await service.availableTimes(brisbane.id, review.id, date!, brisbane.timeZone);
			expect(during.stale).toBe(true);
			expect(during.value.map((v) => v.startsAt)).toEqual(before.value.slice(1).map((v) => v.startsAt));
			// The holder still sees their own time.
			expect(
				(await service.availableTimes(brisbane.id, review.id, date!, brisbane.timeZone, 'outage-holder-0001')).value[0]?.startsAt
			).toBe(held);
			// A webhook's invalidation during the outage: the last answer, marked, rather than an error.
			await service.invalidate(brisbane.id);
			const after = await service.availableTimes(brisbane.id, review.id, date!, brisbane.timeZone);
			expect(after.stale).toBe(true);
			expect(after.value.length).toBe(before.value.length - 1);
		} finally {
			fake.faults.clear();
			await service.release('outage-holder-0001');
		}
	});

	it('rejects a forged or unsigned webhook and changes nothing', async () => {
		const direct = fake.createDirect({
			calendarID: demo.calendars.adelaide.id,
			appointmentTypeID: demo.types.ime.id,
			startsAt: '2027-05-04T10:00:00+0930',
			firstName: 'Direct',
			lastName: 'Booking'
		});
		const body = webhookBody('appointment.scheduled', direct.id, direct.calendarID, direct.appointmentTypeID);
		expect((await service.handleWebhook(body, null)).status).toBe('rejected');
		expect((await service.handleWebhook(body, acuitySignature(body, 'not-the-key'))).status).toBe('rejected');
		expect(await app.database.db.$count(appointment, eq(appointment.providerAppointmentId, String(direct.id)))).toBe(0);
	});

	it('applies one webhook delivered five times once, and the appointment waits to be attached', async () => {
		const direct = fake.createDirect({
			calendarID: demo.calendars.brisbane.id,
			appointmentTypeID: demo.types.ime.id,
			startsAt: '2027-05-05T09:00:00+1000',
			firstName: 'Five',
			lastName: 'Times'
		});
		const body = webhookBody('appointment.scheduled', direct.id, direct.calendarID, direct.appointmentTypeID);
		const signature = acuitySignature(body, fake.apiKey);
		const results = [];
		for (let i = 0; i < 5; i++) results.push(await service.handleWebhook(body, signature));
		expect(results.map((r) => r.status)).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
		const rows = await app.database.db
			.select()
			.from(appointment)
			.where(eq(appointment.providerAppointmentId, String(direct.id)));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ source: 'upstream', organizationId: null, status: 'confirmed' });
		expect((await service.unattached()).map((u) => u.id)).toContain(rows[0]!.id);
		// The client's name is stored encrypted, never in clear.
		expect(rows[0]!.clientEncrypted).not.toContain('Times');
	});

	it('follows a reschedule and a cancellation made in Acuity', async () => {
		const direct = fake.createDirect({
			calendarID: demo.calendars.sydney.id,
			appointmentTypeID: demo.types.ime.id,
			startsAt: '2027-05-06T09:00:00+1000',
			firstName: 'Moving',
			lastName: 'Person'
		});
		const sign = (b: Uint8Array) => acuitySignature(b, fake.apiKey);
		const created = webhookBody('appointment.scheduled', direct.id, direct.calendarID, direct.appointmentTypeID);
		await service.handleWebhook(created, sign(created));
		await provider.reschedule(String(direct.id), { startsAt: new Date('2027-05-07T00:00:00Z') });
		const moved = webhookBody('appointment.rescheduled', direct.id, direct.calendarID, direct.appointmentTypeID);
		expect(await service.handleWebhook(moved, sign(moved))).toEqual({ status: 'applied', outcome: 'moved' });
		await provider.cancel(String(direct.id));
		const cancelled = webhookBody('appointment.canceled', direct.id, direct.calendarID, direct.appointmentTypeID);
		expect(await service.handleWebhook(cancelled, sign(cancelled))).toEqual({ status: 'applied', outcome: 'cancelled' });
	});

	it('reconciles: an appointment whose webhook never came, and one whose local commit never happened', async () => {
		const silent = fake.createDirect({
			calendarID: demo.calendars.adelaide.id,
			appointmentTypeID: demo.types.telehealth.id,
			startsAt: '2027-05-10T11:00:00+0930',
			firstName: 'No',
			lastName: 'Webhook'
		});
		// Our own booking: Acuity has it (with our key in its notes) but the process died before the local commit.
		const orphan = await provider.create({
			calendarId: String(demo.calendars.sydney.id),
			appointmentTypeId: String(demo.types.ime.id),
			startsAt: new Date('2027-05-11T00:00:00Z'),
			client: { firstName: 'Orphan', lastName: 'Case', email: 'orphan@example.com' },
			idempotencyKey: 'orphan-key-0001'
		});
		expect(orphan.notes).toContain(refMarker('orphan-key-0001'));
		const report = await service.reconcile({ from: new Date('2027-05-01T00:00:00Z'), to: new Date('2027-06-01T00:00:00Z') });
		expect(report.created).toBeGreaterThanOrEqual(2);
		const [found] = await app.database.db
			.select()
			.from(appointment)
			.where(eq(appointment.providerAppointmentId, String(silent.id)));
		expect(found?.status).toBe('confirmed');
		const [repaired] = await app.database.db.select().from(appointment).where(eq(appointment.idempotencyKey, 'orphan-key-0001'));
		expect(repaired?.providerAppointmentId).toBe(orphan.id);
		// A second run finds nothing left to repair.
		const again = await service.reconcile({ from: new Date('2027-05-01T00:00:00Z'), to: new Date('2027-06-01T00:00:00Z') });
		expect(again).toMatchObject({ created: 0, moved: 0, cancelled: 0 });
	});

	it('cancels locally an appointment Acuity no longer has', async () => {
		const direct = fake.createDirect({
			calendarID: demo.calendars.brisbane.id,
			appointmentTypeID: demo.types.ime.id,
			startsAt: '2027-05-12T09:00:00+1000'
		});
		await service.reconcile({ from: new Date('2027-05-11T00:00:00Z'), to: new Date('2027-05-13T00:00:00Z') });
		fake.state.appointments = fake.state.appointments.filter((a) => a.id !== direct.id);
		const report = await service.reconcile({ from: new Date('2027-05-11T00:00:00Z'), to: new Date('2027-05-13T00:00:00Z') });
		expect(report.cancelled).toBe(1);
		const [row] = await app.database.db
			.select()
			.from(appointment)
			.where(and(eq(appointment.provider, 'acuity'), eq(appointment.providerAppointmentId, String(direct.id))));
		expect(row?.status).toBe('cancelled');
	});
});

describe('the webhook endpoint', () => {
	it('answers 401 to a bad signature and audits it', async () => {
		const { POST } = await import('../../../../routes/api/webhooks/acuity/+server');
		const scheduled = { ...app, scheduling: service };
		const request = new Request('http://localhost/api/webhooks/acuity', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-acuity-signature': 'forged' },
			body: 'action=appointment.scheduled&id=1&calendarID=1&appointmentTypeID=1'
		});
		const meta = { ip: '203.0.113.50', userAgent: 'Acuity', requestId: 'wh-401', headers: new Headers() };
		const response = await POST({ request, locals: localsOf(scheduled, meta, null) } as unknown as Parameters<typeof POST>[0]);
		expect(response.status).toBe(401);
		const rows = await app.database.db.select().from(auditLog).where(eq(auditLog.requestId, 'wh-401'));
		expect(rows.map((r) => [r.action, r.outcome])).toEqual([['scheduling.webhook_rejected', 'denied']]);
	});
});
