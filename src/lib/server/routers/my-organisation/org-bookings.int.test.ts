/** Owners' and managers' bookings list: who booked each (and for whom), its team, and filters by both. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { appRouter } from '../_app';
import { createCallerFactory } from '../../trpc';
import { organization, team } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, signIn, type TestApp } from '../../testing/app';
import { insertBooking, userIdOf } from '../../testing/bookings';

let app: TestApp;
const call = createCallerFactory(appRouter);
const as = async (email: string) => call({ app, ...(await signIn(app, email, DEMO_PASSWORD)) });
const refs: Record<string, string> = {};

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	const add = async (key: string, f: Parameters<typeof insertBooking>[1]) => {
		refs[key] = (await insertBooking(app, f)).booking.reference;
	};
	await add('forRachel', {
		ownerEmail: 'referrer@demo.test',
		createdByEmail: 'teamlead@demo.test',
		startsAt: new Date('2027-03-01T22:00:00Z')
	});
	await add('tom', { ownerEmail: 'teamlead@demo.test', startsAt: new Date('2027-03-03T22:00:00Z') });
	await add('maya', { ownerEmail: 'manager@demo.test', startsAt: new Date('2027-03-05T22:00:00Z') });
	await add('rival', { ownerEmail: 'rival@demo.test', startsAt: new Date('2027-03-07T22:00:00Z') });
});
afterAll(() => app?.close());

const teamId = async (name: string) => {
	const [o] = await app.database.db.select().from(organization).where(eq(organization.slug, 'harbour-legal'));
	const [t] = await app.database.db
		.select()
		.from(team)
		.where(and(eq(team.organizationId, o!.id), eq(team.name, name)));
	return t!.id;
};

describe('an owner’s or manager’s bookings list', () => {
	it('says who booked each booking, for whom when someone else, and its team', async () => {
		for (const email of ['owner@demo.test', 'manager@demo.test']) {
			const { rows } = await (await as(email)).bookings.list({ status: 'all', limit: 100 });
			const by = Object.fromEntries(rows.map((r) => [r.reference, r.organisation]));
			expect(by[refs.forRachel!]).toEqual({ bookedBy: 'Tom Lead', bookedFor: 'Rachel Referrer', teamName: 'Workers compensation' });
			expect(by[refs.tom!]).toEqual({ bookedBy: 'Tom Lead', bookedFor: null, teamName: 'Workers compensation' });
			expect(by[refs.maya!]).toEqual({ bookedBy: 'Maya Manager', bookedFor: null, teamName: 'Motor accidents' });
			expect(by[refs.rival!]).toBeUndefined();
		}
	});

	it('filters by team and by who booked', async () => {
		const owner = await as('owner@demo.test');
		const motor = await owner.bookings.list({ status: 'all', limit: 100, teamId: await teamId('Motor accidents') });
		expect(motor.rows.map((r) => r.reference)).toEqual([refs.maya]);
		const byTom = await owner.bookings.list({ status: 'all', limit: 100, bookedBy: await userIdOf(app, 'teamlead@demo.test') });
		expect(byTom.rows.map((r) => r.reference).sort()).toEqual([refs.forRachel, refs.tom].sort());
		const options = await owner.bookings.filterOptions();
		expect(options.organisation?.teams.map((t) => t.name)).toEqual(['Motor accidents', 'Workers compensation']);
		expect(options.organisation?.people.map((p) => p.name)).toContain('Maya Manager');
	});

	it('adds nothing to anyone else’s list, and a filter never widens a scope', async () => {
		const lead = await as('teamlead@demo.test');
		const { rows } = await lead.bookings.list({ status: 'all', limit: 100 });
		expect(rows.every((r) => r.organisation === null)).toBe(true);
		expect((await lead.bookings.filterOptions()).organisation).toBeNull();
		const motor = await lead.bookings.list({ status: 'all', limit: 100, teamId: await teamId('Motor accidents') });
		expect(motor.rows).toEqual([]);
		const rival = await as('rival@demo.test');
		const byTom = await rival.bookings.list({ status: 'all', limit: 100, bookedBy: await userIdOf(app, 'teamlead@demo.test') });
		expect(byTom.rows).toEqual([]);
	});
});
