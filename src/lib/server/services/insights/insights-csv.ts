/**
 * Each insights chart as a small CSV (the same figures as its table): counts, hours and the names
 * of organisations, exam types and specialists only. Names pass through `spreadsheetSafe`, so a
 * name typed as "=…" is never a formula.
 */
import { stringify } from 'csv-stringify/sync';
import type { App } from '../../app';
import type { InsightChart, WeeklySplitChoice } from '../../../schemas/insights';
import { spreadsheetSafe } from '../exports/csv';
import { missedExaminations, reportTurnaround, specialistBookedShare, weeklyExaminations } from './insights';

const csv = (rows: (string | number | null)[][]) =>
	stringify(rows, { cast: { string: (v) => spreadsheetSafe(v) }, record_delimiter: 'windows' });

/** The chart's CSV and the file name to save it as. */
export async function insightCsv(
	app: App,
	chart: InsightChart,
	by: WeeklySplitChoice,
	now = new Date()
): Promise<{ filename: string; body: string }> {
	const day = now.toISOString().slice(0, 10);
	switch (chart) {
		case 'weekly-examinations': {
			const w = await weeklyExaminations(app, by, now);
			return {
				filename: `examinations-by-week-${by}-${day}.csv`,
				body: csv([
					['Week starting', ...w.series.map((s) => s.name), 'Total'],
					...w.rows.map((r) => [r.week, ...w.series.map((s) => Number(r[s.key] ?? 0)), r.total])
				])
			};
		}
		case 'report-turnaround': {
			const t = await reportTurnaround(app, now);
			return {
				filename: `report-turnaround-${day}.csv`,
				body: csv([
					['Days from examination to release', 'Reports released', 'Within SLA'],
					...t.buckets.map((b) => [b.label, b.n, b.days <= t.dueDays ? 'yes' : 'no'])
				])
			};
		}
		case 'missed-examinations': {
			const m = await missedExaminations(app, now);
			return {
				filename: `late-cancellations-and-no-shows-${day}.csv`,
				body: csv([['Month', 'Late cancellations', 'No-shows'], ...m.months.map((r) => [r.month, r.lateCancellations, r.noShows])])
			};
		}
		case 'specialist-hours': {
			const h = await specialistBookedShare(app, now);
			return {
				filename: `specialist-booked-hours-${h.firstDate}-to-${h.lastDate}.csv`,
				body: csv([
					['Specialist', 'Hours offered', 'Hours booked', 'Examinations', 'Booked share (%)'],
					...h.rows.map((r) => [r.name, r.offeredHours, r.bookedHours, r.examinations, r.bookedPercent])
				])
			};
		}
	}
}
