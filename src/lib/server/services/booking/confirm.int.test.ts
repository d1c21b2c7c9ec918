/**
 * Confirming bookings: one booking per key however often it is sent, exactly one winner among
 * concurrent confirmations of overlapping times, the user's data kept when the time is gone, and
 * an interrupted confirmation finished from its draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { appointment, appointmentType, auditLog, booking, bookingDraft, bookingHistory, outbox, specialist } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, signIn, type TestApp } from '../../testing/app';
import type { SignedIn } from '../../auth/session';
import { actorFor } from '../../auth/actor';
import { completeOrphans, confirmBooking } from './confirm';
import { createDraft, getDraft, saveDraft } from './drafts';
import { openExaminee } from './examinee';
import { openMessage } from '../outbox/outbox';

let app: TestApp;
let referrer: SignedIn;
let admin: SignedIn;
let samId: string;
let imeId: string;
const examinee = {
	givenNames: 'Zoë',
	familyName: "O'Brien",
	dateOfBirth: '1975-06-30',
	phone: '0412 345 678',
	email: '',
	address: '12 Harbour Street, Sydney NSW 2000',
	claimNumber: 'WC-1234',
	dateOfInjury: '2026-01-15',
	interpreter: 'no' as const,
	language: '',
	matterReference: 'M-77'
};
const intake = { 'q_body-parts': 'Lower back', 'q_prior-ime': 'no', 'q_claim-type': 'Workers compensation' };
/** The actor of a request by `who`. */
const as = (who: SignedIn) => actorFor({ ip: null, userAgent: null, requestId: 'confirm-test' }, who);

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	referrer = (await signIn(app, 'referrer@demo.test', DEMO_PASSWORD)).signedIn;
	admin = (await signIn(app, 'admin@demo.test', DEMO_PASSWORD)).signedIn;
	[{ id: samId }] = (await app.database.db
		.select({ id: specialist.id })
		.from(specialist)
		.where(eq(specialist.displayName, 'Dr Sam Specialist'))) as [{ id: string }];
	[{ id: imeId }] = (await app.database.db
		.select({ id: appointmentType.id })
		.from(appointmentType)
		.where(eq(appointmentType.name, 'IME — in person'))) as [{ id: string }];
});
afterAll(() => app.close());

/** A free time on the next weekday with availability, at least a week out. */
async function freeTimes(count = 2) {
	const tz = 'Australia/Sydney';
	const month = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 7);
	const { value: dates } = await app.scheduling.availableDates(samId, imeId, month, tz);
	for (const date of dates) {
		const { value } = await app.scheduling.availableTimes(samId, imeId, date, tz);
		if (value.length >= count && date > new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10))
			return value.map((s) => s.startsAt);
	}
	throw new Error('no free day found');
}

async function readyDraft(who: SignedIn, startsAt: string, forUserId?: string) {
	const d = await createDraft(app, who, {}, forUserId);
	await saveDraft(app, who, d.id, { appointmentTypeId: imeId, specialistId: samId, startsAt, examinee, intake });
	return d.id;
}

