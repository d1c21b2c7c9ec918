/**
 * The admin dashboard against known data: stages in three groups, examinations today and
 * tomorrow (initials only), the needs-attention queue's contents and order, the figures every
 * instance shares, and marking a late-cancellation fee invoiced.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import { migrationsFolder } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { auditLog, BOOKING_STAGES, booking, bookingHistory, bookingLogistics, opsFigure, outbox } from '../../db/schema';
import { activeBookingsByStage } from '../../repositories/operations.repository';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { insertBooking, userIdOf } from '../../testing/bookings';
import { logisticsSchema } from '../../../schemas/case';
import { sealLogistics } from '../cases/logistics';
import { enqueue } from '../outbox/outbox';
import { examinationsAhead, initialsOf } from './examinations-ahead';
import { checkKeptCounts, foldKeptCounts, operationsSnapshot } from './operations';
import { FigureFlusher, readSharedFigures, shareCatalogueSync } from './shared-figures';

const DAY = 86_400_000;
/** Wednesday 10 March 2027, 12:00 in Sydney (AEDT, UTC+11). */
const AT = new Date('2027-03-10T01:00:00Z');
/** An instant given as Sydney wall time on a day of March 2027 (AEDT). */
const sydney = (day: number, hh: number, mm = 0) => new Date(Date.UTC(2027, 2, day, hh - 11, mm));

async function adminCaller(app: TestApp, email = 'admin@demo.test') {
	const { signedIn, meta } = await signIn(app, email, DEMO_PASSWORD);
	return { caller: createCallerFactory(appRouter)(localsOf(app, meta, signedIn)), userId: signedIn.user.id };
}

async function failedMessage(app: TestApp) {
	const id = await enqueue(app.database.db, app.cipher, {
		channel: 'email',
		template: 'booking_notice',
		to: 'b@example.com',
		subject: 's',
		text: 't'
	});
	await app.database.db.update(outbox).set({ status: 'failed' }).where(eq(outbox.id, id));
}

/** A booking cancelled late with a fee (and maybe already invoiced). */
async function lateCancellation(app: TestApp, startsAt: Date, feeCents: number, invoicedAt: Date | null = null) {
	const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt });
	await app.database.db
		.update(booking)
		.set({ stage: 'cancelled', lateCancellation: true, cancellationFeeCents: feeCents, cancellationInvoicedAt: invoicedAt })
		.where(eq(booking.id, b.id));
	return b;
}

describe('operations dashboard', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp();
		await seedDemo(app);
	});
	afterAll(() => app.close());

	it('counts what is there, groups the stages, and flags what is late', async () => {
		const before = await operationsSnapshot(app);
		const now = Date.now();
		// Later today (Sydney) unless it is nearly midnight there; 20 days ago, report never started.
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(now + 60_000) });
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(now - 20 * DAY), stage: 'report_in_progress' });
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(now - 2 * DAY) });
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(now + 3 * DAY), stage: 'cancelled', status: 'closed' });
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(now - 4 * DAY), stage: 'no_show' });
		await enqueue(app.database.db, app.cipher, {
			channel: 'email',
			template: 'booking_notice',
			to: 'a@example.com',
			subject: 's',
			text: 't'
		});
		await failedMessage(app);

		const ops = await operationsSnapshot(app);
		expect(ops.stages.scheduled - before.stages.scheduled).toBe(2);
		expect(ops.stages.report_in_progress - before.stages.report_in_progress).toBe(1);
		expect(ops.stages.cancelled - before.stages.cancelled).toBe(0); // closed: not active work
		const group = (key: string) => ops.stageGroups.find((g) => g.key === key)!;
		expect(ops.stageGroups.map((g) => [g.label, g.stages.map((s) => s.stage)])).toEqual([
			['Active', ['scheduled', 'rescheduled']],
			['Reporting', ['report_in_progress', 'report_ready']],
			['Ended', ['cancelled', 'no_show', 'paid']]
		]);
		// No-show is an ended booking, not an active one.
		expect(group('ended').stages.find((s) => s.stage === 'no_show')!.n).toBe(ops.stages.no_show);
		expect(group('active').total).toBe(ops.stages.scheduled + ops.stages.rescheduled);
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

	it('is for admins only', async () => {
		const { caller } = await adminCaller(app, 'referrer@demo.test');
		await expect(caller.admin.operations()).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});

