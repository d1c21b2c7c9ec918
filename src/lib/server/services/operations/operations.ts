/**
 * The operations dashboard's figures, read live: active bookings by stage, examinations today and
 * in the next seven days (Sydney days), reports awaited and overdue, the outbox backlog and
 * failures, and the scheduling upstream as this instance sees it (circuit, cache hit rate, last
 * catalogue sync).
 */
import { fromDate, startOfWeek } from '@internationalized/date';
import type { App } from '../../app';
import type { BookingStage } from '../../db/schema';
import { BOOKING_STAGES } from '../../repositories/booking.repository';
import { activeBookingsByStage, countExaminationsBetween } from '../../repositories/operations.repository';
import { messageCountsByStatus } from '../../repositories/outbox.repository';
import { reportsAwaited } from '../documents/report-queue';
import { countWaiting } from '../booking/adopt-upstream';
import { countOpenConflicts } from '../booking/sync-conflicts';

const HOME_ZONE = 'Australia/Sydney';

export async function operationsSnapshot(app: App, at = new Date()) {
	const db = app.database.db;
	const local = fromDate(at, HOME_ZONE).set({ hour: 0, minute: 0, second: 0, millisecond: 0 });
	const todayStart = local.toDate();
	const tomorrow = local.add({ days: 1 }).toDate();
	const weekStart = startOfWeek(local, 'en-AU').toDate();
	const weekEnd = startOfWeek(local, 'en-AU').add({ weeks: 1 }).toDate();
	const [byStage, today, week, outboxRows, reports, waitingFromAcuity, syncConflicts] = await Promise.all([
		activeBookingsByStage(db),
		countExaminationsBetween(db, todayStart, tomorrow),
		countExaminationsBetween(db, weekStart, weekEnd),
		messageCountsByStatus(db),
		reportsAwaited(app, { kind: 'all' }, at),
		countWaiting(app),
		countOpenConflicts(db)
	]);
	const stages = Object.fromEntries(BOOKING_STAGES.map((s) => [s, 0])) as Record<BookingStage, number>;
	for (const r of byStage) if (r.stage in stages) stages[r.stage as BookingStage] = Number(r.n);
	const outboxOf = (status: string) => outboxRows.find((r) => r.status === status);
	const pending = Number(outboxOf('pending')?.n ?? 0) + Number(outboxOf('sending')?.n ?? 0);
	const oldestPending = outboxOf('pending')?.oldest;
	const provider = app.scheduling.provider;
	const breaker = (provider as { breaker?: { status: 'closed' | 'open' | 'half_open' } }).breaker;
	const s = app.scheduling.availability.stats;
	const reads = s.fresh + s.stale + s.loaded;
	return {
		stages,
		examinationsToday: Number(today ?? 0),
		examinationsThisWeek: Number(week ?? 0),
		reports: {
			awaited: reports.items.length,
			overdue: reports.overdue,
			dueDays: reports.dueDays,
			oldest: reports.items.filter((i) => i.overdue).slice(0, 5)
		},
		outbox: {
			pending,
			failed: Number(outboxOf('failed')?.n ?? 0),
			oldestPendingMinutes: oldestPending ? Math.max(0, Math.floor((at.getTime() - new Date(oldestPending).getTime()) / 60_000)) : null
		},
		scheduling: {
			provider: provider.kind,
			/** Appointments made in Acuity that are not bookings yet: they need an admin. */
			waitingFromAcuity,
			syncConflicts,
			circuit: breaker?.status ?? null,
			cacheReads: reads,
			cacheHitRate: reads ? (s.fresh + s.stale) / reads : null,
			staleServed: s.stale,
			lastCatalogueSync: app.scheduling.lastCatalogueSync
		}
	};
}
export type OperationsSnapshot = Awaited<ReturnType<typeof operationsSnapshot>>;
