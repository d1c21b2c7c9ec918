/**
 * The report turnaround's counts kept by the booking triggers (migration 0018), on PGlite and on
 * PostgreSQL: after any releases, withdrawn releases, moved examinations, inserts, deletes,
 * rollbacks and folds they equal the released reports counted one by one, per Sydney day of release
 * and whole days to release; and the histogram's median is percentile_cont's over the reports.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { migrationsFolder } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { booking } from '../../db/schema';
import { reportTurnaroundByDays, reportTurnaroundSummary } from '../../repositories/insights.repository';
import { seedDemo } from '../../demo/seed';
import { createTestApp, type TestApp } from '../../testing/app';
import { insertBooking } from '../../testing/bookings';
import { foldKeptCounts } from '../operations/operations';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Sydney midnights around the daylight-saving changes of 2026 (5 April: AEDT → AEST; 4 October: AEST → AEDT). */
const MIDNIGHTS = ['2026-04-04T13:00:00Z', '2026-04-05T14:00:00Z', '2026-10-03T14:00:00Z', '2026-10-04T13:00:00Z'].map((s) =>
	new Date(s).getTime()
);

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});

/**
 * A booking with its report (released at `releasedAt` unless null), examined at `startsAt`: its
 * appointment keeps the fixture's own free slot, the booking row is moved after (only the booking's
 * times count here, and two appointments of one specialist may not overlap).
 */
async function reportOf(startsAt: Date, releasedAt: Date | null): Promise<string> {
	const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', stage: 'report_ready' });
	await app.database.db
		.update(booking)
		.set({
			startsAt,
			endsAt: new Date(startsAt.getTime() + HOUR),
			reportReleasedAt: releasedAt,
			reportState: releasedAt ? 'released' : 'none'
		})
		.where(eq(booking.id, b.id));
	return b.id;
}
afterAll(() => app?.close());

type Count = { released_on: string; days: number; n: number };
const sorted = (rows: Count[]) =>
	rows
		.map((r) => ({ released_on: String(r.released_on).slice(0, 10), days: Number(r.days), n: Number(r.n) }))
		.sort((a, b) => `${a.released_on} ${String(a.days).padStart(6)}`.localeCompare(`${b.released_on} ${String(b.days).padStart(6)}`));
/** Released reports counted one by one: what the kept counts must equal. */
const truth = async () =>
	sorted(
		rowsOf<Count>(
			await app.database.db.execute(sql`
				SELECT to_char((report_released_at AT TIME ZONE 'Australia/Sydney')::date, 'YYYY-MM-DD') AS released_on,
					greatest(floor(extract(epoch FROM (report_released_at - starts_at)) / 86400), 0)::int AS days, count(*)::int AS n
				FROM booking WHERE report_released_at IS NOT NULL GROUP BY 1, 2`)
		)
	);
/** The tally plus the changes not folded yet. */
const kept = async () =>
	sorted(
		rowsOf<Count>(
			await app.database.db.execute(sql`
				SELECT to_char(released_on, 'YYYY-MM-DD') AS released_on, days, sum(n)::int AS n FROM
					(SELECT released_on, days, n FROM booking_turnaround_tally UNION ALL SELECT released_on, days, n FROM booking_turnaround_change) c
				GROUP BY 1, 2 HAVING sum(n) <> 0`)
		)
	);
const changes = async () =>
	Number(rowsOf<{ n: number }>(await app.database.db.execute(sql`SELECT count(*)::int AS n FROM booking_turnaround_change`))[0]!.n);

