/**
 * The reschedule page's server, as a browser without JavaScript would use it: choosing a time only
 * previews the move (nothing moves); confirming moves it; a time taken meanwhile sends the referrer
 * back to the day's times with a message; moving costs nothing, even late; another organisation's
 * booking is a 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { booking, specialist } from '$lib/server/db/schema';
import { DEMO_PASSWORD, seedDemo } from '$lib/server/demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '$lib/server/testing/app';
import { insertBooking } from '$lib/server/testing/bookings';
import type { SignedIn } from '$lib/server/auth/session';
import type { RequestMeta } from '$lib/server/services/accounts/request-meta';
import { actions, load } from './+page.server';

type Session = { signedIn: SignedIn; meta: RequestMeta };
type PageData = Awaited<ReturnType<typeof load>>;
let app: TestApp;
let referrer: Session;
let rival: Session;
let samId: string;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	referrer = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
	rival = await signIn(app, 'rival@demo.test', DEMO_PASSWORD);
	[{ id: samId }] = (await app.database.db
		.select({ id: specialist.id })
		.from(specialist)
		.where(eq(specialist.displayName, 'Dr Sam Specialist'))) as [{ id: string }];
});
afterAll(() => app.close());

/** The page's request: `query` as in the address bar, `fields` a posted form. */
function request(as: Session, id: string, query = '', fields?: Record<string, string>) {
	const url = new URL(`http://localhost:5173/bookings/${id}/reschedule${query}`);
	const body = new FormData();
	for (const [k, v] of Object.entries(fields ?? {})) body.set(k, v);
	return {
		locals: localsOf(app, as.meta, as.signedIn),
		url,
		params: { id },
		request: new Request(url, fields ? { method: 'POST', body } : {})
	};
}

const open = (as: Session, id: string, query = '') => load(request(as, id, query));

/** What a thrown redirect or HTTP error says (load and actions throw them). */
async function thrown(run: Promise<unknown>): Promise<{ status: number; location?: string; message?: string }> {
	try {
		await run;
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		if (isHttpError(err)) return { status: err.status, message: err.body.message };
		throw err;
	}
	throw new Error('expected a redirect or an error');
}

/** The first day on or after `from` (YYYY-MM-DD) with a free time to move booking `id` to, and that day's page. */
async function freeDay(id: string, from: string): Promise<PageData & { date: string }> {
	let month = from.slice(0, 7);
	for (let i = 0; i < 4; i++) {
		const page = await open(referrer, id, `?month=${month}`);
		for (const day of page.freeDays.filter((d) => d >= from)) {
			const withTimes = await open(referrer, id, `?month=${month}&date=${day}`);
			if (withTimes.slots.length) return withTimes as PageData & { date: string };
		}
		const [y, m] = month.split('-').map(Number) as [number, number];
		month = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
	}
	throw new Error('no free day');
}

const startsAtOf = async (id: string) => (await app.database.db.select().from(booking).where(eq(booking.id, id)))[0]!;
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('choosing a new time', () => {
	it('lists the free days and times, previews the move with its terms, and moves nothing', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.UTC(2028, 1, 1, 0, 0)) });
		const day = await freeDay(b.id, daysFromNow(14));
		expect(day.booking).toMatchObject({ id: b.id, reference: b.reference, specialistName: 'Dr Sam Specialist' });
		expect(day.booking).not.toHaveProperty('examinee');
		expect(day.chosen).toBeNull();
		const time = day.slots[0]!.startsAt;

		const preview = await open(referrer, b.id, `?month=${day.month}&date=${day.date}&time=${encodeURIComponent(time)}`);
		expect(preview.chosen).toMatchObject({
			startsAt: time,
			terms: { bornLate: false, currentlyLate: false, moveFeeCents: 0, lateFeeCents: 165_000, noticeBusinessDays: 2 }
		});
		expect(preview.chosen!.terms.freeCancellationUntil.getTime()).toBeLessThan(new Date(time).getTime());
		expect((await startsAtOf(b.id)).startsAt.toISOString()).toBe(b.startsAt.toISOString());
	});

	it('leaves the booking’s own time out of the times offered', async () => {
		const probe = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.UTC(2028, 1, 5, 0, 0)) });
		const day = await freeDay(probe.booking.id, daysFromNow(20));
		const own = day.slots[1]!.startsAt;
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(own) });
		await app.scheduling.invalidate(samId);
		const page = await open(referrer, b.id, `?month=${day.month}&date=${day.date}&time=${encodeURIComponent(own)}`);
		expect(page.bookedDay).toBe(day.date);
		expect(page.slots.map((s) => s.startsAt)).not.toContain(own);
		expect(page).toMatchObject({ chosen: null, notFree: true });
	});
});

