/**
 * Holds kept between changes (hold-spans.ts), with two instances sharing the database and the cache:
 * a hold placed or released through either is seen by the other on its next read, an expired hold
 * frees its time without any change, and a change whose generation was never written is seen once
 * the kept answer is too old.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appointmentType, specialist } from '../../db/schema';
import { createTestApp, type TestApp } from '../../testing/app';
import { testAcuityProvider } from '../../testing/acuity-provider';
import { startFakeAcuity, type DemoCatalogue, type FakeAcuity } from '../../testing/fake-acuity';
import { SchedulingService } from './scheduling';
import { MemoryCache, type Cache } from '../cache/cache';
import { placeHold } from './holds';
import { HoldSpans } from './hold-spans';

let app: TestApp;
let fake: FakeAcuity;
let demo: DemoCatalogue;
let now = new Date('2027-04-20T00:00:00Z');
let clock = 0;
/** The cache both instances share (Redis in production). */
const shared = new MemoryCache();
let a: SchedulingService;
let b: SchedulingService;
let specialistId: string;
let typeId: string;
let timeZone: string;
let date: string;

const instance = (cache: Cache) =>
	new SchedulingService({
		db: app.database.db,
		cipher: app.cipher,
		provider: testAcuityProvider(fake, app.logger),
		cache,
		logger: app.logger,
		dbKind: app.database.kind,
		now: () => now,
		holdSpanOptions: { maxAgeMs: 2000, clock: () => clock }
	});

beforeAll(async () => {
	app = await createTestApp();
	fake = await startFakeAcuity({ userId: '4243', apiKey: 'fake-acuity-key', now: () => now });
	demo = fake.seed.demo();
	a = instance(shared);
	b = instance(shared);
	await a.syncCatalogue();
	const [s] = await app.database.db
		.select()
		.from(specialist)
		.where(eq(specialist.providerCalendarId, String(demo.calendars.brisbane.id)));
	const [t] = await app.database.db
		.select()
		.from(appointmentType)
		.where(eq(appointmentType.providerTypeId, String(demo.types.fileReview.id)));
	specialistId = s!.id;
	typeId = t!.id;
	timeZone = s!.timeZone;
	date = (await a.availableDates(specialistId, typeId, '2027-05', timeZone)).value[0]!;
});
afterAll(async () => {
	await fake.close();
	await app.close();
});

const startsOf = async (s: SchedulingService, holderKey?: string) =>
	(await s.availableTimes(specialistId, typeId, date, timeZone, holderKey)).value.map((v) => v.startsAt);

