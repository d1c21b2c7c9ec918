/** The operations dashboard's booking figures, read live across every organisation. */
import { and, asc, eq, gte, lt, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { rowsOf } from '../db/rows';
import { appointmentType, booking, bookingLogistics, specialist } from '../db/schema';

/**
 * Active bookings counted by stage (stages without any are absent), from the counts the booking
 * triggers keep (migration 0016): the tally as of its last fold plus the changes since, a few
 * rows whatever the number of bookings.
 */
export async function activeBookingsByStage(exec: Executor): Promise<{ stage: string; n: number }[]> {
	const result = await exec.execute(sql`
		SELECT stage, sum(n)::int AS n FROM (
			SELECT stage, n FROM booking_stage_tally WHERE status = 'active'
			UNION ALL
			SELECT stage, n FROM booking_stage_change WHERE status = 'active'
		) counts
		GROUP BY stage
		HAVING sum(n) <> 0`);
	return rowsOf<{ stage: string; n: number }>(result).map((r) => ({ stage: r.stage, n: Number(r.n) }));
}

/**
 * The counts the booking triggers keep: each one's change log, its tally, the key they share, and
 * what they count, read from the bookings themselves as the triggers count them (the migrations'
 * fill statements: the turnaround's Sydney days are written into its trigger too).
 */
const KEPT_COUNTS = {
	stages: {
		change: 'booking_stage_change',
		tally: 'booking_stage_tally',
		key: 'status, stage',
		truth: 'SELECT status, stage, count(*) AS n FROM booking GROUP BY status, stage'
	},
	turnaround: {
		change: 'booking_turnaround_change',
		tally: 'booking_turnaround_tally',
		key: 'released_on, days',
		truth: `SELECT (report_released_at AT TIME ZONE 'Australia/Sydney')::date AS released_on,
			greatest(floor(extract(epoch FROM (report_released_at - starts_at)) / 86400), 0)::int AS days, count(*) AS n
			FROM booking WHERE report_released_at IS NOT NULL GROUP BY 1, 2`
	}
} as const;

export type KeptCount = keyof typeof KEPT_COUNTS;
export const KEPT_COUNT_NAMES = Object.keys(KEPT_COUNTS) as KeptCount[];

/**
 * How many of a kept count's keys differ from the bookings' own count: one statement, so one
 * snapshot (the triggers write in the bookings' own transactions), and no lock. Not 0 only when the
 * triggers were skipped: a restore without them, `session_replication_role = replica`.
 */
export async function miscountedKeys(exec: Executor, kept: KeptCount): Promise<number> {
	const { change, tally, key, truth } = KEPT_COUNTS[kept];
	const result = await exec.execute(
		sql.raw(`
		SELECT count(*)::int AS wrong
		FROM (${truth}) truth
		FULL JOIN (
			SELECT ${key}, sum(n) AS n FROM (SELECT ${key}, n FROM ${tally} UNION ALL SELECT ${key}, n FROM ${change}) k GROUP BY ${key}
		) kept USING (${key})
		WHERE coalesce(truth.n, 0) <> coalesce(kept.n, 0)`)
	);
	return Number(rowsOf<{ wrong: number }>(result)[0]?.wrong ?? 0);
}

/**
 * Counts a kept count again from the bookings if it still differs once booking's writers, and
 * another recount, are held off (SHARE ROW EXCLUSIVE, waited for at most 2 s: a long booking
 * transaction ahead is left alone, and the writers queued behind this wait are not stalled long).
 * Its changes are dropped, so none is counted twice or lost. Run inside a transaction. Returns the
 * keys that differed under the lock (0: another instance had counted again; nothing done).
 */
export async function recountKept(tx: Executor, kept: KeptCount): Promise<number> {
	const { change, tally, key, truth } = KEPT_COUNTS[kept];
	await tx.execute(sql`SET LOCAL lock_timeout = '2s'`);
	await tx.execute(sql`LOCK TABLE booking IN SHARE ROW EXCLUSIVE MODE`);
	const wrong = await miscountedKeys(tx, kept);
	if (wrong === 0) return 0;
	await tx.execute(sql.raw(`DELETE FROM ${change}`));
	await tx.execute(sql.raw(`DELETE FROM ${tally}`));
	await tx.execute(sql.raw(`INSERT INTO ${tally} (${key}, n) SELECT ${key}, n FROM (${truth}) truth`));
	return wrong;
}

/**
 * Folds the changes the booking triggers appended into the tally, in one statement: a change
 * committed while it runs is left for the next fold, and two folds at once add each change once
 * (the second finds the first's rows gone). The INSERT runs though nothing reads it (PostgreSQL runs
 * every data-modifying WITH to completion). Tally rows are written in key order, so two folds
 * never deadlock. Returns how many changes were folded. (Table and column names are the constants
 * above, never input.)
 */
async function foldChanges(exec: Executor, kept: KeptCount): Promise<number> {
	const { change, tally, key } = KEPT_COUNTS[kept];
	const result = await exec.execute(
		sql.raw(`
		WITH moved AS (DELETE FROM ${change} RETURNING ${key}, n),
		sums AS (SELECT ${key}, sum(n) AS n, count(*) AS changes FROM moved GROUP BY ${key}),
		written AS (
			INSERT INTO ${tally} (${key}, n)
			SELECT ${key}, n FROM sums ORDER BY ${key}
			ON CONFLICT (${key}) DO UPDATE SET n = ${tally}.n + excluded.n
		)
		SELECT coalesce(sum(changes), 0)::int AS folded FROM sums`)
	);
	return Number(rowsOf<{ folded: number }>(result)[0]?.folded ?? 0);
}

/** The dashboard's stage counts (migration 0016): their changes folded into the tally. */
export function foldStageChanges(exec: Executor): Promise<number> {
	return foldChanges(exec, 'stages');
}

/** The insights' report turnaround (migration 0018): its changes folded into the tally. */
export function foldTurnaroundChanges(exec: Executor): Promise<number> {
	return foldChanges(exec, 'turnaround');
}

/** How many examinations still held (any stage but cancelled, any status) start in [from, to). */
export async function countExaminationsBetween(exec: Executor, from: Date, to: Date): Promise<number | null> {
	const [row] = await exec
		.select({ n: sql<number>`count(*)::int` })
		.from(booking)
		.where(and(gte(booking.startsAt, from), lt(booking.startsAt, to), notInArray(booking.stage, ['cancelled'])));
	return row?.n ?? null;
}

/**
 * The examinations held in [from, to), soonest first, for the dashboard's "today and tomorrow":
 * the sealed examinee (initials and the interpreter before logistics are saved) and the plain
 * interpreter flag of saved logistics (null when none are saved). booking_starts_idx serves the
 * range in order.
 */
export async function examinationsBetween(exec: Executor, from: Date, to: Date, limit: number) {
	return exec
		.select({
			id: booking.id,
			reference: booking.reference,
			startsAt: booking.startsAt,
			clinicTimeZone: booking.clinicTimeZone,
			stage: booking.stage,
			specialistName: specialist.displayName,
			mode: appointmentType.mode,
			examineeEncrypted: booking.examineeEncrypted,
			interpreterNeeded: bookingLogistics.interpreterNeeded
		})
		.from(booking)
		.innerJoin(specialist, eq(specialist.id, booking.specialistId))
		.innerJoin(appointmentType, eq(appointmentType.id, booking.appointmentTypeId))
		.leftJoin(bookingLogistics, eq(bookingLogistics.bookingId, booking.id))
		.where(and(gte(booking.startsAt, from), lt(booking.startsAt, to), notInArray(booking.stage, ['cancelled'])))
		.orderBy(asc(booking.startsAt), asc(booking.id))
		.limit(limit);
}

/** Late cancellations whose fee is still to invoice: the predicate of the partial index booking_fee_to_invoice_idx. */
const feeToInvoice = () =>
	// Written as the index's predicate is, so the planner sees it implied.
	sql`${booking.lateCancellation} AND ${booking.cancellationFeeCents} > 0 AND ${booking.cancellationInvoicedAt} IS NULL`;

/** The oldest late-cancellation fees still to invoice (by the examination's time), and how many there are. */
export async function feesToInvoice(exec: Executor, limit: number) {
	return exec
		.select({
			id: booking.id,
			reference: booking.reference,
			startsAt: booking.startsAt,
			clinicTimeZone: booking.clinicTimeZone,
			feeCents: booking.cancellationFeeCents
		})
		.from(booking)
		.where(feeToInvoice())
		.orderBy(asc(booking.startsAt), asc(booking.id))
		.limit(limit);
}

export async function countFeesToInvoice(exec: Executor): Promise<number> {
	const [row] = await exec
		.select({ n: sql<number>`count(*)::int` })
		.from(booking)
		.where(feeToInvoice());
	return row?.n ?? 0;
}

/**
 * Marks a late-cancellation fee invoiced, once: answers the booking id, or null when there was no
 * fee left to invoice (none, already invoiced, or no such booking).
 */
export async function markFeeInvoiced(exec: Executor, bookingId: string, by: string, at: Date): Promise<string | null> {
	const [row] = await exec
		.update(booking)
		.set({ cancellationInvoicedAt: at, cancellationInvoicedBy: by, updatedAt: at })
		.where(and(eq(booking.id, bookingId), feeToInvoice()))
		.returning({ id: booking.id });
	return row?.id ?? null;
}
