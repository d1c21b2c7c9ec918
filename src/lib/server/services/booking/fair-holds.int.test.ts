/**
 * Fair holds: a person may hold two times at once, an organisation three (here); the next one is
 * refused with the field named, also when several are chosen at the same moment; and an admin can
 * see every hold and let one go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { catalogueIdsOf } from '../../testing/bookings';

let app: TestApp;
const call = createCallerFactory(appRouter);
const api = new Map<string, ReturnType<typeof call>>();
let times: string[] = [];
let specialistId: string;
let typeId: string;

beforeAll(async () => {
	app = await createTestApp({ HOLDS_MAX_PER_PERSON: '2', HOLDS_MAX_PER_ORGANIZATION: '3' });
	await seedDemo(app);
	for (const email of ['referrer@demo.test', 'owner@demo.test', 'teamlead@demo.test', 'rival@demo.test', 'admin@demo.test']) {
		const s = await signIn(app, email, DEMO_PASSWORD);
		api.set(email, call(localsOf(app, s.meta, s.signedIn)));
	}
	({ specialistId, typeId } = await catalogueIdsOf(app, 'Dr Sam Specialist', 'File review'));
	const r = api.get('referrer@demo.test')!;
	const month = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 7);
	const { dates } = await r.scheduling.dates({ specialistId, appointmentTypeId: typeId, month, timeZone: 'Australia/Sydney' });
	for (const date of dates) {
		const { slots } = await r.scheduling.times({ specialistId, appointmentTypeId: typeId, date, timeZone: 'Australia/Sydney' });
		times.push(...slots.map((s) => s.startsAt));
		if (times.length >= 40) break;
	}
	times = times.filter((_, i) => i % 2 === 0);
});
afterAll(() => app.close());

let next = 0;
async function hold(email: string) {
	const a = api.get(email)!;
	const { draftId } = await a.wizard.start({});
	return a.wizard.choose({ draftId, appointmentTypeId: typeId, specialistId, startsAt: new Date(times[next++]!) });
}

describe('fair holds', () => {
	it('stops one person at their share, and one organisation at its share, naming the time field', async () => {
		await hold('referrer@demo.test');
		await hold('referrer@demo.test');
		await expect(hold('referrer@demo.test')).rejects.toMatchObject({ code: 'CONFLICT', cause: { field: 'startsAt' } });
		await hold('owner@demo.test');
		const err = await hold('teamlead@demo.test').catch((e: unknown) => e);
		expect(err).toMatchObject({ code: 'CONFLICT' });
		expect(String((err as Error).message)).toContain('organisation');
		// Another firm is not held back by this one.
		await expect(hold('rival@demo.test')).resolves.toMatchObject({ heldUntil: expect.any(Date) });
	});

	it('lets an admin see every hold and let one go, which makes room again', async () => {
		const admin = api.get('admin@demo.test')!;
		const holds = await admin.scheduling.admin.holds();
		expect(holds.length).toBe(4);
		expect(holds.every((h) => h.specialistName === 'Dr Sam Specialist' && h.organizationName)).toBe(true);
		const harbour = holds.filter((h) => h.organizationName === 'Harbour Legal');
		await admin.scheduling.admin.releaseHold({ holderKey: harbour[0]!.holderKey });
		expect((await admin.scheduling.admin.holds()).length).toBe(3);
		await expect(hold('teamlead@demo.test')).resolves.toMatchObject({ heldUntil: expect.any(Date) });
	});

	it('keeps the shares exact when one firm chooses many times at the same moment', async () => {
		const admin = api.get('admin@demo.test')!;
		for (const h of await admin.scheduling.admin.holds()) await admin.scheduling.admin.releaseHold({ holderKey: h.holderKey });
		const outcomes = async (emails: string[]) => {
			const settled = await Promise.allSettled(emails.map((e) => hold(e)));
			for (const r of settled) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
			return settled.filter((r) => r.status === 'fulfilled').length;
		};
		// One person, six at once: exactly their two.
		expect(await outcomes(Array.from({ length: 6 }, () => 'referrer@demo.test'))).toBe(2);
		// Two more people of the same firm, four at once: exactly the one left of its three.
		expect(await outcomes(['owner@demo.test', 'owner@demo.test', 'teamlead@demo.test', 'teamlead@demo.test'])).toBe(1);
		const holds = await admin.scheduling.admin.holds();
		expect(holds.filter((h) => h.organizationName === 'Harbour Legal')).toHaveLength(3);
	});
});
