/**
 * The insights against a fixture with known answers, on PGlite and on PostgreSQL: every bucket
 * count, the "Other" group, the median and the SLA count, the specialist's offered and booked
 * minutes — and the Sydney calendar across the daylight-saving change (Sunday 4 October 2026,
 * 2 am AEST → 3 am AEDT): a week or a month is read on Sydney's clock, whichever offset it shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { CalendarDate } from '@internationalized/date';
import { appointmentType, booking, dateOverride, specialist, weeklyHours } from '../../db/schema';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed';
import { examinationsByWeek, specialistHours } from '../../repositories/insights.repository';
import { createTestApp, localsOf, requestFrom, signIn, type TestApp } from '../../testing/app';
import { insertBooking } from '../../testing/bookings';
import {
	closedDatesBetween,
	missedExaminations,
	reportTurnaround,
	specialistBookedShare,
	weeklyExaminations,
	weeksTo,
	monthsTo
} from './insights';
import { insightCsv } from './insights-csv';
import { GET as csvEndpoint } from '../../../../routes/(app)/admin/insights/[chart].csv/+server';

/** Wednesday 18 November 2026, noon in Sydney (AEDT, +11). */
const NOW = new Date('2026-11-18T01:00:00Z');
const DAY = 86_400_000;
const TESTER = 'Dr Ada Insight';
/** A second specialist, for examinations an hour apart (one specialist's would overlap). */
const OTHER = 'Dr Priya Natarajan';

let app: TestApp;
let imeMinutes = 0;

async function book(
	at: string,
	f: { owner?: string; type?: string; stage?: 'scheduled' | 'cancelled' | 'no_show' | 'report_ready'; specialistName?: string } = {}
) {
	const { booking: b } = await insertBooking(app, {
		ownerEmail: f.owner ?? 'referrer@demo.test',
		typeName: f.type ?? 'IME — in person',
		startsAt: new Date(at),
		stage: f.stage ?? 'scheduled',
		specialistName: f.specialistName
	});
	return b;
}

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	const db = app.database.db;
	const [ime] = await db.select().from(appointmentType).where(eq(appointmentType.name, 'IME — in person'));
	imeMinutes = ime!.durationMinutes;

	// Weekly: Sunday 4 Oct 23:30 AEDT is the week of Monday 28 Sep; Monday 5 Oct 00:30 AEDT (still
	// 4 Oct in UTC) starts the next week.
	await book('2026-10-04T12:30:00Z');
	await book('2026-10-04T13:30:00Z', { specialistName: OTHER });
	await book('2026-10-04T23:00:00Z', { owner: 'rival@demo.test', type: 'File review' });
	await book('2026-10-06T00:00:00Z', { stage: 'cancelled' }); // not an examination
	await book('2026-08-30T00:00:00Z'); // Sunday 30 Aug: the week before the twelve

	// Missed: 30 Sep 23:30 AEST and 1 Oct 00:30 AEST (both 30 Sep in UTC); 31 Oct 23:30 AEDT and
	// 1 Nov 00:30 AEDT (both 31 Oct in UTC).
	await book('2026-09-30T13:30:00Z', { stage: 'no_show' });
	await book('2026-09-30T14:30:00Z', { stage: 'no_show', specialistName: OTHER });
	const lateOct = await book('2026-10-31T12:30:00Z', { stage: 'cancelled' });
	const lateNov = await book('2026-10-31T13:30:00Z', { stage: 'cancelled', specialistName: OTHER });
	const lateBefore = await book('2025-11-15T00:00:00Z', { stage: 'cancelled' }); // before the twelve months
	for (const b of [lateOct, lateNov, lateBefore]) await db.update(booking).set({ lateCancellation: true }).where(eq(booking.id, b.id));

	// Turnaround: released after 1, 3, 3, 10, 11 and 45 days; one long before the twelve months, and
	// two either side of their start (Sydney midnight).
	const releases: [string, number][] = [
		['2026-06-01T00:00:00Z', 1 * DAY + 5 * 3600_000],
		['2026-06-02T00:00:00Z', 3 * DAY],
		['2026-06-03T00:00:00Z', 3 * DAY + 23 * 3600_000],
		['2026-06-04T00:00:00Z', 10 * DAY],
		['2026-06-05T00:00:00Z', 11 * DAY + 1000],
		['2026-06-06T00:00:00Z', 45 * DAY],
		['2025-11-01T00:00:00Z', 5 * DAY],
		// Released 23:30 on 30 Nov 2025 in Sydney (AEDT): the month before the twelve; 00:30 on 1 Dec: the first of them.
		['2025-11-27T12:30:00Z', 3 * DAY],
		['2025-11-28T13:30:00Z', 2 * DAY]
	];
	for (const [at, after] of releases) {
		const b = await book(at, { stage: 'report_ready' });
		await db
			.update(booking)
			.set({ reportState: 'released', reportReleasedAt: new Date(new Date(at).getTime() + after) })
			.where(eq(booking.id, b.id));
	}

	// Hours: a specialist in NSW offering Mondays 9–17 and Wednesdays 9–12 and 13–15.
	const [sam] = await db.select().from(specialist).where(eq(specialist.displayName, 'Dr Sam Specialist'));
	const [ada] = await db
		.insert(specialist)
		.values({ displayName: TESTER, timeZone: 'Australia/Sydney', state: 'NSW', displayOrder: sam!.displayOrder })
		.returning();
	await db.insert(weeklyHours).values([
		{ specialistId: ada!.id, weekday: 1, startMinute: 540, endMinute: 1020 },
		{ specialistId: ada!.id, weekday: 3, startMinute: 540, endMinute: 720 },
		{ specialistId: ada!.id, weekday: 3, startMinute: 780, endMinute: 900 }
	]);
	// Monday 30 Nov closed (leave); Saturday 5 Dec opened 10–12.
	await db.insert(dateOverride).values([
		{ specialistId: ada!.id, date: '2026-11-30', ranges: [] },
		{ specialistId: ada!.id, date: '2026-12-05', ranges: [{ startMinute: 600, endMinute: 720 }] }
	]);
	await book('2026-11-17T23:00:00Z', { specialistName: TESTER }); // Wed 18 Nov 10:00 AEDT: today
	await book('2026-11-22T22:00:00Z', { specialistName: TESTER }); // Mon 23 Nov 09:00
	await book('2026-11-23T22:00:00Z', { specialistName: TESTER, stage: 'cancelled' });
	await book('2026-11-16T22:00:00Z', { specialistName: TESTER }); // Tue 17 Nov: yesterday
	await book('2026-12-15T22:00:00Z', { specialistName: TESTER }); // Wed 16 Dec: the 29th day
});
afterAll(() => app?.close());

