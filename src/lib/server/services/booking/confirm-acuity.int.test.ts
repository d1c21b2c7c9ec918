/**
 * Confirming through Acuity (the fake server): one key sent 20 times at once makes one booking and
 * one upstream appointment; overlapping confirmations make exactly one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appointment, appointmentType, booking, specialist } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { actorById, createTestApp, signIn, type TestApp } from '../../testing/app';
import type { SignedIn } from '../../auth/session';
import { AcuityProvider } from '../scheduling/acuity/acuity-provider';
import { startFakeAcuity, type FakeAcuity } from '../../testing/fake-acuity';
import { refMarker } from '../scheduling/provider';
import { SchedulingService } from '../scheduling/scheduling';
import { confirmBooking } from './confirm';
import { createDraft, saveDraft } from './drafts';
import { reschedule } from './booking-lifecycle';
import { actorFor } from '../../auth/actor';
import type { ProviderAppointment } from '../scheduling/provider';
import { busyIntervalOf } from '../scheduling/builtin/availability';
import { insertAppointment } from '../../repositories/appointments.repository';
import { testDbKind } from '../../testing/db';
import { deadlocked, untilAWriteWaits } from '../../testing/lock-waits';

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
	email: '',
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
	app.scheduling = new SchedulingService({
		db: app.database.db,
		cipher: app.cipher,
		provider,
		cache: app.cache,
		logger: app.logger,
		dbKind: app.database.kind,
		now: () => NOW
	});
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
	// Answer every synced intake question with something its type accepts.
	const [type] = await app.database.db.select().from(appointmentType).where(eq(appointmentType.id, typeId));
	intake = Object.fromEntries(
		type!.intakeFields.map((f) => [
			`q_${f.id}`,
			f.type === 'yesno'
				? 'no'
				: f.type === 'dropdown'
					? f.options[0]!
					: f.type === 'checkboxlist'
						? [f.options[0]!]
						: f.type === 'checkbox'
							? 'yes'
							: 'Answer'
		])
	);
});
afterAll(async () => {
	await fake.close();
	await app.close();
});

async function readyDraft(startsAt: string) {
	const d = await createDraft(app, referrer, {});
	await saveDraft(app, referrer, d.id, { appointmentTypeId: typeId, specialistId, startsAt, examinee, intake });
	return d.id;
}

async function firstTimes() {
	const { value } = await app.scheduling.availableTimes(specialistId, typeId, '2027-05-05', 'Australia/Sydney');
	return value.map((s) => s.startsAt);
}

describe('confirming through Acuity', () => {
	it('makes one booking and one upstream appointment for one key sent 20 times at once', async () => {
		const [t] = await firstTimes();
		const draftId = await readyDraft(t!);
		const results = await Promise.allSettled(
			Array.from({ length: 20 }, () => confirmBooking(app, referrer, actorById(referrer.user.id), draftId))
		);
		const ids = new Set(
			results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ bookingId: string }>).value.bookingId)
		);
		expect(ids.size).toBe(1);
		expect(await app.database.db.$count(booking, eq(booking.idempotencyKey, draftId))).toBe(1);
		expect(fake.state.appointments.filter((a) => a.notes.includes(refMarker(draftId)) && !a.canceled)).toHaveLength(1);
	});

	it('lets exactly one of several overlapping confirmations through', async () => {
		const times = await firstTimes();
		const drafts = await Promise.all(Array.from({ length: 10 }, () => readyDraft(times[1]!)));
		const results = await Promise.allSettled(drafts.map((d) => confirmBooking(app, referrer, actorById(referrer.user.id), d)));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ kind: 'slot_unavailable' });
	});
});

/**
 * Other writers in the way of a confirmation's local half, made on purpose (PostgreSQL only, where
 * transactions run side by side): the webhook's sync recording the same upstream appointment at the
 * same moment, and a deadlock with a write of an overlapping time while the booking is moved.
 */
