/**
 * One contract, both providers: the built-in scheduler on the database and Acuity (through the
 * fake Acuity server). Whatever the provider, callers see the same behaviour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { specialist } from '../../db/schema';
import { seedDemo } from '../../demo/seed';
import { createTestApp, type TestApp } from '../../testing/app';
import { AcuityProvider } from './acuity/acuity-provider';
import { startFakeAcuity, type FakeAcuity } from '../../testing/fake-acuity';
import { BuiltinProvider } from './builtin/builtin-provider';
import type { SchedulingProvider } from './provider';

/** Both providers believe it is Monday 3 May 2027, 08:00 in Sydney. */
const NOW = new Date('2027-05-02T22:00:00Z');
const client = { firstName: 'Contract', lastName: 'Test', email: 'contract@example.com' };

interface Subject {
	provider: SchedulingProvider;
	calendarId: string;
	timeZone: string;
	close(): Promise<void>;
}

const subjects: Record<string, () => Promise<Subject>> = {
	builtin: async () => {
		const app: TestApp = await createTestApp();
		await seedDemo(app);
		const [sam] = await app.database.db.select().from(specialist).where(eq(specialist.displayName, 'Dr Sam Specialist'));
		return {
			provider: new BuiltinProvider(app.database.db, app.cipher, () => NOW),
			calendarId: sam!.id,
			timeZone: sam!.timeZone,
			close: () => app.close()
		};
	},
	acuity: async () => {
		const fake: FakeAcuity = await startFakeAcuity({ now: () => NOW });
		const demo = fake.seed.demo();
		const app = await createTestApp();
		const provider = new AcuityProvider({
			baseUrl: fake.url,
			userId: fake.userId,
			apiKey: fake.apiKey,
			logger: app.logger,
			timeoutMs: 2000
		});
		return {
			provider,
			calendarId: String(demo.calendars.sydney.id),
			timeZone: demo.calendars.sydney.timezone,
			close: async () => {
				await fake.close();
				await app.close();
			}
		};
	}
};

for (const [name, make] of Object.entries(subjects)) {
	describe(`the ${name} provider`, () => {
		let s: Subject;
		let typeId: string;
		beforeAll(async () => {
			s = await make();
			const types = await s.provider.appointmentTypes();
			const offered = types.find((t) => t.active && t.calendarIds.includes(s.calendarId) && t.durationMinutes === 60);
			typeId = offered!.id;
		});
		afterAll(() => s.close());

		const q = () => ({ calendarId: s.calendarId, appointmentTypeId: typeId, timeZone: s.timeZone });

		it('lists its catalogue: calendars with zones, types with durations, forms', async () => {
			const calendars = await s.provider.calendars();
			expect(calendars.find((c) => c.id === s.calendarId)?.timeZone).toBe(s.timeZone);
			const types = await s.provider.appointmentTypes();
			expect(types.every((t) => t.durationMinutes > 0 && ['in_person', 'telehealth'].includes(t.mode))).toBe(true);
			expect(Array.isArray(await s.provider.forms())).toBe(true);
		});

		it('offers dates of the month and times of a date, after the notice period, inside the month', async () => {
			const dates = await s.provider.availableDates({ ...q(), month: '2027-05' });
			expect(dates.length).toBeGreaterThan(5);
			expect(dates.every((d) => d.startsWith('2027-05-'))).toBe(true);
			const times = await s.provider.availableTimes({ ...q(), date: dates[0]! });
			expect(times.length).toBeGreaterThan(0);
			expect(times.every((t) => t.startsAt.getTime() > NOW.getTime())).toBe(true);
		});

		it('creates an appointment once per key, refuses its time to others, moves it and cancels it', async () => {
			const dates = await s.provider.availableDates({ ...q(), month: '2027-05' });
			const [first] = await s.provider.availableTimes({ ...q(), date: dates[2]! });
			expect((await s.provider.checkTime({ ...q(), startsAt: first!.startsAt })).valid).toBe(true);
			const made = await s.provider.create({ ...q(), startsAt: first!.startsAt, client, idempotencyKey: `contract-${name}-0001` });
			const again = await s.provider.create({ ...q(), startsAt: first!.startsAt, client, idempotencyKey: `contract-${name}-0001` });
			expect(again.id).toBe(made.id);
			expect((await s.provider.get(made.id))?.client.lastName).toBe('Test');
			expect((await s.provider.checkTime({ ...q(), startsAt: first!.startsAt })).valid).toBe(false);
			await expect(
				s.provider.create({ ...q(), startsAt: first!.startsAt, client, idempotencyKey: `contract-${name}-0002` })
			).rejects.toMatchObject({
				kind: 'slot_unavailable'
			});
			const later = (await s.provider.availableTimes({ ...q(), date: dates[3]! }))[0]!;
			const moved = await s.provider.reschedule(made.id, { startsAt: later.startsAt });
			expect(moved.startsAt.getTime()).toBe(later.startsAt.getTime());
			const listed = await s.provider.list({ from: new Date('2027-05-01T00:00:00Z'), to: new Date('2027-06-01T00:00:00Z') });
			expect(listed.map((a) => a.id)).toContain(made.id);
			const cancelled = await s.provider.cancel(made.id);
			expect(cancelled.canceled).toBe(true);
			expect((await s.provider.checkTime({ ...q(), startsAt: later.startsAt })).valid).toBe(true);
		});

		it('answers null for an appointment it does not have', async () => {
			expect(await s.provider.get(name === 'builtin' ? '00000000-0000-4000-8000-000000000000' : '999999999')).toBeNull();
		});
	});
}