describe('insights periods', () => {
	it('are twelve Sydney weeks from Monday and twelve Sydney months, starting at Sydney midnight', () => {
		const w = weeksTo(NOW);
		expect(w.mondays.map(String)).toContain('2026-09-28');
		expect(w.mondays[0]!.toString()).toBe('2026-08-31');
		expect(w.mondays[11]!.toString()).toBe('2026-11-16');
		expect(w.from.toISOString()).toBe('2026-08-30T14:00:00.000Z'); // AEST
		expect(w.to.toISOString()).toBe('2026-11-22T13:00:00.000Z'); // AEDT
		const m = monthsTo(NOW);
		expect(m.from.toISOString()).toBe('2025-11-30T13:00:00.000Z');
		expect(m.to.toISOString()).toBe('2026-11-30T13:00:00.000Z');
	});
});

describe('examinations per week', () => {
	it('counts each Sydney week across the daylight-saving change, by organisation, without cancelled ones', async () => {
		const w = await weeklyExaminations(app, 'organisation', NOW);
		expect(w.series).toEqual([
			{ key: 's1', name: 'Harbour Legal' },
			{ key: 's2', name: 'Southern Cross Lawyers' }
		]);
		const byWeek = Object.fromEntries(w.rows.map((r) => [r.week, [r.s1, r.s2, r.total]]));
		expect(w.rows).toHaveLength(12);
		expect(byWeek['2026-09-28']).toEqual([3, 0, 3]);
		expect(byWeek['2026-10-05']).toEqual([1, 1, 2]);
		expect(byWeek['2026-11-16']).toEqual([2, 0, 2]); // the hours fixture's two examinations
		expect(w.rows.reduce((s, r) => s + r.total, 0)).toBe(7);
	});

	it('splits by exam type', async () => {
		const w = await weeklyExaminations(app, 'exam-type', NOW);
		expect(w.series.map((s) => s.name)).toEqual(['IME — in person', 'File review']);
		expect(w.rows.find((r) => r.week === '2026-10-05')).toMatchObject({ s1: 1, s2: 1, total: 2 });
	});

	it('puts the groups past the top ones into "Other"', async () => {
		const { from, to } = weeksTo(NOW);
		const rows = await examinationsByWeek(app.database.db, 'organisation', from, to, 1);
		expect(rows).toEqual([
			{ week: '2026-09-28', key: expect.any(String), name: 'Harbour Legal', rank: 1, n: 3 },
			{ week: '2026-10-05', key: expect.any(String), name: 'Harbour Legal', rank: 1, n: 1 },
			{ week: '2026-10-05', key: null, name: null, rank: null, n: 1 },
			{ week: '2026-11-16', key: expect.any(String), name: 'Harbour Legal', rank: 1, n: 2 }
		]);
	});
});

