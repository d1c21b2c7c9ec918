/**
 * The admin dashboard's figures, read live: examinations today and tomorrow, the needs-attention
 * queue, open bookings by stage in three groups, reports, the outbox, and the scheduling upstream
 * — its cache and catalogue figures summed over every instance (ops_figure, shared-figures.ts),
 * its circuit as this instance sees it. Days are Sydney calendar days (examinations-ahead.ts).
 */
import { startOfWeek, fromDate } from '@internationalized/date';
import type { App } from '../../app';
import type { BookingStage } from '../../db/schema';
import { BOOKING_STAGES } from '../../repositories/booking.repository';
import {
	activeBookingsByStage,
	countExaminationsBetween,
	countFeesToInvoice,
	feesToInvoice,
	foldStageChanges,
	foldTurnaroundChanges,
	KEPT_COUNT_NAMES,
	miscountedKeys,
	recountKept,
	type KeptCount
} from '../../repositories/operations.repository';
import { messageCountsByStatus } from '../../repositories/outbox.repository';
import { reportsAwaited } from '../documents/report-queue';
import { countWaiting } from '../booking/adopt-upstream';
import { countOpenConflicts } from '../booking/sync-conflicts';
import { overdueExaminations } from '../cases/enclosures';
import { DESK_TIME_ZONE, deskDays, examinationsAhead } from './examinations-ahead';
import { attentionQueue, PER_KIND } from './needs-attention';
import { readSharedFigures } from './shared-figures';

/** Stages as people think of them: still to happen, being reported on, finished. */
export const STAGE_GROUPS = [
	{ key: 'active', label: 'Active', stages: ['scheduled', 'rescheduled'] },
	{ key: 'reporting', label: 'Reporting', stages: ['report_in_progress', 'report_ready'] },
	{ key: 'ended', label: 'Ended', stages: ['cancelled', 'no_show', 'paid'] }
] as const satisfies readonly { key: string; label: string; stages: readonly BookingStage[] }[];

/**
 * Folds the changes the booking triggers appended into the kept counts' tallies: the dashboard's
 * stages (migration 0016) and the insights' report turnaround (0018). A job, every minute: the
 * counts read the tally and the changes since, so they stay a few rows. Returns the changes folded.
 */
export async function foldKeptCounts(app: Pick<App, 'database'>): Promise<{ stages: number; turnaround: number }> {
	const db = app.database.db;
	return { stages: await foldStageChanges(db), turnaround: await foldTurnaroundChanges(db) };
}

/**
 * Checks each kept count against the bookings' own count, and counts again any that differ: they
 * can only differ if the triggers were skipped (a restore without them, or replication's
 * `session_replication_role = replica`). A job, soon after a start (a restore's first) and daily.
 * The check takes no lock; a recount holds booking's writers off while it counts, and checks again
 * first (every instance finds the same difference after a restore: only one counts again). Returns
 * the keys counted again per count (0: nothing done); a recount is logged, with those numbers only.
 */
export async function checkKeptCounts(app: Pick<App, 'database' | 'logger'>): Promise<Record<KeptCount, number>> {
	const db = app.database.db;
	const recounted = {} as Record<KeptCount, number>;
	for (const kept of KEPT_COUNT_NAMES) {
		recounted[kept] = (await miscountedKeys(db, kept)) === 0 ? 0 : await db.transaction((tx) => recountKept(tx, kept));
		if (recounted[kept] > 0) app.logger.warn({ kept, keys: recounted[kept] }, 'kept counts differed from the bookings: counted again');
	}
	return recounted;
}

export async function operationsSnapshot(app: App, at = new Date()) {
	const db = app.database.db;
	const days = deskDays(at);
	const local = fromDate(at, DESK_TIME_ZONE);
	const weekStart = startOfWeek(local, 'en-AU').set({ hour: 0, minute: 0, second: 0, millisecond: 0 });
	const provider = app.scheduling.provider;
	const [byStage, today, week, outboxRows, reports, waitingFromAcuity, syncConflicts, ahead, fees, feeCount, enclosures, shared] =
		await Promise.all([
			activeBookingsByStage(db),
			countExaminationsBetween(db, days.today, days.tomorrow),
			countExaminationsBetween(db, weekStart.toDate(), weekStart.add({ weeks: 1 }).toDate()),
			messageCountsByStatus(db),
			reportsAwaited(app, { kind: 'all' }, at),
			countWaiting(app),
			countOpenConflicts(db),
			examinationsAhead(db, app.cipher, at),
			feesToInvoice(db, PER_KIND),
			countFeesToInvoice(db),
			overdueExaminations(db, at),
			readSharedFigures(db)
		]);
	const stages = Object.fromEntries(BOOKING_STAGES.map((s) => [s, 0])) as Record<BookingStage, number>;
	for (const r of byStage) if (r.stage in stages) stages[r.stage as BookingStage] = Number(r.n);
	const outboxOf = (status: string) => outboxRows.find((r) => r.status === status);
	const pending = Number(outboxOf('pending')?.n ?? 0) + Number(outboxOf('sending')?.n ?? 0);
	const oldestPending = outboxOf('pending')?.oldest;
	const failed = Number(outboxOf('failed')?.n ?? 0);
	const breaker = (provider as { breaker?: { status: 'closed' | 'open' | 'half_open' } }).breaker;
	const overdueReports = reports.items.filter((i) => i.overdue);
	const attention = attentionQueue(
		{
			catalogueSync: provider.kind === 'acuity' ? shared.lastCatalogueSync : 'not_acuity',
			failedMessages: { count: failed, oldest: outboxOf('failed')?.oldest ? new Date(outboxOf('failed')!.oldest!) : null },
			overdueEnclosures: enclosures,
			overdueReports: { items: overdueReports.slice(0, PER_KIND + 1), count: reports.overdue, dueDays: reports.dueDays },
			waitingFromAcuity,
			syncConflicts,
			fees: { items: fees, count: feeCount }
		},
		at
	);
	return {
		/** Examinations today and tomorrow; the days start at these instants (Sydney midnight). */
		ahead,
		aheadDays: { today: days.today, tomorrow: days.tomorrow },
		attention,
		stages,
		stageGroups: STAGE_GROUPS.map((g) => ({
			key: g.key,
			label: g.label,
			stages: g.stages.map((stage) => ({ stage, n: stages[stage] })),
			total: g.stages.reduce((sum, stage) => sum + stages[stage], 0)
		})),
		examinationsToday: Number(today ?? 0),
		examinationsThisWeek: Number(week ?? 0),
		reports: {
			awaited: reports.items.length,
			overdue: reports.overdue,
			dueDays: reports.dueDays,
			oldest: overdueReports.slice(0, 5)
		},
		outbox: {
			pending,
			failed,
			oldestPendingMinutes: oldestPending ? Math.max(0, Math.floor((at.getTime() - new Date(oldestPending).getTime()) / 60_000)) : null
		},
		scheduling: {
			provider: provider.kind,
			/** Appointments made in Acuity that are not bookings yet: they need an admin. */
			waitingFromAcuity,
			syncConflicts,
			/** This instance's view of Acuity (each instance has its own circuit). */
			circuit: breaker?.status ?? null,
			/** Every instance's lookups together (ops_figure). */
			cacheReads: shared.cacheReads,
			cacheHitRate: shared.cacheHitRate,
			staleServed: shared.staleServed,
			lastCatalogueSync: shared.lastCatalogueSync
		}
	};
}
export type OperationsSnapshot = Awaited<ReturnType<typeof operationsSnapshot>>;