describe('confirming', () => {
	it('moves the booking to the time shown and goes back to the booking', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.UTC(2028, 1, 2, 0, 0)) });
		const day = await freeDay(b.id, daysFromNow(16));
		const time = day.slots[0]!.startsAt;
		const query = `?month=${day.month}&date=${day.date}&time=${encodeURIComponent(time)}`;
		const done = await thrown(actions.confirm(request(referrer, b.id, query, { startsAt: time, note: 'Examinee on leave that week' })));
		expect(done).toEqual({ status: 303, location: `/bookings/${b.id}?rescheduled` });
		const row = await startsAtOf(b.id);
		expect(row).toMatchObject({ stage: 'rescheduled', cancellationFeeCents: 0, lateCancellation: false });
		expect(row.startsAt.toISOString()).toBe(time);
	});

	it('sends the referrer back to the day’s times with a message when the time was taken meanwhile', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.UTC(2028, 1, 3, 0, 0)) });
		const day = await freeDay(b.id, daysFromNow(18));
		const time = day.slots[0]!.startsAt;
		const query = `?month=${day.month}&date=${day.date}&time=${encodeURIComponent(time)}`;
		expect((await open(referrer, b.id, query)).chosen?.startsAt).toBe(time);
		// Someone else books that time between the preview and the confirmation.
		await insertBooking(app, { ownerEmail: 'owner@demo.test', startsAt: new Date(time) });
		await app.scheduling.invalidate(samId);

		const back = await thrown(actions.confirm(request(referrer, b.id, query, { startsAt: time })));
		expect(back).toEqual({ status: 303, location: `/bookings/${b.id}/reschedule?month=${day.month}&date=${day.date}&taken=` });
		expect((await startsAtOf(b.id)).startsAt.toISOString()).toBe(b.startsAt.toISOString());

		const page = await open(referrer, b.id, new URL(back.location!, 'http://x').search);
		expect(page).toMatchObject({ taken: true, chosen: null, date: day.date });
		expect(page.slots.map((s) => s.startsAt)).not.toContain(time);
	});

	it('costs nothing even when the booking is already inside its late-cancellation period', async () => {
		// The first free time from now is always inside the two business days' notice.
		const probe = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.UTC(2028, 1, 4, 0, 0)) });
		const first = await freeDay(probe.booking.id, daysFromNow(0));
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(first.slots[0]!.startsAt) });
		await app.scheduling.invalidate(samId);
		const day = await freeDay(b.id, first.date);
		const late = day.late[0];
		expect(late, 'a free time inside the notice period').toBeTruthy();

		const preview = await open(referrer, b.id, `?month=${day.month}&date=${day.date}&time=${encodeURIComponent(late!)}`);
		expect(preview.chosen?.terms).toMatchObject({ bornLate: true, currentlyLate: true, moveFeeCents: 0, lateFeeCents: 165_000 });

		const done = await thrown(actions.confirm(request(referrer, b.id, '', { startsAt: late! })));
		expect(done.status).toBe(303);
		expect(await startsAtOf(b.id)).toMatchObject({ cancellationFeeCents: 0, lateCancellation: false, stage: 'rescheduled' });
	});

	it('names the refusal when the time sent is not one', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.UTC(2028, 1, 6, 0, 0)) });
		const result = await actions.confirm(request(referrer, b.id, '', { startsAt: 'soon' }));
		expect(isActionFailure(result)).toBe(true);
		expect(result).toMatchObject({ status: 400, data: { message: 'Please correct the highlighted fields.' } });
		expect((result as { data: { fields: Record<string, string> } }).data.fields.startsAt).toBeTruthy();
	});
});

describe('another organisation’s booking', () => {
	it('is a 404, to look at and to confirm, and is not moved', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.UTC(2028, 1, 7, 0, 0)) });
		expect((await thrown(open(rival, b.id))).status).toBe(404);
		const day = await freeDay(b.id, daysFromNow(22));
		const time = day.slots[0]!.startsAt;
		expect((await thrown(open(rival, b.id, `?month=${day.month}&date=${day.date}&time=${encodeURIComponent(time)}`))).status).toBe(404);
		const result = await actions.confirm(request(rival, b.id, '', { startsAt: time }));
		expect(result).toMatchObject({ status: 404, data: { message: 'No such booking.' } });
		expect((await startsAtOf(b.id)).startsAt.toISOString()).toBe(b.startsAt.toISOString());
	});
});
