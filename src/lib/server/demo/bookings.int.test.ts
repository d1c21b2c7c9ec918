/** The demo's bookings: every stage and report step there to see, documents readable, and seeded once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appointmentType, booking, caseHistory, claimCase, document, specialist } from '../db/schema';
import { createTestApp, type TestApp } from '../testing/app';
import { seedDemo } from './seed';
import { seedDemoBookings } from './bookings';
import { openExaminee } from '../services/booking/examinee';
import { openCaseDetails, openClaimant } from '../services/cases/sealed';
import { DEMO_CASES } from './cases';
import { insights } from '../services/insights/insights';

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

	it('hold a dozen and more cases in every state, with their examinations, the claimant the examinee of each', async () => {
		const db = app.database.db;
		const now = new Date('2026-12-02T00:00:00Z');
		const cases = await db.select().from(claimCase);
		expect(cases.length).toBeGreaterThanOrEqual(12);
		expect(cases).toHaveLength(DEMO_CASES.length);
		expect(new Set(cases.map((c) => c.status))).toEqual(new Set(['open', 'on_hold', 'closed']));
		expect(new Set(cases.map((c) => c.scheme)).size).toBeGreaterThanOrEqual(8);
		const exams = await db.select().from(booking);
		let several = 0;
		for (const c of cases) {
			const mine = exams.filter((b) => b.caseId === c.id);
			expect(mine.length, c.reference).toBeGreaterThan(0);
			if (mine.length > 1) several++;
			const claimant = openClaimant(app.cipher, c.claimantEncrypted);
			for (const b of mine) {
				expect(b.organizationId).toBe(c.organizationId);
				expect(openExaminee(app.cipher, b.examineeEncrypted)).toMatchObject({
					givenNames: claimant.givenNames,
					familyName: claimant.familyName
				});
			}
			if (c.status === 'closed') expect(mine.every((b) => b.startsAt < now)).toBe(true);
			expect(openCaseDetails(app.cipher, c.detailsEncrypted).insurer).toBeTruthy();
			const history = await db.select().from(caseHistory).where(eq(caseHistory.caseId, c.id));
			expect(history.filter((h) => h.action === 'case.booking_add')).toHaveLength(mine.length);
		}
		expect(several).toBeGreaterThanOrEqual(4);
		expect(cases.some((c) => exams.some((b) => b.caseId === c.id && b.startsAt > now && c.status === 'open'))).toBe(true);
	});

	it('hold the address of the specialist’s rooms on that weekday for in-person examinations, none for telehealth', async () => {
		const rows = await app.database.db
			.select({
				address: booking.locationAddress,
				locationId: booking.locationId,
				mode: appointmentType.mode,
				name: specialist.displayName
			})
			.from(booking)
			.innerJoin(appointmentType, eq(appointmentType.id, booking.appointmentTypeId))
			.innerJoin(specialist, eq(specialist.id, booking.specialistId));
		const inPerson = rows.filter((r) => r.mode === 'in_person');
		expect(inPerson.length).toBeGreaterThan(0);
		for (const r of inPerson) {
			expect(r.address, r.name).toMatch(/, [A-Za-z ]+ (NSW|VIC|QLD|SA|WA) \d{4}$/);
			expect(r.locationId).toBeTruthy();
		}
		for (const r of rows.filter((x) => x.mode === 'telehealth')) expect(r).toMatchObject({ address: '', locationId: null });
		// Dr Sam Specialist is in Parramatta on Thursdays and Fridays, on Macquarie Street otherwise.
		const sam = inPerson.filter((r) => r.name === 'Dr Sam Specialist').map((r) => r.address);
		expect(sam).toEqual(
			expect.arrayContaining([expect.stringContaining('Parramatta NSW 2150'), expect.stringContaining('Sydney NSW 2000')])
		);
	});
});

describe('the demo data on the insights page', () => {
	it('gives every chart something to show', async () => {
		// The bookings the first test seeded, read on the day it seeded them.
		const now = new Date('2026-12-02T00:00:00Z');
		const { weekly, turnaround, missed, hours } = await insights(app, 'organisation', now);
		expect(weekly.rows.filter((r) => r.total > 0).length).toBeGreaterThanOrEqual(6);
		expect(weekly.series.length).toBeGreaterThan(1);
		// A spread either side of the report SLA, not one bar.
		expect(turnaround.buckets.filter((b) => b.n > 0).length).toBeGreaterThan(3);
		expect(turnaround.buckets.some((b) => b.n > 0 && b.days <= turnaround.dueDays)).toBe(true);
		expect(turnaround.buckets.some((b) => b.n > 0 && b.days > turnaround.dueDays)).toBe(true);
		expect(turnaround.medianDays).not.toBeNull();
		expect(missed.months.filter((m) => m.lateCancellations + m.noShows > 0).length).toBeGreaterThanOrEqual(2);
		expect(hours.rows.some((r) => (r.bookedPercent ?? 0) > 0)).toBe(true);
	});
});
