/**
 * Specialists' locations: admins add, edit, remove and restore them and make one primary (only
 * ever one), bad input names the field, every change is audited, weekly hours name a location, and
 * `locationAt` finds where the specialist is at an instant — by the clinic's clock across daylight
 * saving — falling back to the primary location.
 */
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import { auditLog, specialistLocation, weeklyHours } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { AppError } from '../../errors';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { actorFor } from '../../auth/actor';
import { addLocation, editLocation, listLocations, locationAt, makePrimary, placesOfTimes, setLocationInUse } from './locations';
import { nextFreeTime, specialistDirectory } from './catalogue';
import { appointmentType, specialist } from '../../db/schema';

let app: TestApp;
const call = createCallerFactory(appRouter);
let admin: Awaited<ReturnType<typeof signIn>>;
const api = () => call(localsOf(app, { ...admin.meta, requestId: crypto.randomUUID() }, admin.signedIn)).admin.specialists;
const who = () => actorFor(admin.meta, admin.signedIn);

const rooms = (name: string, suburb: string, postcode: string) => ({
	name,
	line1: '12 Example Street',
	line2: 'Level 2',
	suburb,
	state: 'NSW' as const,
	postcode,
	directions: 'Lifts from the foyer.'
});

/** A new specialist of our own in Sydney: Monday to Friday, 8:00 to 17:00. */
async function newSpecialist(name: string) {
	const { id } = await api().create({
		displayName: name,
		title: '',
		specialty: 'Orthopaedic surgeon',
		registrationNumber: '',
		location: 'Sydney',
		state: 'NSW',
		timeZone: 'Australia/Sydney',
		modes: ['in_person'],
		displayOrder: 0,
		active: true
	});
	await api().setWeeklyHours({ id, days: ['8:00-17:00', '8:00-17:00', '8:00-17:00', '8:00-17:00', '8:00-17:00', '', ''] });
	return id;
}

const primaries = async (specialistId: string) =>
	app.database.db
		.select({ id: specialistLocation.id })
		.from(specialistLocation)
		.where(and(eq(specialistLocation.specialistId, specialistId), eq(specialistLocation.isPrimary, true)));

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
});
afterAll(() => app.close());

