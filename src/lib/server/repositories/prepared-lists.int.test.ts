/**
 * Reads of a list of ids are prepared per length up to a bound (db/prepared.ts), and built per call
 * beyond it: both ways answer the same. Runs on PGlite and on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed';
import { createChecklist } from '../services/cases/enclosures';
import { createTestApp, signIn, type TestApp } from '../testing/app';
import { insertBooking } from '../testing/bookings';
import { enclosuresOfBookings } from './enclosures.repository';
import { userNames } from './referrers.repository';

let app: TestApp;
const people: string[] = [];
const bookings: string[] = [];

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	for (const email of ['referrer@demo.test', 'owner@demo.test', 'teamlead@demo.test'])
		people.push((await signIn(app, email, DEMO_PASSWORD)).signedIn.user.id);
	for (let i = 0; i < 3; i++) {
		const { booking } = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			stage: 'scheduled',
			status: 'active',
			startsAt: new Date(Date.UTC(2027, 5, 1 + i, 0))
		});
		await createChecklist(app.database.db, booking.id);
		bookings.push(booking.id);
	}
});
afterAll(() => app?.close());

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
const strangers = (n: number) => Array.from({ length: n }, () => randomUUID());

describe('userNames', () => {
	it('names the same people for a short list (prepared) and a long one (built per call)', async () => {
		const db = app.database.db;
		const short = byId(await userNames(db, people));
		expect(short.map((p) => p.id).sort()).toEqual([...people].sort());
		expect(byId(await userNames(db, [...people, ...strangers(20)]))).toEqual(short);
		// A length seen again reuses its query with other values.
		expect(await userNames(db, [people[0]!, randomUUID(), people[2]!])).toHaveLength(2);
		expect(await userNames(db, [])).toEqual([]);
	});
});

describe('enclosuresOfBookings', () => {
	it('reads the same checklists for a page of bookings (prepared) and a longer list (built per call)', async () => {
		const db = app.database.db;
		const short = await enclosuresOfBookings(db, bookings);
		expect(new Set(short.map((r) => r.bookingId))).toEqual(new Set(bookings));
		expect(await enclosuresOfBookings(db, [...bookings, ...strangers(30)])).toEqual(short);
		expect((await enclosuresOfBookings(db, [bookings[1]!])).every((r) => r.bookingId === bookings[1])).toBe(true);
		expect(await enclosuresOfBookings(db, [])).toEqual([]);
	});
});
