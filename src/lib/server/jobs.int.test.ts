/**
 * The jobs every instance runs on timers (app.ts): which there are and how often, each one run once
 * against a seeded app without failing, and the kept counts' two doing their work through the job
 * itself. No test starts the timers, so this is where a job dropped or miswired shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { booking } from './db/schema';
import { rowsOf } from './db/rows';
import { seedDemo } from './demo/seed';
import { createTestApp, type TestApp } from './testing/app';
import { insertBooking } from './testing/bookings';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});
afterAll(() => app?.close());

const MINUTE = 60_000;
const job = (name: string) => {
	const j = app.jobs.find((x) => x.name === name);
	if (!j) throw new Error(`no job ${name}`);
	return j;
};
const stageChanges = async () =>
	Number(rowsOf<{ n: number }>(await app.database.db.execute(sql`SELECT count(*)::int AS n FROM booking_stage_change`))[0]!.n);

describe('background jobs', () => {
	it('are these, at these intervals (the heartbeat with Redis only; the Acuity ones with Acuity only)', () => {
		expect(Object.fromEntries(app.jobs.map((j) => [j.name, j.everyMs]))).toEqual({
			'complete-interrupted-bookings': MINUTE,
			'document-sweep': 5 * MINUTE,
			'purge-expired-limits': 60 * MINUTE,
			'fold-kept-counts': MINUTE,
			'check-kept-counts': 24 * 60 * MINUTE,
			'enclosure-reminders': 60 * MINUTE,
			'share-figures': expect.any(Number),
			...(app.redis ? { 'instance-heartbeat': expect.any(Number) } : {})
		});
		expect(app.jobs).toHaveLength(new Set(app.jobs.map((j) => j.name)).size);
		for (const j of app.jobs) expect(j.firstAfterMs, j.name).toBeLessThanOrEqual(j.everyMs);
		// The kept counts' check comes soon after a start (a restore's first), not a day later.
		expect(job('check-kept-counts').firstAfterMs).toBeLessThanOrEqual(5 * MINUTE);
	});

	it('each runs once without failing', async () => {
		for (const j of app.jobs)
			await j.run().catch((err: unknown) => {
				throw new Error(`${j.name} failed: ${err instanceof Error ? err.message : String(err)}`);
			});
	});

	it('fold the bookings’ changes into the stage tally, and count again what the triggers missed', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test' });
		expect(await stageChanges()).toBeGreaterThan(0);
		await job('fold-kept-counts').run();
		expect(await stageChanges()).toBe(0);

		await app.database.db.transaction(async (tx) => {
			await tx.execute(sql`SET LOCAL session_replication_role = replica`);
			await tx.update(booking).set({ stage: 'cancelled' }).where(eq(booking.id, b.id));
		});
		expect(await job('check-kept-counts').run()).toEqual({ stages: 2, turnaround: 0 });
		expect(await job('check-kept-counts').run()).toEqual({ stages: 0, turnaround: 0 });
	});
});