describe('keeping a specialist’s locations', () => {
	it('makes the first location primary, keeps exactly one primary when another is made primary, and audits each change', async () => {
		const id = await newSpecialist('Dr Primary Test');
		const city = await api().addLocation({ id, ...rooms('City rooms', 'Sydney', '2000') });
		const west = await api().addLocation({ id, ...rooms('West rooms', 'Parramatta', '2150') });
		expect(city.isPrimary).toBe(true);
		expect(west.isPrimary).toBe(false);
		expect(city.address).toBe('City rooms, Level 2, 12 Example Street, Sydney NSW 2000');

		await api().makePrimaryLocation({ id, locationId: west.id });
		expect(await primaries(id)).toEqual([{ id: west.id }]);
		await makePrimary(app, who(), id, city.id);
		await makePrimary(app, who(), id, city.id);
		expect(await primaries(id)).toEqual([{ id: city.id }]);
		expect((await listLocations(app, id)).map((l) => [l.name, l.isPrimary])).toEqual([
			['City rooms', true],
			['West rooms', false]
		]);

		const audits = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'specialist.update'), eq(auditLog.resourceId, id)));
		expect(audits.map((a) => (a.details as { what: string }).what)).toEqual(expect.arrayContaining(['location_added', 'location_primary']));
		expect(audits.every((a) => a.outcome === 'granted')).toBe(true);
	});

	it('edits a location, refuses to remove the primary, and removes and restores another (its hours go to the primary)', async () => {
		const id = await newSpecialist('Dr Remove Test');
		const city = await addLocation(app, who(), id, rooms('City rooms', 'Sydney', '2000'));
		const west = await addLocation(app, who(), id, rooms('West rooms', 'Parramatta', '2150'));
		await api().editLocation({ id, locationId: west.id, ...rooms('Westmead rooms', 'Westmead', '2145'), line2: '' });
		expect((await listLocations(app, id)).find((l) => l.id === west.id)?.address).toBe(
			'Westmead rooms, 12 Example Street, Westmead NSW 2145'
		);

		await expect(setLocationInUse(app, who(), id, city.id, false)).rejects.toMatchObject({ code: 'CONFLICT', field: 'locationId' });

		await api().setWeeklyHours({
			id,
			days: ['8:00-17:00', '', '', '8:00-17:00', '', '', ''],
			locations: ['', '', '', west.id, '', '', '']
		});
		expect((await api().get({ id })).dayLocations).toEqual(['', '', '', west.id, '', '', '']);
		await api().setLocationInUse({ id, locationId: west.id, active: false });
		const hours = await app.database.db.select().from(weeklyHours).where(eq(weeklyHours.specialistId, id));
		expect(hours.every((h) => h.locationId === null)).toBe(true);
		expect((await listLocations(app, id)).map((l) => [l.name, l.active])).toEqual([
			['City rooms', true],
			['Westmead rooms', false]
		]);
		// A location out of use cannot be chosen for hours, nor made primary.
		await expect(
			api().setWeeklyHours({ id, days: ['8:00-17:00', '', '', '', '', '', ''], locations: [west.id, '', '', '', '', '', ''] })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(makePrimary(app, who(), id, west.id)).rejects.toBeInstanceOf(AppError);
		await api().setLocationInUse({ id, locationId: west.id, active: true });
		expect((await listLocations(app, id)).every((l) => l.active)).toBe(true);
	});

	it('names the wrong field, from the service and through the procedure', async () => {
		const id = await newSpecialist('Dr Validation Test');
		const good = rooms('City rooms', 'Sydney', '2000');
		const cases: [Record<string, string>, string][] = [
			[{ name: '' }, 'name'],
			[{ line1: ' ' }, 'line1'],
			[{ suburb: '' }, 'suburb'],
			[{ state: 'NZ' }, 'state'],
			[{ postcode: '200' }, 'postcode'],
			[{ postcode: '2OOO' }, 'postcode']
		];
		for (const [change, field] of cases) {
			const err = await addLocation(app, who(), id, { ...good, ...change }).catch((e: unknown) => e);
			expect(err, field).toBeInstanceOf(AppError);
			expect((err as AppError).field, field).toBe(field);
			expect((err as AppError).message).not.toMatch(/zod|stack|undefined/i);

			const viaApi = await api()
				.addLocation({ id, ...good, ...change } as Parameters<ReturnType<typeof api>['addLocation']>[0])
				.catch((e: unknown) => e);
			expect(viaApi, field).toBeInstanceOf(TRPCError);
			const fields = (viaApi as TRPCError & { cause: { issues: { path: string[] }[] } }).cause.issues.map((i) => i.path.join('.'));
			expect(fields, field).toContain(field);
		}
		await expect(editLocation(app, who(), id, crypto.randomUUID(), good)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(await listLocations(app, id)).toEqual([]);
	});
});

