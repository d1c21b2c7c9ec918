/**
 * The operations dashboard's figures against known data: stages of active bookings, examinations
 * today and this week, overdue reports, the outbox backlog and failures, and the cache hit rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import { outbox } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { insertBooking } from '../../testing/bookings';
import { enqueue } from '../outbox/outbox';
import { operationsSnapshot } from './operations';

let app: TestApp;
const DAY = 86_400_000;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});
afterAll(() => app.close());

describe('operations dashboard', () => {
	it('counts what is there, and flags what is late', async () => {
		const before = await operationsSnapshot(app);
		const now = Date.now();
		// Later today (Sydney) unless it is nearly midnight there; 20 days ago, report never started.
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(now + 60_000) });
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(now - 20 * DAY), stage: 'report_in_progress' });
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(now - 2 * DAY) });
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(now + 3 * DAY), stage: 'cancelled', status: 'closed' });
		await enqueue(app.database.db, app.cipher, {
			channel: 'email',
			template: 'booking_notice',
			to: 'a@example.com',
			subject: 's',
			text: 't'
		});
		const failedId = await enqueue(app.database.db, app.cipher, {
			channel: 'email',
			template: 'booking_notice',
			to: 'b@example.com',
			subject: 's',
			text: 't'
		});
		await app.database.db.update(outbox).set({ status: 'failed' }).where(eq(outbox.id, failedId));

		const ops = await operationsSnapshot(app);
		expect(ops.stages.scheduled - before.stages.scheduled).toBe(2);
		expect(ops.stages.report_in_progress - before.stages.report_in_progress).toBe(1);
		expect(ops.stages.cancelled - before.stages.cancelled).toBe(0); // closed: not active work
		const sydneyHour = Number(
			new Intl.DateTimeFormat('en-AU', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Australia/Sydney' }).format(new Date())
		);
		if (sydneyHour < 23) expect(ops.examinationsToday - before.examinationsToday).toBe(1);
		expect(ops.reports.awaited - before.reports.awaited).toBe(2);
		expect(ops.reports.overdue - before.reports.overdue).toBe(1);
		expect(ops.reports.oldest[0]).toMatchObject({ daysSinceExam: 20, overdue: true });
		expect(ops.outbox.pending - before.outbox.pending).toBe(1);
		expect(ops.outbox.failed - before.outbox.failed).toBe(1);
		expect(ops.scheduling).toMatchObject({ provider: 'builtin', circuit: null });
	});

	it('reports the availability cache hit rate of this instance', async () => {
		app.scheduling.availability.stats.fresh = 3;
		app.scheduling.availability.stats.stale = 1;
		app.scheduling.availability.stats.loaded = 4;
		const ops = await operationsSnapshot(app);
		expect(ops.scheduling.cacheHitRate).toBe(0.5);
		expect(ops.scheduling.staleServed).toBe(1);
	});

	it('is for admins only', async () => {
		const { signedIn, meta } = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		await expect(createCallerFactory(appRouter)(localsOf(app, meta, signedIn)).admin.operations()).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
	});
});