describe('report turnaround', () => {
	it('counts whole days to release (the last bar holds 30 and more), the median and those within the SLA', async () => {
		expect(app.documents.reportDueDays).toBe(10);
		const t = await reportTurnaround(app, NOW);
		expect(t.released).toBe(7);
		expect(t.medianDays).toBe(3); // days 1, 2, 3, 3, 10, 11, 45
		expect(t.withinDue).toBe(5);
		expect(t.buckets).toHaveLength(31);
		expect(t.buckets.filter((b) => b.n > 0).map((b) => [b.label, b.n])).toEqual([
			['1', 1],
			['2', 1],
			['3', 2],
			['10', 1],
			['11', 1],
			['30+', 1]
		]);
	});
});

describe('late cancellations and no-shows', () => {
	it('counts each by the Sydney month of the examination, across the daylight-saving change', async () => {
		const m = await missedExaminations(app, NOW);
		expect(m.months).toHaveLength(12);
		expect(m.months[0]!.month).toBe('2025-12');
		const of = (month: string) => m.months.find((x) => x.month === month);
		expect(of('2026-09')).toMatchObject({ lateCancellations: 0, noShows: 1 });
		expect(of('2026-10')).toMatchObject({ lateCancellations: 1, noShows: 1 });
		expect(of('2026-11')).toMatchObject({ lateCancellations: 1, noShows: 0, label: 'Nov 2026' });
		expect(m.months.reduce((s, x) => s + x.lateCancellations + x.noShows, 0)).toBe(4);
	});
});

describe("each specialist's booked share of their hours", () => {
	it('sums weekly hours and date overrides over the next four weeks, and the examinations booked in them', async () => {
		const h = await specialistBookedShare(app, NOW);
		expect([h.firstDate, h.lastDate]).toEqual(['2026-11-18', '2026-12-15']);
		const ada = h.rows.find((r) => r.name === TESTER)!;
		// Wednesdays 18 Nov – 9 Dec: 4 × 5 h; Mondays 23 Nov – 14 Dec: 4 × 8 h less 30 Nov; Saturday 5 Dec: 2 h.
		expect(ada.offeredHours).toBe(46);
		expect(ada.examinations).toBe(2);
		expect(ada.bookedHours).toBe(Math.round(((2 * imeMinutes) / 60) * 10) / 10);
		expect(ada.bookedPercent).toBe(Math.round(((2 * imeMinutes) / 2760) * 100));
	});

	it('closes the public holidays of the specialist’s state', async () => {
		const rows = await specialistHours(app.database.db, '2026-11-18', '2026-12-15', ['NSW:2026-11-23', 'VIC:2026-11-25']);
		expect(rows.find((r) => r.name === TESTER)!.offeredMinutes).toBe(2760 - 480);
		const christmas = closedDatesBetween(new CalendarDate(2026, 12, 20), new CalendarDate(2026, 12, 31));
		expect(christmas).toContain('NSW:2026-12-25');
		expect(christmas).toContain(':2026-12-25');
		expect(christmas).not.toContain('NSW:2026-12-24');
	});
});

describe('the CSV downloads', () => {
	it('hold the table’s numbers, with a header', async () => {
		const missed = await insightCsv(app, 'missed-examinations', 'organisation', NOW);
		const lines = missed.body.trim().split('\r\n');
		expect(lines[0]).toBe('Month,Late cancellations,No-shows');
		expect(lines).toContain('2026-10,1,1');
		const weekly = await insightCsv(app, 'weekly-examinations', 'organisation', NOW);
		expect(weekly.body.split('\r\n')[0]).toBe('Week starting,Harbour Legal,Southern Cross Lawyers,Total');
		expect(weekly.body).toContain('2026-10-05,1,1,2');
		const turnaround = await insightCsv(app, 'report-turnaround', 'organisation', NOW);
		expect(turnaround.body).toContain('30+,1,no');
	});

	it('are for admins only, name a bad choice, and answer 404 for an unknown chart', async () => {
		const call = async (email: string, path: string) => {
			const { signedIn } = await signIn(app, email, DEMO_PASSWORD);
			const url = new URL(`http://localhost${path}`);
			const chart = path
				.split('/')
				.pop()!
				.split('?')[0]!
				.replace(/\.csv$/, '');
			const res = await csvEndpoint({ url, params: { chart }, locals: localsOf(app, requestFrom(), signedIn) } as never);
			return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
		};
		expect((await call('referrer@demo.test', '/admin/insights/missed-examinations.csv')).status).toBe(403);
		const ok = await call('admin@demo.test', '/admin/insights/weekly-examinations.csv?by=exam-type');
		expect(ok.status).toBe(200);
		expect(ok.type).toBe('text/csv; charset=utf-8');
		expect(ok.text.split('\r\n')[0]).toMatch(/^Week starting,.*Total$/);
		const bad = await call('admin@demo.test', '/admin/insights/weekly-examinations.csv?by=colour');
		expect(bad.status).toBe(400);
		expect(JSON.parse(bad.text).fields).toHaveProperty('by');
		expect((await call('admin@demo.test', '/admin/insights/everything.csv')).status).toBe(404);
	});
});