describe('locationAt', () => {
	let id: string;
	let city: string;
	let west: string;

	beforeAll(async () => {
		id = await newSpecialist('Dr Clock Test');
		city = (await addLocation(app, who(), id, rooms('City rooms', 'Sydney', '2000'))).id;
		west = (await addLocation(app, who(), id, rooms('West rooms', 'Parramatta', '2150'))).id;
		// Thursdays (8:00–17:00) in Parramatta; every other day at the primary location.
		const days = (await api().get({ id })).days;
		await api().setWeeklyHours({ id, days, locations: ['', '', '', west, '', '', ''] });
	});

	const where = async (iso: string) => (await locationAt(app, id, new Date(iso)))?.id ?? null;

	it('picks the weekday’s location by the clinic’s clock on both sides of a daylight-saving change', async () => {
		// Thursday 8:30 in Sydney: AEST (UTC+10) before 4 October 2026, AEDT (UTC+11) after it.
		expect(await where('2026-09-30T22:30:00Z')).toBe(west);
		expect(await where('2026-10-07T21:30:00Z')).toBe(west);
		// And around the April change back: Thursday 8:30 AEDT, then AEST.
		expect(await where('2026-04-01T21:30:00Z')).toBe(west);
		expect(await where('2026-04-08T22:30:00Z')).toBe(west);
		// Wednesday 8:30 AEDT is at the primary location.
		expect(await where('2026-10-06T21:30:00Z')).toBe(city);
	});

	it('falls back to the primary location outside the hours, and to none without locations', async () => {
		// Thursday 7:30 AEST (before the hours) and a Saturday.
		expect(await where('2026-04-08T21:30:00Z')).toBe(city);
		expect(await where('2026-10-10T00:00:00Z')).toBe(city);
		const bare = await newSpecialist('Dr Nowhere Test');
		expect(await locationAt(app, bare, new Date('2026-10-07T21:30:00Z'))).toBeNull();
	});
});

describe('what the booking steps show of the places', () => {
	it('gives the time step the locations in use and each time’s, and nothing for telehealth', async () => {
		const id = await newSpecialist('Dr Slots Test');
		const city = await addLocation(app, who(), id, rooms('City rooms', 'Sydney', '2000'));
		const west = await addLocation(app, who(), id, rooms('West rooms', 'Parramatta', '2150'));
		const days = (await api().get({ id })).days;
		await api().setWeeklyHours({ id, days, locations: ['', '', '', west.id, '', '', ''] });
		// Wednesday and Thursday 9:00 AEDT.
		const times = ['2026-10-06T22:00:00.000Z', '2026-10-07T22:00:00.000Z'];
		const inPerson = await placesOfTimes(app, id, 'in_person', times);
		expect(inPerson.locations).toEqual([
			{ id: city.id, name: 'City rooms', address: city.address },
			{ id: west.id, name: 'West rooms', address: west.address }
		]);
		expect(times.map((t) => inPerson.at.get(t))).toEqual([city.id, west.id]);
		const telehealth = await placesOfTimes(app, id, 'telehealth', times);
		expect(telehealth.locations).toEqual([]);
		expect(times.map((t) => telehealth.at.get(t))).toEqual([null, null]);
	});

	it('lists the suburbs of each specialist’s rooms in the directory', async () => {
		const [ime] = await app.database.db.select().from(appointmentType).where(eq(appointmentType.name, 'IME — in person'));
		const rows = await specialistDirectory(app, { appointmentTypeId: ime!.id });
		const [sam] = await app.database.db.select().from(specialist).where(eq(specialist.displayName, 'Dr Sam Specialist'));
		expect(rows.find((r) => r.id === sam!.id)?.suburbs).toEqual(['Parramatta NSW', 'Sydney NSW']);
		expect(rows.find((r) => r.displayName === 'Dr James Whitford')?.suburbs).toEqual(['Spring Hill QLD']);
	});

	it('gives one specialist’s next free time as their directory card does, null for a type they do not offer', async () => {
		const [ime] = await app.database.db.select().from(appointmentType).where(eq(appointmentType.name, 'IME — in person'));
		const rows = await specialistDirectory(app, { appointmentTypeId: ime!.id });
		expect(rows.some((r) => r.next)).toBe(true);
		for (const r of rows) expect(await nextFreeTime(app, r.id, ime!.id)).toEqual(r.next);
		const offering = new Set(rows.map((r) => r.id));
		const [other] = (await app.database.db.select().from(specialist)).filter((x) => !offering.has(x.id));
		if (other) expect(await nextFreeTime(app, other.id, ime!.id)).toBeNull();
		expect(await nextFreeTime(app, rows[0]!.id, '00000000-0000-4000-8000-000000000000')).toBeNull();
	});
});