describe('confirming a booking', () => {
	it('commits the booking with encrypted examinee details, a history row, an audit record and notices', async () => {
		const [t] = await freeTimes();
		const draftId = await readyDraft(referrer, t!);
		const { bookingId } = await confirmBooking(app, referrer, as(referrer), draftId);
		const [b] = await app.database.db.select().from(booking).where(eq(booking.id, bookingId));
		expect(b).toMatchObject({ stage: 'scheduled', status: 'active', ownerUserId: referrer.user.id, createdByUserId: referrer.user.id });
		expect(b!.examineeEncrypted).not.toContain('Brien');
		expect(openExaminee(app.cipher, b!.examineeEncrypted).familyName).toBe("O'Brien");
		expect(await app.database.db.$count(bookingHistory, eq(bookingHistory.bookingId, bookingId))).toBe(1);
		expect(await getDraft(app, referrer, draftId)).toBeNull();
		const messages = await app.database.db.select().from(outbox).where(eq(outbox.template, 'booking_confirmed'));
		expect(messages.length).toBeGreaterThan(0);
		const sent = openMessage(app.cipher, messages.at(-1)!);
		expect(sent.attachments?.[0]?.content).toContain('BEGIN:VEVENT');
		// Emails name no examinee.
		expect(JSON.stringify(sent)).not.toContain('Brien');
	});

	it('makes one booking and one appointment for one key sent 20 times at once, and again afterwards', async () => {
		const [t] = await freeTimes();
		const draftId = await readyDraft(referrer, t!);
		const results = await Promise.allSettled(Array.from({ length: 20 }, () => confirmBooking(app, referrer, as(referrer), draftId)));
		const ids = new Set(results.map((r) => (r.status === 'fulfilled' ? r.value.bookingId : `error:${String(r.reason)}`)));
		expect([...ids]).toHaveLength(1);
		expect([...ids][0]).not.toMatch(/^error/);
		expect((await confirmBooking(app, referrer, as(referrer), draftId)).bookingId).toBe([...ids][0]);
		expect(await app.database.db.$count(booking, eq(booking.idempotencyKey, draftId))).toBe(1);
		expect(await app.database.db.$count(appointment, eq(appointment.idempotencyKey, draftId))).toBe(1);
	});

	it('lets exactly one of 50 concurrent confirmations of overlapping times through; the rest hear the slot is taken', async () => {
		const [a, b] = await freeTimes();
		const drafts = await Promise.all(Array.from({ length: 50 }, (_, i) => readyDraft(referrer, i % 2 ? a! : b!)));
		const results = await Promise.allSettled(drafts.map((d) => confirmBooking(app, referrer, as(referrer), d)));
		const won = results.filter((r) => r.status === 'fulfilled');
		// 09:00 and 09:30 overlap (60 minutes plus 15 after): only one of all 50 can exist.
		expect(won).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ kind: 'slot_unavailable' });
		// The losers' drafts keep everything the user typed.
		const loser = drafts.find((_, i) => results[i]!.status === 'rejected')!;
		expect((await getDraft(app, referrer, loser))?.data.examinee?.familyName).toBe("O'Brien");
	});

	it('books a time inside the free-cancellation period only once the fee is accepted, and records the acceptance', async () => {
		const [t] = await freeTimes();
		const draftId = await readyDraft(referrer, t!);
		// Confirmed the day before the appointment: cancelling would already cost the fee.
		const dayBefore = new Date(new Date(t!).getTime() - 86_400_000);
		await expect(confirmBooking(app, referrer, as(referrer), draftId, { now: dayBefore })).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			field: 'acceptLateFee',
			message: expect.stringContaining('free-cancellation period')
		});
		expect((await getDraft(app, referrer, draftId))?.data.startsAt).toBe(t); // nothing lost
		const { bookingId } = await confirmBooking(app, referrer, as(referrer), draftId, { now: dayBefore, acceptLateFee: true });
		const [record] = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, bookingId), eq(auditLog.action, 'booking.create')));
		expect(record?.details).toEqual({ lateFeeAccepted: true });
		// A week ahead, no acceptance is needed and none is recorded.
		const [u] = await freeTimes();
		const onTime = await confirmBooking(app, referrer, as(referrer), await readyDraft(referrer, u!));
		const [plain] = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, onTime.bookingId), eq(auditLog.action, 'booking.create')));
		expect(plain?.details ?? {}).toEqual({});
	});

	it('records an admin booking on behalf of a referrer with both people', async () => {
		const [t] = await freeTimes();
		const draftId = await readyDraft(admin, t!, referrer.user.id);
		const { bookingId } = await confirmBooking(app, admin, as(admin), draftId);
		const [b] = await app.database.db.select().from(booking).where(eq(booking.id, bookingId));
		expect(b).toMatchObject({
			ownerUserId: referrer.user.id,
			createdByUserId: admin.user.id,
			organizationId: referrer.caller.organizationId
		});
		const [h] = await app.database.db.select().from(bookingHistory).where(eq(bookingHistory.bookingId, bookingId));
		expect(h).toMatchObject({ actorUserId: admin.user.id, onBehalfOfUserId: referrer.user.id });
	});

	it('refuses a draft with missing examinee details, naming the field, and keeps the draft', async () => {
		const [t] = await freeTimes();
		const d = await createDraft(app, referrer, {});
		await saveDraft(app, referrer, d.id, {
			appointmentTypeId: imeId,
			specialistId: samId,
			startsAt: t!,
			examinee: { ...examinee, phone: '' },
			intake
		});
		await expect(confirmBooking(app, referrer, as(referrer), d.id)).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'phone' });
		expect(await getDraft(app, referrer, d.id)).not.toBeNull();
	});

	it('finishes a booking whose process died after the provider call, from its draft', async () => {
		const [t] = await freeTimes();
		const draftId = await readyDraft(referrer, t!);
		// The provider call happened; the local commit did not.
		await app.scheduling.provider.create({
			startsAt: new Date(t!),
			appointmentTypeId: imeId,
			calendarId: samId,
			client: { firstName: 'Z', lastName: 'O', email: 'x@example.com' },
			idempotencyKey: draftId,
			holderKey: draftId
		});
		expect(await app.database.db.$count(booking, eq(booking.idempotencyKey, draftId))).toBe(0);
		// A confirmation still running is left to finish itself.
		expect(await completeOrphans(app)).toBe(0);
		expect(await completeOrphans(app, { minAgeMs: 0 })).toBe(1);
		expect(await app.database.db.$count(booking, eq(booking.idempotencyKey, draftId))).toBe(1);
		expect(await app.database.db.$count(bookingDraft, eq(bookingDraft.id, draftId))).toBe(0);
		expect(await completeOrphans(app, { minAgeMs: 0 })).toBe(0);
	});

	it('keeps drafts private to their author', async () => {
		const d = await createDraft(app, referrer, { appointmentTypeId: imeId });
		const owner = (await signIn(app, 'owner@demo.test', DEMO_PASSWORD)).signedIn;
		expect(await getDraft(app, owner, d.id)).toBeNull();
		await expect(confirmBooking(app, owner, as(owner), d.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
