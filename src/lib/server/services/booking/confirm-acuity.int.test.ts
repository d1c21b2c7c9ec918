/**
 * Confirming through Acuity (the fake server): one key sent 20 times at once makes one booking and
 * one upstream appointment; overlapping confirmations make exactly one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appointmentType, booking, specialist } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { actorById, createTestApp, signIn, type TestApp } from '../../testing/app';
import type { SignedIn } from '../../auth/session';
import { AcuityProvider } from '../scheduling/acuity/acuity-provider';
import { startFakeAcuity, type FakeAcuity } from '../../testing/fake-acuity';
import { refMarker } from '../scheduling/provider';
import { SchedulingService } from '../scheduling/scheduling';
import { confirmBooking } from './confirm';
import { createDraft, saveDraft } from './drafts';

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