describe('holds kept between changes', () => {
	it('reads the holds once while nothing changes, and hides a hold placed on another instance at once', async () => {
		const all = await startsOf(b);
		expect(all.length).toBeGreaterThan(2);
		const read = b.holdSpans.stats.read;
		expect(await startsOf(b)).toEqual(all);
		expect(await startsOf(b)).toEqual(all);
		expect(b.holdSpans.stats.read).toBe(read);

		await a.hold({ holderKey: 'kept-holder-0001', specialistId, appointmentTypeId: typeId, startsAt: new Date(all[0]!) });
		expect(await startsOf(b)).toEqual(all.slice(1));
		// Its holder still sees it.
		expect((await startsOf(b, 'kept-holder-0001'))[0]).toBe(all[0]);

		await a.release('kept-holder-0001');
		expect(await startsOf(b)).toEqual(all);
	});

	it('frees the time at once on the specialist a holder moves away from', async () => {
		const [other] = await app.database.db
			.select()
			.from(specialist)
			.where(eq(specialist.providerCalendarId, String(demo.calendars.adelaide.id)));
		const otherDate = (await a.availableDates(other!.id, typeId, '2027-05', other!.timeZone)).value[0]!;
		const [otherStart] = (await a.availableTimes(other!.id, typeId, otherDate, other!.timeZone)).value;
		const all = await startsOf(b);
		await a.hold({ holderKey: 'kept-holder-0005', specialistId, appointmentTypeId: typeId, startsAt: new Date(all[3]!) });
		try {
			expect(await startsOf(b)).toEqual(all.filter((_, i) => i !== 3));
			// The same draft now holds a time with another specialist: no clock moves, yet b sees the first time free.
			await a.hold({
				holderKey: 'kept-holder-0005',
				specialistId: other!.id,
				appointmentTypeId: typeId,
				startsAt: new Date(otherStart!.startsAt)
			});
			expect(await startsOf(b)).toEqual(all);
		} finally {
			await a.release('kept-holder-0005');
		}
	});

	it('frees an expired hold’s time without any change to the holds', async () => {
		const all = await startsOf(b);
		await a.hold({ holderKey: 'kept-holder-0002', specialistId, appointmentTypeId: typeId, startsAt: new Date(all[1]!) });
		expect(await startsOf(b)).toEqual(all.filter((_, i) => i !== 1));
		const read = b.holdSpans.stats.read;
		const at = now;
		now = new Date(at.getTime() + 11 * 60_000); // past the 10-minute hold
		try {
			expect(await startsOf(b)).toEqual(all);
			expect(b.holdSpans.stats.read).toBe(read);
		} finally {
			now = at;
			await a.release('kept-holder-0002');
		}
	});

	it('sees a hold whose generation was never written once the kept answer is older than maxAgeMs', async () => {
		const all = await startsOf(b);
		// Placed straight in the database: no instance was told.
		await placeHold(
			app.database.db,
			{ holderKey: 'kept-holder-0003', specialistId, appointmentTypeId: typeId, startsAt: new Date(all[2]!) },
			now
		);
		try {
			expect(await startsOf(b)).toEqual(all);
			clock += 2000;
			expect(await startsOf(b)).toEqual(all.filter((_, i) => i !== 2));
		} finally {
			await a.release('kept-holder-0003');
		}
	});

	it('places a hold even when the generation cannot be written, and each instance then sees it within maxAgeMs', async () => {
		const failing: Cache = Object.assign(Object.create(shared) as Cache, {
			set: () => Promise.reject(new Error('cache down'))
		});
		const c = instance(failing);
		const all = await startsOf(b);
		await expect(
			c.hold({ holderKey: 'kept-holder-0004', specialistId, appointmentTypeId: typeId, startsAt: new Date(all[0]!) })
		).resolves.toMatchObject({ holderKey: 'kept-holder-0004' });
		try {
			clock += 2000;
			expect(await startsOf(b)).toEqual(all.slice(1));
		} finally {
			await a.release('kept-holder-0004');
		}
	});

	it('starts a generation when there is none, and keeps nothing under one it did not start', async () => {
		const cache = new MemoryCache();
		const spans = new HoldSpans(app.database.db, cache, { clock: () => clock });
		const from = new Date(now.getTime() - 86_400_000);
		const to = new Date(now.getTime() + 60 * 86_400_000);
		await spans.spans(specialistId, from, to, now, null);
		const generation = (await cache.get(HoldSpans.generationKey(specialistId)))!;
		expect(generation).toBeTruthy();
		await spans.spans(specialistId, from, to, now, generation);
		expect(spans.stats).toEqual({ kept: 1, read: 1 });
		// Another reader started one meanwhile (this one saw none): read, not kept.
		const other = new HoldSpans(app.database.db, cache, { clock: () => clock });
		await other.spans(specialistId, from, to, now, null);
		await other.spans(specialistId, from, to, now, generation);
		expect(other.stats).toEqual({ kept: 0, read: 2 });
		// A cache that cannot start one: read, not kept, and no error.
		const down: Cache = Object.assign(Object.create(cache) as Cache, { setIfAbsent: () => Promise.reject(new Error('cache down')) });
		const third = new HoldSpans(app.database.db, down, { clock: () => clock });
		await expect(third.spans('00000000-0000-4000-8000-000000000000', from, to, now, null)).resolves.toEqual([]);
		expect(third.stats).toEqual({ kept: 0, read: 1 });
	});
});