describe('report turnaround kept by the booking triggers (migration 0018)', () => {
	it('equals the released reports counted one by one after any writes, rollbacks and folds', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 4; i++) ids.push(await reportOf(new Date(MIDNIGHTS[i]! - 3 * DAY), null));
		const at = (i: number) => ids[i % ids.length]!;
		const db = app.database.db;
		// An instant within two hours of a Sydney midnight near a daylight-saving change.
		const near = fc
			.record({ m: fc.nat(MIDNIGHTS.length - 1), minutes: fc.integer({ min: -120, max: 120 }) })
			.map(({ m, minutes }) => new Date(MIDNIGHTS[m]! + minutes * 60_000));
		const command = fc.oneof(
			fc.record({ kind: fc.constant('release' as const), i: fc.nat(), at: near }),
			fc.record({ kind: fc.constant('withdraw' as const), i: fc.nat() }),
			fc.record({ kind: fc.constant('move' as const), i: fc.nat(), hours: fc.integer({ min: -24 * 40, max: 24 * 5 }) }),
			fc.record({ kind: fc.constant('release all' as const), at: near }),
			fc.record({ kind: fc.constant('touch' as const) }),
			fc.record({ kind: fc.constant('insert' as const), at: near, daysBefore: fc.integer({ min: -1, max: 45 }) }),
			fc.record({ kind: fc.constant('insert released' as const), i: fc.nat(), at: near, daysBefore: fc.integer({ min: -1, max: 45 }) }),
			fc.record({ kind: fc.constant('delete' as const), i: fc.nat() }),
			fc.record({ kind: fc.constant('rollback' as const), i: fc.nat(), at: near }),
			fc.record({ kind: fc.constant('fold' as const) })
		);
		await fc.assert(
			fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
				for (const c of commands) {
					if (c.kind === 'insert') ids.push(await reportOf(new Date(c.at.getTime() - c.daysBefore * DAY - 7 * HOUR), c.at));
					else if (c.kind === 'fold') await foldKeptCounts(app);
					else if (c.kind === 'touch') await db.update(booking).set({ updatedAt: new Date() }).where(inArray(booking.id, ids));
					else if (c.kind === 'release all') await db.update(booking).set({ reportReleasedAt: c.at }).where(inArray(booking.id, ids));
					else if (ids.length === 0) continue;
					else if (c.kind === 'insert released') {
						// Two copies of a booking, inserted already released by one statement.
						const startsAt = new Date(c.at.getTime() - c.daysBefore * DAY - 7 * HOUR);
						const copies = await db.transaction(async (tx) => {
							await tx.execute(sql`CREATE TEMP TABLE copy ON COMMIT DROP AS
								SELECT * FROM booking WHERE id = ${at(c.i)} UNION ALL SELECT * FROM booking WHERE id = ${at(c.i)}`);
							await tx.execute(sql`UPDATE copy SET id = gen_random_uuid(), reference = 'COPY-' || gen_random_uuid(),
								idempotency_key = gen_random_uuid()::text, appointment_id = NULL, starts_at = ${startsAt.toISOString()}::timestamptz,
								ends_at = ${startsAt.toISOString()}::timestamptz + interval '1 hour', report_released_at = ${c.at.toISOString()}::timestamptz`);
							return rowsOf<{ id: string }>(await tx.execute(sql`INSERT INTO booking SELECT * FROM copy RETURNING id`));
						});
						ids.push(...copies.map((r) => r.id));
					} else if (c.kind === 'release')
						await db
							.update(booking)
							.set({ reportReleasedAt: c.at })
							.where(eq(booking.id, at(c.i)));
					else if (c.kind === 'withdraw')
						await db
							.update(booking)
							.set({ reportReleasedAt: null })
							.where(eq(booking.id, at(c.i)));
					else if (c.kind === 'move')
						await db
							.update(booking)
							.set({
								startsAt: sql`${booking.startsAt} + ${c.hours} * interval '1 hour'`,
								endsAt: sql`${booking.endsAt} + ${c.hours} * interval '1 hour'`
							})
							.where(eq(booking.id, at(c.i)));
					else if (c.kind === 'delete') {
						const id = at(c.i);
						await db.delete(booking).where(eq(booking.id, id));
						ids.splice(ids.indexOf(id), 1);
					} else if (c.kind === 'rollback')
						await db
							.transaction(async (tx) => {
								await tx
									.update(booking)
									.set({ reportReleasedAt: c.at })
									.where(eq(booking.id, at(c.i)));
								throw new Error('rolled back');
							})
							.catch(() => undefined);
				}
				expect(await kept()).toEqual(await truth());
			}),
			{ numRuns: 25 }
		);
		expect((await truth()).length).toBeGreaterThan(0);
	});

	it("answers the insights' figures as the reports counted one by one would, median included", async () => {
		const db = app.database.db;
		// Any multiset of whole days, each report released at one of three instants: early on 30 June
		// 2025 in Sydney, late on 30 June (the range's last day), and just after midnight on 1 July.
		const ends = ['2025-06-29T15:00:00Z', '2025-06-30T13:30:00Z', '2025-06-30T14:30:00Z'].map((s) => new Date(s));
		let made: string[] = [];
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.record({ days: fc.integer({ min: 0, max: 40 }), on: fc.nat(2) }), { maxLength: 9 }),
				fc.integer({ min: 0, max: 20 }),
				async (reports, dueDays) => {
					if (made.length) await db.delete(booking).where(inArray(booking.id, made));
					made = [];
					for (const r of reports) {
						const releasedAt = ends[r.on]!;
						made.push(await reportOf(new Date(releasedAt.getTime() - r.days * DAY - HOUR), releasedAt));
					}
					if (reports.length % 2 === 0) await foldKeptCounts(app);
					// Sydney's June 2025 (AEST, +10): the first two releases, not the third.
					const from = new Date('2025-05-31T14:00:00Z');
					const to = new Date('2025-06-30T14:00:00Z');
					const [direct] = rowsOf<{ released: number; median: number | null; within: number }>(
						await db.execute(sql`
							SELECT count(*)::int AS released,
								percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(floor(extract(epoch FROM (report_released_at - starts_at)) / 86400), 0))::float8 AS median,
								count(*) FILTER (WHERE greatest(floor(extract(epoch FROM (report_released_at - starts_at)) / 86400), 0) <= ${dueDays}::int)::int AS within
							FROM booking WHERE report_released_at >= ${from.toISOString()}::timestamptz AND report_released_at < ${to.toISOString()}::timestamptz`)
					);
					const summary = await reportTurnaroundSummary(db, '2025-06-01', '2025-07-01', dueDays);
					expect(summary).toEqual({
						released: Number(direct!.released),
						medianDays: direct!.median === null ? null : Number(direct!.median),
						withinDue: Number(direct!.within)
					});
					const inRange = reports.filter((r) => r.on < 2);
					expect(summary.released).toBe(inRange.length);
					const byDays = await reportTurnaroundByDays(db, '2025-06-01', '2025-07-01', 30);
					const expected = new Map<number, number>();
					for (const r of inRange) expected.set(Math.min(r.days, 30), (expected.get(Math.min(r.days, 30)) ?? 0) + 1);
					expect(byDays).toEqual([...expected.entries()].sort(([a], [b]) => a - b).map(([days, n]) => ({ days, n })));
				}
			),
			{ numRuns: 30 }
		);
	});

	it('a write that moves no release appends nothing; a fold empties the changes and keeps the counts', async () => {
		const db = app.database.db;
		const id = await reportOf(new Date('2026-09-01T00:00:00Z'), new Date('2026-09-11T00:00:00Z'));
		await foldKeptCounts(app);
		expect(await changes()).toBe(0);
		await db.update(booking).set({ stage: 'paid', updatedAt: new Date() }).where(eq(booking.id, id));
		expect(await changes()).toBe(0);
		// A release a day later: one report out of (11 Sep, 10 days), one into (12 Sep, 11 days).
		await db
			.update(booking)
			.set({ reportReleasedAt: new Date('2026-09-12T00:00:00Z') })
			.where(eq(booking.id, id));
		expect(await changes()).toBe(2);
		const before = await kept();
		expect((await foldKeptCounts(app)).turnaround).toBe(2);
		expect(await changes()).toBe(0);
		expect(await kept()).toEqual(before);
		expect(await kept()).toEqual(await truth());
	});

	it('stays right with writers and folds at once', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 6; i++) ids.push(await reportOf(new Date(MIDNIGHTS[0]! - 5 * DAY), null));
		const writer = async (k: number) => {
			for (let round = 0; round < 8; round++)
				await app.database.db.transaction(async (tx) => {
					await tx
						.update(booking)
						.set({ reportReleasedAt: new Date(MIDNIGHTS[(k + round) % MIDNIGHTS.length]! + (round - 4) * HOUR) })
						.where(eq(booking.id, ids[(k + round) % ids.length]!));
					await tx
						.update(booking)
						.set({ reportReleasedAt: round % 3 === 0 ? null : new Date(MIDNIGHTS[k % MIDNIGHTS.length]!) })
						.where(eq(booking.id, ids[(k * 2 + round) % ids.length]!));
				});
		};
		const folder = async () => {
			for (let round = 0; round < 8; round++) await foldKeptCounts(app);
		};
		await Promise.all([writer(0), writer(1), writer(2), folder(), folder()]);
		expect(await kept()).toEqual(await truth());
		await foldKeptCounts(app);
		expect(await changes()).toBe(0);
		expect(await kept()).toEqual(await truth());
	});

	it('the migration counts the reports already released', async () => {
		const text = await readFile(path.join(migrationsFolder(), '0018_report_turnaround_tally.sql'), 'utf8');
		const fill = text.split('--> statement-breakpoint').at(-1)!;
		expect(fill).toContain('INSERT INTO booking_turnaround_tally');
		expect((await truth()).length).toBeGreaterThan(1);
		await app.database.db.execute(sql`DELETE FROM booking_turnaround_change`);
		await app.database.db.execute(sql`DELETE FROM booking_turnaround_tally`);
		expect(await kept()).toEqual([]);
		await app.database.db.execute(sql.raw(fill));
		expect(await kept()).toEqual(await truth());
	});

	it('a truncate of the bookings empties the counts (kept last: it takes every booking with it)', async () => {
		await reportOf(new Date('2026-09-01T00:00:00Z'), new Date('2026-09-05T00:00:00Z'));
		expect(await changes()).toBeGreaterThan(0);
		await app.database.db.execute(sql`TRUNCATE booking CASCADE`);
		expect(await truth()).toEqual([]);
		expect(await kept()).toEqual([]);
		expect(await changes()).toBe(0);
	});
});
