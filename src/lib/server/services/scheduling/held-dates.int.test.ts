/**
 * The month grid and the directory's next free time, with holds: a date whose only free time
 * someone else holds is not offered (its times would be empty), comes back when the hold is let go,
 * and dates no hold reaches stay as they were; a held next time gives way to the one after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../demo/seed';
import { createTestApp, type TestApp } from '../../testing/app';
import { catalogueIdsOf, openForOneExamination } from '../../testing/bookings';

let app: TestApp;
let specialistId: string;
let typeId: string;
const TZ = 'Australia/Sydney';

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	({ specialistId, typeId } = await catalogueIdsOf(app, 'Dr Sam Specialist', 'File review'));
});
afterAll(() => app?.close());

/** Next month in Sydney (YYYY-MM): inside the horizon and past any notice period. */
const nextMonth = () => {
	const d = new Date(Date.now() + 32 * 86_400_000);
	return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' }).format(d).slice(0, 7);
};

describe('dates and holds', () => {
	it('leaves out a date whose every free time someone else holds, and offers it again once let go', async () => {
		const month = nextMonth();
		const scheduling = app.scheduling;
		const before = (await scheduling.availableDates(specialistId, typeId, month, TZ)).value;
		expect(before.length).toBeGreaterThan(3);
		// The second date of the month opens for one examination only.
		const date = before[1]!;
		const reopen = await openForOneExamination(app, specialistId, typeId, date);
		const times = (await scheduling.availableTimes(specialistId, typeId, date, TZ)).value;
		expect(times).toHaveLength(1);
		expect((await scheduling.availableDates(specialistId, typeId, month, TZ)).value).toEqual(before);

		// A time held on another date (with times left) takes nothing away from the grid.
		const other = (await scheduling.availableTimes(specialistId, typeId, before[2]!, TZ)).value;
		expect(other.length).toBeGreaterThan(1);
		await scheduling.hold({
			holderKey: 'held-dates-other',
			specialistId,
			appointmentTypeId: typeId,
			startsAt: new Date(other[0]!.startsAt)
		});
		expect((await scheduling.availableDates(specialistId, typeId, month, TZ)).value).toEqual(before);

		await scheduling.hold({
			holderKey: 'held-dates-only',
			specialistId,
			appointmentTypeId: typeId,
			startsAt: new Date(times[0]!.startsAt)
		});
		expect((await scheduling.availableTimes(specialistId, typeId, date, TZ)).value).toEqual([]);
		expect((await scheduling.availableDates(specialistId, typeId, month, TZ)).value).toEqual(before.filter((d) => d !== date));

		await scheduling.release('held-dates-only');
		expect((await scheduling.availableDates(specialistId, typeId, month, TZ)).value).toEqual(before);
		await scheduling.release('held-dates-other');
		await reopen();
	});

	it('gives the next free time not held: the one after a held one, and the held one again once let go', async () => {
		const scheduling = app.scheduling;
		const first = (await scheduling.nextAvailable(specialistId, typeId)).value;
		expect(first).not.toBeNull();
		await scheduling.hold({ holderKey: 'held-next-1', specialistId, appointmentTypeId: typeId, startsAt: new Date(first!.startsAt) });
		const second = (await scheduling.nextAvailable(specialistId, typeId)).value;
		expect(second).not.toBeNull();
		expect(new Date(second!.startsAt).getTime()).toBeGreaterThan(new Date(first!.startsAt).getTime());
		// What the wizard offers first on that day (or the next day with times), the held one gone.
		const tz = first!.clinicTimeZone;
		const dates = (await scheduling.availableDates(specialistId, typeId, second!.startsAt.slice(0, 7), tz)).value;
		const day = dates.find((d) => d >= new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(first!.startsAt)))!;
		expect(second).toEqual((await scheduling.availableTimes(specialistId, typeId, day, tz)).value[0]);
		// Held too: the next one again.
		await scheduling.hold({ holderKey: 'held-next-2', specialistId, appointmentTypeId: typeId, startsAt: new Date(second!.startsAt) });
		const third = (await scheduling.nextAvailable(specialistId, typeId)).value;
		expect(new Date(third!.startsAt).getTime()).toBeGreaterThan(new Date(second!.startsAt).getTime());
		await scheduling.release('held-next-1');
		await scheduling.release('held-next-2');
		expect((await scheduling.nextAvailable(specialistId, typeId)).value).toEqual(first);
	});
});