describe('stage counts kept by the booking triggers (migration 0016)', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp();
		await seedDemo(app);
	});
	afterAll(() => app.close());

	type Count = { status: string; stage: string; n: number };
	const sorted = (rows: Count[]) =>
		rows.map((r) => ({ ...r, n: Number(r.n) })).sort((a, b) => `${a.status} ${a.stage}`.localeCompare(`${b.status} ${b.stage}`));
	/** Bookings counted one by one: what the kept counts must equal. */
	const truth = async () =>
		sorted(rowsOf<Count>(await app.database.db.execute(sql`SELECT status, stage, count(*)::int AS n FROM booking GROUP BY status, stage`)));
	/** The tally plus the changes not folded yet, every status. */
	const kept = async () =>
		sorted(
			rowsOf<Count>(
				await app.database.db.execute(sql`SELECT status, stage, sum(n)::int AS n FROM
					(SELECT status, stage, n FROM booking_stage_tally UNION ALL SELECT status, stage, n FROM booking_stage_change) c
					GROUP BY status, stage HAVING sum(n) <> 0`)
			)
		);
	const changes = async () =>
		Number(rowsOf<{ n: number }>(await app.database.db.execute(sql`SELECT count(*)::int AS n FROM booking_stage_change`))[0]!.n);
	const activeTruth = async () =>
		(await truth())
			.filter((r) => r.status === 'active')
			.map(({ stage, n }) => ({ stage, n }))
			.sort((a, b) => a.stage.localeCompare(b.stage));
	const activeKept = async () => (await activeBookingsByStage(app.database.db)).sort((a, b) => a.stage.localeCompare(b.stage));

	it('equal the bookings counted one by one after any inserts, updates, deletes, rollbacks and folds', async () => {
		const statuses = ['active', 'closed', 'archived'] as const;
		const ids: string[] = [];
		for (let i = 0; i < 4; i++) ids.push((await insertBooking(app, { ownerEmail: 'referrer@demo.test' })).booking.id);
		const at = (i: number) => ids[i % ids.length]!;
		const command = fc.oneof(
			fc.record({ kind: fc.constant('stage' as const), i: fc.nat(), stage: fc.constantFrom(...BOOKING_STAGES) }),
			fc.record({ kind: fc.constant('status' as const), i: fc.nat(), status: fc.constantFrom(...statuses) }),
			fc.record({
				kind: fc.constant('both' as const),
				i: fc.nat(),
				stage: fc.constantFrom(...BOOKING_STAGES),
				status: fc.constantFrom(...statuses)
			}),
			fc.record({ kind: fc.constant('many' as const), from: fc.constantFrom(...BOOKING_STAGES), to: fc.constantFrom(...BOOKING_STAGES) }),
			fc.record({ kind: fc.constant('touch' as const) }),
			fc.record({ kind: fc.constant('insert' as const), stage: fc.constantFrom(...BOOKING_STAGES), status: fc.constantFrom(...statuses) }),
			fc.record({ kind: fc.constant('delete' as const), i: fc.nat() }),
			fc.record({ kind: fc.constant('rollback' as const), i: fc.nat(), stage: fc.constantFrom(...BOOKING_STAGES) }),
			fc.record({ kind: fc.constant('fold' as const) })
		);
		const db = app.database.db;
		await fc.assert(
			fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
				for (const c of commands) {
					if (c.kind === 'insert') {
						const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', stage: c.stage, status: c.status });
						ids.push(b.id);
					} else if (c.kind === 'fold') await foldKeptCounts(app);
					else if (c.kind === 'touch') await db.update(booking).set({ updatedAt: new Date() }).where(inArray(booking.id, ids));
					else if (c.kind === 'many')
						await db
							.update(booking)
							.set({ stage: c.to })
							.where(and(inArray(booking.id, ids), eq(booking.stage, c.from)));
					else if (ids.length === 0) continue;
					else if (c.kind === 'stage')
						await db
							.update(booking)
							.set({ stage: c.stage })
							.where(eq(booking.id, at(c.i)));
					else if (c.kind === 'status')
						await db
							.update(booking)
							.set({ status: c.status })
							.where(eq(booking.id, at(c.i)));
					else if (c.kind === 'both')
						await db
							.update(booking)
							.set({ stage: c.stage, status: c.status })
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
									.set({ stage: c.stage })
									.where(eq(booking.id, at(c.i)));
								throw new Error('rolled back');
							})
							.catch(() => undefined);
				}
				expect(await kept()).toEqual(await truth());
				expect(await activeKept()).toEqual(await activeTruth());
			}),
			{ numRuns: 25 }
		);
	});

	it('a write that changes no status or stage appends nothing; a fold empties the changes and keeps the counts', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test' });
		await foldKeptCounts(app);
		expect(await changes()).toBe(0);
		await app.database.db.update(booking).set({ updatedAt: new Date() }).where(eq(booking.id, b.id));
		expect(await changes()).toBe(0);
		// One row out of (active, scheduled), one into (active, cancelled).
		await app.database.db.update(booking).set({ stage: 'cancelled' }).where(eq(booking.id, b.id));
		expect(await changes()).toBe(2);
		const before = await kept();
		expect((await foldKeptCounts(app)).stages).toBe(2);
		expect(await changes()).toBe(0);
		expect(await kept()).toEqual(before);
		expect(await kept()).toEqual(await truth());
	});

	it('stay right with writers and folds at once', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 6; i++) ids.push((await insertBooking(app, { ownerEmail: 'referrer@demo.test' })).booking.id);
		const stages = ['scheduled', 'rescheduled', 'report_in_progress', 'report_ready', 'paid'] as const;
		const writer = async (k: number) => {
			for (let round = 0; round < 8; round++)
				await app.database.db.transaction(async (tx) => {
					await tx
						.update(booking)
						.set({ stage: stages[(k + round) % stages.length] })
						.where(eq(booking.id, ids[(k + round) % ids.length]!));
					await tx
						.update(booking)
						.set({ status: round % 3 === 0 ? 'closed' : 'active' })
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

	it('the migration counts the bookings already there', async () => {
		const text = await readFile(path.join(migrationsFolder(), '0016_booking_stage_tally.sql'), 'utf8');
		const fill = text.split('--> statement-breakpoint').at(-1)!;
		expect(fill).toContain('INSERT INTO booking_stage_tally');
		await app.database.db.execute(sql`DELETE FROM booking_stage_change`);
		await app.database.db.execute(sql`DELETE FROM booking_stage_tally`);
		expect(await kept()).toEqual([]);
		await app.database.db.execute(sql.raw(fill));
		expect(await kept()).toEqual(await truth());
		expect((await truth()).length).toBeGreaterThan(2);
	});

	it('a check finds counts the triggers missed and counts them again, also two checks at once; right counts are left alone', async () => {
		await foldKeptCounts(app);
		expect(await checkKeptCounts(app)).toEqual({ stages: 0, turnaround: 0 });
		expect(await changes()).toBe(0);
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test' });
		expect(await changes()).toBe(1);
		// A write the triggers never see, as a restore without them or a replica's apply makes it.
		await app.database.db.transaction(async (tx) => {
			await tx.execute(sql`SET LOCAL session_replication_role = replica`);
			await tx.update(booking).set({ stage: 'report_ready', reportReleasedAt: new Date() }).where(eq(booking.id, b.id));
		});
		expect(await kept()).not.toEqual(await truth());
		// Out of (active, scheduled), into (active, report_ready); one release day counted. Two checks at
		// once count each again once between them (either may take either; the other finds it right
		// once it has the lock).
		const both = await Promise.all([checkKeptCounts(app), checkKeptCounts(app)]);
		expect(both.map((r) => r.stages).sort()).toEqual([0, 2]);
		expect(both.map((r) => r.turnaround).sort()).toEqual([0, 1]);
		expect(await kept()).toEqual(await truth());
		expect(await activeKept()).toEqual(await activeTruth());
		expect(await changes()).toBe(0);
		expect(await checkKeptCounts(app)).toEqual({ stages: 0, turnaround: 0 });
		// Counted again, the triggers go on from there.
		await app.database.db.update(booking).set({ stage: 'paid' }).where(eq(booking.id, b.id));
		expect(await kept()).toEqual(await truth());
	});

	it('a truncate of the bookings empties the counts (kept last: it takes every booking with it)', async () => {
		await insertBooking(app, { ownerEmail: 'referrer@demo.test' });
		expect(await changes()).toBeGreaterThan(0);
		expect((await kept()).length).toBeGreaterThan(0);
		await app.database.db.execute(sql`TRUNCATE booking CASCADE`);
		expect(await truth()).toEqual([]);
		expect(await kept()).toEqual([]);
		expect(await changes()).toBe(0);
	});
});

describe('examinations today and tomorrow', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp();
		await seedDemo(app);
	});
	afterAll(() => app.close());

	it('lists the two Sydney days soonest first, with initials, mode and interpreter — and nothing else of the examinee', async () => {
		const ref = (b: { reference: string }) => b.reference;
		const early = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			startsAt: sydney(10, 9),
			examinee: { givenNames: 'zoë-Anne Maree', familyName: 'de Silva', interpreter: 'yes', language: 'Portuguese' }
		});
		// The examinee asked for an interpreter, but the saved logistics say none comes: the logistics win.
		const tele = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			specialistName: 'Dr Mei Chen',
			typeName: 'IME — telehealth',
			startsAt: sydney(11, 10),
			examinee: { givenNames: 'Bao', familyName: 'Tran', interpreter: 'yes', language: 'Vietnamese' }
		});
		await app.database.db.insert(bookingLogistics).values({
			bookingId: tele.booking.id,
			dataEncrypted: sealLogistics(app.cipher, logisticsSchema.parse({})),
			interpreterNeeded: false,
			updatedByUserId: await userIdOf(app, 'admin@demo.test')
		});
		const lateTomorrow = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: sydney(11, 23, 30) });
		// Not shown: cancelled, yesterday, the day after tomorrow (00:30 Sydney is still 11 March in UTC).
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: sydney(11, 14), stage: 'cancelled' });
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: sydney(9, 15) });
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', specialistName: 'Dr James Whitford', startsAt: sydney(12, 0, 30) });

		const ahead = await examinationsAhead(app.database.db, app.cipher, AT);
		expect(ahead.map((e) => [e.reference, e.day, e.initials, e.mode, e.interpreter, e.specialistName])).toEqual([
			[ref(early.booking), 'today', 'Z D', 'in_person', true, 'Dr Sam Specialist'],
			[ref(tele.booking), 'tomorrow', 'B T', 'telehealth', false, 'Dr Mei Chen'],
			[ref(lateTomorrow.booking), 'tomorrow', 'A E', 'in_person', false, 'Dr Sam Specialist']
		]);
		expect(ahead[1]).toMatchObject({ id: tele.booking.id, clinicTimeZone: 'Australia/Melbourne', startsAt: sydney(11, 10) });
		// Ids left out: a UUID can hold "0412" by chance.
		const text = JSON.stringify(ahead).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');
		for (const phi of ['Silva', 'Maree', 'Tran', 'Bao', 'Portuguese', 'Vietnamese', '1980-01-01', 'CLM-', '0412'])
			expect(text).not.toContain(phi);

		const ops = await operationsSnapshot(app, AT);
		expect(ops.ahead.map((e) => e.reference)).toEqual(ahead.map((e) => e.reference));
		expect(ops.aheadDays).toEqual({ today: sydney(10, 0), tomorrow: sydney(11, 0) });
	});

	it('takes the first letters of the first given name and the family name', () => {
		expect(initialsOf({ givenNames: ' élodie Marie', familyName: "O'Brien" })).toBe('É O');
		expect(initialsOf({ givenNames: 'Wei', familyName: '' })).toBe('W');
	});
});

