/**
 * Admins edit a specialist: the profile (directory order, shown or hidden), the weekly hours and a
 * date off — which the availability follows at once (the cache is dropped) — and the exam types
 * offered; exam types get our own labels and order. Bad input names the field; all audited.
 */
import { CalendarDate, getDayOfWeek, today } from '@internationalized/date';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import { appointmentType, auditLog, specialist } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';

let app: TestApp;
const call = createCallerFactory(appRouter);
let admin: Awaited<ReturnType<typeof signIn>>;
let referrer: Awaited<ReturnType<typeof signIn>>;
let samId: string;
let imeId: string;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
	referrer = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
	samId = (await app.database.db.select().from(specialist).where(eq(specialist.displayName, 'Dr Sam Specialist')))[0]!.id;
	imeId = (await app.database.db.select().from(appointmentType).where(eq(appointmentType.name, 'IME — in person')))[0]!.id;
});
afterAll(() => app.close());

const api = () => call(localsOf(app, { ...admin.meta, requestId: crypto.randomUUID() }, admin.signedIn)).admin.specialists;
const referrerApi = () => call(localsOf(app, referrer.meta, referrer.signedIn));

/** The next Monday at least two weeks away (past the minimum notice), as YYYY-MM-DD. */
function nextMonday(): CalendarDate {
	let d = today('Australia/Sydney').add({ days: 14 });
	while (getDayOfWeek(d, 'en-AU') !== 0) d = d.add({ days: 1 });
	return d;
}
const timesOn = async (date: string) => (await app.scheduling.availableTimes(samId, imeId, date, 'Australia/Sydney')).value;

describe('specialist editor', () => {
	it('weekly hours and a day off change the times offered at once', async () => {
		const monday = nextMonday().toString();
		expect((await timesOn(monday)).length).toBeGreaterThan(0);
		const current = await api().get({ id: samId });
		expect(current.days[0]).toBe('9:00-12:00, 13:00-17:00');

		await api().setWeeklyHours({ id: samId, days: ['', ...current.days.slice(1)] });
		expect(await timesOn(monday)).toEqual([]);
		await api().setWeeklyHours({ id: samId, days: ['10:00-11:00', ...current.days.slice(1)] });
		const times = await timesOn(monday);
		expect(times.length).toBeGreaterThan(0);
		expect(times.every((t) => new Date(t.startsAt).getTime() >= new Date(`${monday}T10:00:00+11:00`).getTime() - 3600_000 * 2)).toBe(true);

		await api().setDateOverride({ id: samId, date: monday, hours: '', note: 'Annual leave' });
		expect(await timesOn(monday)).toEqual([]);
		const withOverride = await api().get({ id: samId });
		expect(withOverride.overrides[0]).toMatchObject({ date: monday, closed: true, note: 'Annual leave' });
		await api().removeDateOverride({ id: samId, overrideId: withOverride.overrides[0]!.id });
		expect((await timesOn(monday)).length).toBeGreaterThan(0);
		await api().setWeeklyHours({ id: samId, days: current.days });

		const audits = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'specialist.update'), eq(auditLog.resourceId, samId)));
		expect(audits.map((a) => (a.details as { what: string }).what)).toEqual(
			expect.arrayContaining(['weekly_hours', 'date_override', 'date_override_removed'])
		);
	});

	it('names the weekday whose hours cannot be read', async () => {
		await expect(api().setWeeklyHours({ id: samId, days: ['9-5', '', '', '', '', '', ''] })).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			cause: { issues: [{ path: ['days', 0] }] }
		});
	});

	it('directory order, hiding, and the exam types offered are what referrers see', async () => {
		const directory = async () => (await referrerApi().scheduling.directory({ appointmentTypeId: imeId })).map((s) => s.displayName);
		const before = await directory();
		expect(before).toContain('Dr Sam Specialist');
		const sam = await api().get({ id: samId });
		const profile = {
			displayName: sam.displayName,
			title: 'Dr',
			specialty: sam.specialty,
			registrationNumber: 'MED0001234567',
			location: sam.location,
			state: 'NSW' as const,
			timeZone: 'Australia/Sydney' as const,
			modes: sam.modes as ('in_person' | 'telehealth')[],
			active: true
		};
		await api().updateProfile({ id: samId, profile: { ...profile, displayOrder: 99 } });
		expect((await directory()).at(-1)).toBe('Dr Sam Specialist');
		await api().updateProfile({ id: samId, profile: { ...profile, displayOrder: -1 } });
		expect((await directory())[0]).toBe('Dr Sam Specialist');
		await api().updateProfile({ id: samId, profile: { ...profile, displayOrder: 0, active: false } });
		expect(await directory()).not.toContain('Dr Sam Specialist');
		await api().updateProfile({ id: samId, profile: { ...profile, displayOrder: 0 } });

		const offered = sam.types.filter((t) => t.offered).map((t) => t.id);
		// The wizard's first step counts the specialists offering each type.
		const offering = async () => (await referrerApi().scheduling.catalogue()).find((t) => t.id === imeId)?.specialists;
		const offeringBefore = await offering();
		expect(offeringBefore).toBe((await directory()).length);
		await api().setOfferedTypes({ id: samId, typeIds: offered.filter((t) => t !== imeId) });
		expect(await directory()).not.toContain('Dr Sam Specialist');
		expect(await offering()).toBe(offeringBefore! - 1);
		await api().setOfferedTypes({ id: samId, typeIds: offered });
		expect(await directory()).toContain('Dr Sam Specialist');
		expect(await offering()).toBe(offeringBefore);
		await expect(api().updateProfile({ id: samId, profile: { ...profile, registrationNumber: '42' } })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
	});

	it('an exam type’s label and order are what the wizard lists', async () => {
		await api().updateType({ id: imeId, label: 'Independent medical examination (in person)', displayOrder: -5, active: true });
		const types = await referrerApi().scheduling.catalogue();
		expect(types[0]).toMatchObject({ id: imeId, name: 'Independent medical examination (in person)' });
		await api().updateType({ id: imeId, label: '', displayOrder: 0, active: true });
		expect((await referrerApi().scheduling.catalogue()).find((t) => t.id === imeId)?.name).toBe('IME — in person');
	});

	it('a new specialist is listed for admins, and reaches the directory once offering an exam type', async () => {
		const profile = {
			displayName: 'Dr New Starter',
			specialty: 'Psychiatrist',
			location: 'Hobart',
			state: 'TAS' as const,
			timeZone: 'Australia/Hobart' as const,
			modes: ['telehealth' as const]
		};
		const { id } = await api().create(profile);
		expect((await api().list()).find((s) => s.id === id)).toMatchObject({
			displayName: 'Dr New Starter',
			acuity: false,
			types: 0,
			active: true
		});
		const directory = async () => (await referrerApi().scheduling.directory({ appointmentTypeId: imeId })).map((s) => s.displayName);
		expect(await directory()).not.toContain('Dr New Starter');
		await api().setOfferedTypes({ id, typeIds: [imeId] });
		expect(await directory()).toContain('Dr New Starter');
		await expect(api().create({ ...profile, displayName: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(api().get({ id: crypto.randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('is for admins only', async () => {
		await expect(referrerApi().admin.specialists.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
