/** The demo's bookings: every stage and report step there to see, documents readable, and seeded once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booking, document } from '../db/schema';
import { createTestApp, type TestApp } from '../testing/app';
import { seedDemo } from './seed';
import { seedDemoBookings } from './bookings';
import { openExaminee } from '../services/booking/examinee';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});
afterAll(() => app.close());

describe('the demo bookings', () => {
	it('cover every stage and report step, past and future, with documents, and are seeded once', async () => {
		const now = new Date('2026-12-02T00:00:00Z');
		const count = await seedDemoBookings(app, { count: 300, now, withDocuments: 12 });
		expect(count).toBeGreaterThan(150);
		const rows = await app.database.db.select().from(booking);
		expect(rows).toHaveLength(count);
		expect(new Set(rows.map((r) => r.stage))).toEqual(
			new Set(['scheduled', 'rescheduled', 'cancelled', 'no_show', 'report_in_progress', 'report_ready', 'paid'])
		);
		expect(new Set(rows.map((r) => r.reportState)).size).toBe(7);
		expect(rows.some((r) => r.startsAt > now)).toBe(true);
		expect(rows.some((r) => r.startsAt < new Date(now.getTime() - 60 * 86_400_000))).toBe(true);
		expect(openExaminee(app.cipher, rows[0]!.examineeEncrypted).familyName).toBeTruthy();
		const docs = await app.database.db.select().from(document);
		expect(new Set(docs.map((d) => d.category))).toEqual(new Set(['brief', 'consent_form', 'dictation', 'draft_report', 'final_report']));
		// The uploads did not move the report states the demo chose.
		expect(new Set((await app.database.db.select().from(booking)).map((r) => r.reportState)).size).toBe(7);
		expect(await seedDemoBookings(app, { now })).toBe(0);
	});
});