describe.skipIf(testDbKind() !== 'postgres')('confirming through Acuity with another writer in the way', () => {
	const db = () => app.database.db;
	const timesOn = async (date: string) =>
		(await app.scheduling.availableTimes(specialistId, typeId, date, 'Australia/Sydney')).value.map((s) => new Date(s.startsAt));
	const typeRow = async () => (await db().select().from(appointmentType).where(eq(appointmentType.id, typeId)))[0]!;
	/** The appointment row as the webhook's sync records an upstream appointment it has not seen. */
	const asTheSyncRecordsIt = async (pa: ProviderAppointment, key: string) => {
		const t = await typeRow();
		const busy = busyIntervalOf(pa.startsAt, t.durationMinutes, t.paddingBeforeMinutes, t.paddingAfterMinutes);
		return {
			provider: app.scheduling.provider.kind,
			providerAppointmentId: pa.id,
			specialistId,
			appointmentTypeId: typeId,
			startsAt: pa.startsAt,
			endsAt: pa.endsAt,
			busyFrom: busy.start,
			busyTo: busy.end,
			source: 'upstream' as const,
			idempotencyKey: key,
			clientEncrypted: app.cipher.encrypt(JSON.stringify({ ...pa.client, fields: pa.fields }), 'appointment-client')
		};
	};
	const rowsOf = (pa: ProviderAppointment) => db().select().from(appointment).where(eq(appointment.providerAppointmentId, pa.id));

	it('claims the appointment the webhook’s sync recorded while the booking was being written', async () => {
		const [at] = await timesOn('2027-05-06');
		const draftId = await readyDraft(at!.toISOString());
		const provider = app.scheduling.provider;
		const realCreate = provider.create.bind(provider);
		let upstream: ProviderAppointment | undefined;
		let sync: Promise<void> | undefined;
		let waited = false;
		// The webhook arrives as soon as Acuity has the appointment: its sync's insert is not yet
		// committed when the booking's transaction writes the same upstream id, and commits while it waits.
		provider.create = async (input) => {
			upstream = await realCreate(input);
			const row = await asTheSyncRecordsIt(upstream, draftId);
			let inserted!: () => void;
			const ready = new Promise<void>((r) => (inserted = r));
			sync = db().transaction(async (tx) => {
				await insertAppointment(tx, row);
				inserted();
				waited = await untilAWriteWaits(db());
			});
			await Promise.race([ready, sync]);
			return upstream;
		};
		let bookingId: string;
		try {
			({ bookingId } = await confirmBooking(app, referrer, actorById(referrer.user.id), draftId));
		} finally {
			provider.create = realCreate;
		}
		await sync;
		expect(waited).toBe(true);
		const rows = await rowsOf(upstream!);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ source: 'portal', idempotencyKey: draftId });
		const [b] = await db().select().from(booking).where(eq(booking.id, bookingId));
		expect(b).toMatchObject({ appointmentId: rows[0]!.id, idempotencyKey: draftId });
		expect(rows[0]!.organizationId).toBe(b!.organizationId);
	});

	it('lets the webhook’s sync wait for the booking’s own record of an appointment, then read it', async () => {
		const [, at] = await timesOn('2027-05-06');
		const key = crypto.randomUUID();
		const ids = await app.scheduling.providerIds(specialistId, typeId);
		const pa = await app.scheduling.provider.create({
			startsAt: at!,
			appointmentTypeId: ids.typeId,
			calendarId: ids.calendarId,
			client: { firstName: 'Ida', lastName: 'Upstream', email: '' },
			idempotencyKey: key
		});
		let applying: Promise<unknown> | undefined;
		let waited = false;
		await db().transaction(async (tx) => {
			// What a confirmation's transaction writes: the same upstream id, the portal's own row.
			await insertAppointment(tx, { ...(await asTheSyncRecordsIt(pa, key)), source: 'portal' });
			applying = app.scheduling.applyUpstream(pa);
			applying.catch(() => undefined);
			waited = await untilAWriteWaits(db());
		});
		expect(waited).toBe(true);
		await expect(applying).resolves.toBe('unchanged');
		const rows = await rowsOf(pa);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.source).toBe('portal');
	});

	it('moves a booking whose local write was chosen as a deadlock’s victim, once the other write rolled back', async () => {
		const [from, , , to] = await timesOn('2027-05-07');
		const { bookingId } = await confirmBooking(app, referrer, actorById(referrer.user.id), await readyDraft(from!.toISOString()));
		// Two short appointments of another source inside the new time's busy span, apart from each other.
		const other = (offsetMinutes: number) => {
			const startsAt = new Date(to!.getTime() + offsetMinutes * 60_000);
			const id = crypto.randomUUID();
			return {
				provider: 'builtin',
				providerAppointmentId: id,
				specialistId,
				appointmentTypeId: typeId,
				startsAt,
				endsAt: new Date(startsAt.getTime() + 60_000),
				busyFrom: startsAt,
				busyTo: new Date(startsAt.getTime() + 60_000),
				idempotencyKey: id,
				clientEncrypted: app.cipher.encrypt('{}', 'appointment-client')
			};
		};
		const { waited, result } = await deadlocked(
			db(),
			(tx, which) => insertAppointment(tx, other(which === 'first' ? 0 : 2)),
			() => reschedule(app, actorFor({ ip: null, userAgent: null, requestId: null }, referrer), { kind: 'all' }, bookingId, to!)
		);
		expect(waited).toEqual([true, true]);
		const moved = await result;
		expect(moved.startsAt).toEqual(to);
		const [a] = await db()
			.select()
			.from(appointment)
			.innerJoin(booking, eq(booking.appointmentId, appointment.id))
			.where(eq(booking.id, bookingId));
		expect(a!.appointment.startsAt).toEqual(to);
	});
});