describe('needs attention', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp();
		await seedDemo(app);
	});
	afterAll(() => app.close());

	it('lists failed messages, overdue reports and fees to invoice, most urgent first', async () => {
		const older = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			startsAt: new Date(AT.getTime() - 30 * DAY),
			stage: 'report_in_progress'
		});
		const newer = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(AT.getTime() - 12 * DAY) });
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(AT.getTime() - 5 * DAY) }); // not due yet
		const fee = await lateCancellation(app, new Date(AT.getTime() - 60 * DAY), 55_000);
		await lateCancellation(app, new Date(AT.getTime() - 61 * DAY), 55_000, new Date(AT.getTime() - DAY)); // invoiced
		await lateCancellation(app, new Date(AT.getTime() - 62 * DAY), 0); // waived
		await failedMessage(app);
		await failedMessage(app);

		const { attention } = await operationsSnapshot(app, AT);
		expect(attention.items.map((i) => [i.severity, i.kind, i.reference, i.title, i.href])).toEqual([
			['now', 'messages_failed', null, '2 messages could not be sent', '/admin/outbox'],
			['overdue', 'report_overdue', older.booking.reference, 'Report overdue by 20 days', `/bookings/${older.booking.id}`],
			['overdue', 'report_overdue', newer.booking.reference, 'Report overdue by 2 days', `/bookings/${newer.booking.id}`],
			['money', 'fee_to_invoice', fee.reference, 'Late-cancellation fee to invoice: $550.00', `/bookings/${fee.id}#cancellation-fee`]
		]);
		expect(attention.feesNotListed).toBe(0);
	});

	it('drops a fee once an admin marks it invoiced, with a history row and an audit record', async () => {
		const fee = await lateCancellation(app, new Date(AT.getTime() - 90 * DAY), 33_000);
		const admin = await adminCaller(app);
		await admin.caller.lifecycle.markFeeInvoiced({ bookingId: fee.id });

		const [row] = await app.database.db.select().from(booking).where(eq(booking.id, fee.id));
		expect(row!.cancellationInvoicedBy).toBe(admin.userId);
		expect(row!.cancellationInvoicedAt).toBeInstanceOf(Date);
		const history = await app.database.db
			.select()
			.from(bookingHistory)
			.where(and(eq(bookingHistory.bookingId, fee.id), eq(bookingHistory.action, 'cancellation_fee_invoiced')));
		expect(history).toHaveLength(1);
		expect(history[0]!.actorUserId).toBe(admin.userId);
		const audit = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, fee.id), eq(auditLog.action, 'booking.fee_invoiced')));
		expect(audit.map((a) => [a.actor, a.outcome])).toEqual([[admin.userId, 'granted']]);
		const detail = await admin.caller.bookings.get({ id: fee.id });
		expect(detail.cancellationInvoicedAt).toBeInstanceOf(Date);
		expect(detail.history.at(-1)!.summary).toBe('Cancellation fee invoiced');

		const { attention } = await operationsSnapshot(app, AT);
		expect(attention.items.map((i) => i.reference)).not.toContain(fee.reference);

		// Twice is refused, and so is a booking without a fee.
		await expect(admin.caller.lifecycle.markFeeInvoiced({ bookingId: fee.id })).rejects.toMatchObject({
			code: 'CONFLICT',
			message: 'The cancellation fee is already marked invoiced.'
		});
		const plain = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(AT.getTime() - 95 * DAY) });
		await expect(admin.caller.lifecycle.markFeeInvoiced({ bookingId: plain.booking.id })).rejects.toMatchObject({
			code: 'CONFLICT',
			message: 'This booking has no cancellation fee to invoice.'
		});
	});

	it('lets only admins mark a fee invoiced', async () => {
		const fee = await lateCancellation(app, new Date(AT.getTime() - 100 * DAY), 33_000);
		const referrer = await adminCaller(app, 'referrer@demo.test');
		await expect(referrer.caller.lifecycle.markFeeInvoiced({ bookingId: fee.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const rival = await adminCaller(app, 'rival@demo.test');
		await expect(rival.caller.lifecycle.markFeeInvoiced({ bookingId: fee.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(referrer.caller.lifecycle.markFeeInvoiced({ bookingId: 'not-an-id' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		const [row] = await app.database.db.select().from(booking).where(eq(booking.id, fee.id));
		expect(row!.cancellationInvoicedAt).toBeNull();
	});
});

describe('figures shared by every instance', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp();
		await seedDemo(app);
	});
	afterAll(() => app.close());

	it('shows the sum of what two instances counted, and adds each count once', async () => {
		await app.database.db.delete(opsFigure);
		const one = { fresh: 0, stale: 0, loaded: 0 };
		const two = { fresh: 0, stale: 0, loaded: 0 };
		const first = new FigureFlusher(app.database.db, () => one);
		const second = new FigureFlusher(app.database.db, () => two);
		Object.assign(one, { fresh: 3, stale: 1, loaded: 2 });
		Object.assign(two, { fresh: 1, stale: 0, loaded: 1 });
		await Promise.all([first.flush(), second.flush(), first.flush()]);
		expect(await readSharedFigures(app.database.db)).toMatchObject({ cacheReads: 8, staleServed: 1, cacheHitRate: 5 / 8 });

		// Only what is new is added; a counter that started again counts from zero.
		one.fresh = 5;
		Object.assign(two, { fresh: 0, stale: 0, loaded: 2 });
		await Promise.all([first.flush(), second.flush()]);
		const ops = await operationsSnapshot(app);
		expect(ops.scheduling).toMatchObject({ cacheReads: 12, staleServed: 1, cacheHitRate: 7 / 12 });
	});

	it('adds a failed flush’s counts with the next one', async () => {
		await app.database.db.delete(opsFigure);
		let down = true;
		// The database is unreachable for the first flush only.
		const flaky = new Proxy(app.database.db, {
			get: (target, key, receiver) =>
				key === 'insert' && down
					? () => {
							throw new Error('connection refused');
						}
					: Reflect.get(target, key, receiver)
		});
		const counts = { fresh: 2, stale: 0, loaded: 2 };
		const flusher = new FigureFlusher(flaky, () => counts);
		await expect(flusher.flush()).rejects.toThrow('connection refused');
		down = false;
		counts.loaded = 3;
		await flusher.flush();
		expect(await readSharedFigures(app.database.db)).toMatchObject({ cacheReads: 5, cacheHitRate: 2 / 5 });
	});

	it('keeps the newest catalogue sync of any instance', async () => {
		await app.scheduling.syncCatalogue();
		const mine = (await operationsSnapshot(app)).scheduling.lastCatalogueSync;
		expect(mine).toMatchObject({ ok: true });
		const later = new Date(mine!.at.getTime() + 60_000);
		await shareCatalogueSync(app.database.db, { at: later, ok: false }); // another instance's failure
		expect((await operationsSnapshot(app)).scheduling.lastCatalogueSync).toEqual({ at: later, ok: false });
	});
});
