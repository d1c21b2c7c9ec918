/**
 * The admin insights' figures, aggregated in the database: counts and minutes only, never a row
 * about an examinee. Dates are bucketed in the clinics' calendar (Australia/Sydney): a week is
 * Monday to Sunday there, a month its calendar month, whatever the offset (AEST or AEDT) on the day.
 *
 * Every query on bookings first narrows by an instant range (`from`, `to`) that the indexes on
 * `starts_at` can answer, then groups by the local date computed from `AT TIME ZONE`; the report
 * turnaround reads the counts the booking triggers keep by Sydney day of release (migration 0018).
 * Instants are passed as ISO strings cast to timestamptz, and lists as one comma-joined string, so
 * postgres-js and PGlite send the same SQL.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { rowsOf } from '../db/rows';

/** The clinics' zone the buckets are read in (a constant, so it is written into the SQL). */
export const INSIGHTS_TIME_ZONE = 'Australia/Sydney';
const ZONE = sql.raw(`'${INSIGHTS_TIME_ZONE}'`);

const instant = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export type WeeklySplit = 'organisation' | 'exam-type';

/** What a weekly split groups by, and the name each group is shown with. */
const SPLITS: Record<WeeklySplit, { key: SQL; name: (key: SQL) => SQL }> = {
	organisation: {
		key: sql`b.organization_id`,
		name: (key) => sql`(SELECT o.name FROM organization o WHERE o.id = ${key})`
	},
	'exam-type': {
		key: sql`b.appointment_type_id`,
		name: (key) => sql`(SELECT coalesce(t.label, t.name) FROM appointment_type t WHERE t.id = ${key})`
	}
};

export interface WeeklyCountRow {
	/** The Monday (YYYY-MM-DD, Sydney) the week starts on. */
	week: string;
	/** The organisation's or exam type's id; null for "Other" (every group past the top ones). */
	key: string | null;
	name: string | null;
	/** 1 for the group with the most examinations in the whole period; null for "Other". */
	rank: number | null;
	n: number;
}

/**
 * Examinations held or to be held (every stage but cancelled) that start in [from, to), counted
 * by Sydney week and by organisation or exam type. The `top` groups with the most examinations
 * over the whole period keep their own rows; the rest are summed into one row per week with a
 * null key ("Other"). Weeks without any examination are absent.
 */
export async function examinationsByWeek(exec: Executor, split: WeeklySplit, from: Date, to: Date, top: number): Promise<WeeklyCountRow[]> {
	const { key, name } = SPLITS[split];
	const result = await exec.execute(sql`
		WITH counts AS (
			SELECT to_char(date_trunc('week', b.starts_at AT TIME ZONE ${ZONE}), 'YYYY-MM-DD') AS week, ${key} AS key, count(*)::int AS n
			FROM booking b
			WHERE b.starts_at >= ${instant(from)} AND b.starts_at < ${instant(to)} AND b.stage <> 'cancelled'
			GROUP BY 1, 2
		), ranked AS (
			SELECT key, row_number() OVER (ORDER BY sum(n) DESC, key) AS rank FROM counts GROUP BY key
		), grouped AS (
			SELECT c.week, CASE WHEN r.rank <= ${top}::int THEN c.key END AS key, CASE WHEN r.rank <= ${top}::int THEN r.rank END AS rank, sum(c.n)::int AS n
			FROM counts c JOIN ranked r ON r.key = c.key
			GROUP BY 1, 2, 3
		)
		SELECT g.week, g.key::text AS key, ${name(sql`g.key`)} AS name, g.rank::int AS rank, g.n
		FROM grouped g
		ORDER BY g.week, g.rank NULLS LAST`);
	return rowsOf<WeeklyCountRow>(result).map((r) => ({ ...r, rank: r.rank === null ? null : Number(r.rank), n: Number(r.n) }));
}

export interface TurnaroundDayRow {
	/** Whole days from the examination's start to the report's release (0 or more), capped at `capDays`. */
	days: number;
	n: number;
}

/**
 * Released reports by whole days to release, from the counts the booking triggers keep (migration
 * 0018): the tally as of its last fold plus the changes since, per Sydney day of release and whole
 * days from the examination's start (floored, never negative). A few thousand rows a year, whatever
 * the number of reports.
 */
const keptTurnaround = (fromDay: string, toDay: string) => sql`
	SELECT days, sum(n) AS n FROM (
		SELECT days, n FROM booking_turnaround_tally WHERE released_on >= ${fromDay}::date AND released_on < ${toDay}::date
		UNION ALL
		SELECT days, n FROM booking_turnaround_change WHERE released_on >= ${fromDay}::date AND released_on < ${toDay}::date
	) kept
	GROUP BY days
	HAVING sum(n) <> 0`;

/**
 * Reports released on the Sydney days [fromDay, toDay) (YYYY-MM-DD), counted by whole days from the
 * examination to the release; every report that took `capDays` or more is counted at `capDays`.
 * Days without any are absent.
 */
export async function reportTurnaroundByDays(exec: Executor, fromDay: string, toDay: string, capDays: number): Promise<TurnaroundDayRow[]> {
	const result = await exec.execute(sql`
		SELECT least(h.days, ${capDays}::int) AS days, sum(h.n)::int AS n
		FROM (${keptTurnaround(fromDay, toDay)}) h
		GROUP BY 1
		ORDER BY 1`);
	return rowsOf<TurnaroundDayRow>(result).map((r) => ({ days: Number(r.days), n: Number(r.n) }));
}

export interface TurnaroundSummaryRow {
	released: number;
	/** The median of the whole days (a half when the count is even); null when none was released. */
	medianDays: number | null;
	/** Released within `dueDays` days of the examination (the report queue's "not overdue"). */
	withinDue: number;
}

/**
 * How many reports were released on the Sydney days [fromDay, toDay), their median days, and how
 * many within `dueDays`. The median is read from the histogram: with N reports in order of days,
 * the mean of the values at positions ⌊(N−1)/2⌋ and ⌈(N−1)/2⌉ (counting from 0), each the fewest
 * days whose running count passes its position; what percentile_cont(0.5) gives over the reports.
 */
export async function reportTurnaroundSummary(
	exec: Executor,
	fromDay: string,
	toDay: string,
	dueDays: number
): Promise<TurnaroundSummaryRow> {
	const result = await exec.execute(sql`
		WITH h AS (${keptTurnaround(fromDay, toDay)}),
		running AS (SELECT days, n, sum(n) OVER (ORDER BY days) AS upto, sum(n) OVER () AS total FROM h)
		SELECT coalesce(max(total), 0)::int AS released,
			(((min(days) FILTER (WHERE upto > floor((total - 1) / 2.0))) + (min(days) FILTER (WHERE upto > ceil((total - 1) / 2.0)))) / 2.0)::float8 AS median_days,
			coalesce(sum(n) FILTER (WHERE days <= ${dueDays}::int), 0)::int AS within_due
		FROM running`);
	const [row] = rowsOf<{ released: number; median_days: number | string | null; within_due: number }>(result);
	return {
		released: Number(row?.released ?? 0),
		medianDays: row?.median_days === null || row?.median_days === undefined ? null : Number(row.median_days),
		withinDue: Number(row?.within_due ?? 0)
	};
}

export interface MonthlyMissedRow {
	/** YYYY-MM in Sydney. */
	month: string;
	lateCancellations: number;
	noShows: number;
}

/**
 * Examinations starting in [from, to) that were cancelled late (the fee's notice was not given) or
 * that the examinee did not attend, by Sydney month of the examination. Months with neither are absent.
 */
export async function missedByMonth(exec: Executor, from: Date, to: Date): Promise<MonthlyMissedRow[]> {
	const result = await exec.execute(sql`
		SELECT to_char(date_trunc('month', b.starts_at AT TIME ZONE ${ZONE}), 'YYYY-MM') AS month,
			count(*) FILTER (WHERE b.late_cancellation)::int AS late_cancellations,
			count(*) FILTER (WHERE b.stage = 'no_show')::int AS no_shows
		FROM booking b
		WHERE b.starts_at >= ${instant(from)} AND b.starts_at < ${instant(to)} AND (b.late_cancellation OR b.stage = 'no_show')
		GROUP BY 1
		ORDER BY 1`);
	return rowsOf<{ month: string; late_cancellations: number; no_shows: number }>(result).map((r) => ({
		month: r.month,
		lateCancellations: Number(r.late_cancellations),
		noShows: Number(r.no_shows)
	}));
}

export interface SpecialistHoursRow {
	specialistId: string;
	name: string;
	/** Minutes of the built-in scheduler's hours on the dates (weekly hours, date overrides, closed dates). */
	offeredMinutes: number;
	/** Minutes of examinations (every stage but cancelled) on those dates, in the specialist's zone. */
	bookedMinutes: number;
	examinations: number;
}

/**
 * Each active specialist's offered and booked minutes on the local dates `firstDate` to `lastDate`
 * (YYYY-MM-DD, inclusive), read in the specialist's own zone. A date's offered minutes follow the
 * built-in scheduler's rule (services/scheduling/builtin/availability.ts): its date override's
 * ranges when there is one (an empty one closes the day); else none on a closed date; else the
 * ranges of the weekly hours of its ISO weekday. Wall-clock minutes: the hour a daylight-saving
 * change adds or removes at 2 am is not counted, as no clinic opens then.
 *
 * `closedDates` are "STATE:YYYY-MM-DD" (":YYYY-MM-DD" for a specialist with no state): the public
 * holidays, which only the JavaScript holiday calendar knows, passed in as data.
 */
export async function specialistHours(
	exec: Executor,
	firstDate: string,
	lastDate: string,
	closedDates: readonly string[]
): Promise<SpecialistHoursRow[]> {
	const result = await exec.execute(sql`
		WITH days AS (
			SELECT d::date AS day FROM generate_series(${firstDate}::date, ${lastDate}::date, interval '1 day') AS d
		), offered AS (
			SELECT s.id AS specialist_id, sum(
				CASE
					WHEN o.id IS NOT NULL THEN (SELECT coalesce(sum((r ->> 'endMinute')::int - (r ->> 'startMinute')::int), 0) FROM jsonb_array_elements(o.ranges) r)
					WHEN coalesce(s.state, '') || ':' || to_char(days.day, 'YYYY-MM-DD') = ANY (string_to_array(${closedDates.join(',')}, ',')) THEN 0
					ELSE (SELECT coalesce(sum(w.end_minute - w.start_minute), 0) FROM weekly_hours w WHERE w.specialist_id = s.id AND w.weekday = extract(isodow FROM days.day))
				END)::int AS minutes
			FROM specialist s
			CROSS JOIN days
			LEFT JOIN date_override o ON o.specialist_id = s.id AND o.date = days.day
			WHERE s.active
			GROUP BY s.id
		), booked AS (
			SELECT b.specialist_id, sum(extract(epoch FROM (b.ends_at - b.starts_at)) / 60)::int AS minutes, count(*)::int AS examinations
			FROM booking b
			JOIN specialist s ON s.id = b.specialist_id
			WHERE b.starts_at >= (${firstDate}::date - 1)::timestamp AT TIME ZONE 'UTC' AND b.starts_at < (${lastDate}::date + 2)::timestamp AT TIME ZONE 'UTC'
				AND b.stage <> 'cancelled'
				AND (b.starts_at AT TIME ZONE s.time_zone)::date BETWEEN ${firstDate}::date AND ${lastDate}::date
			GROUP BY b.specialist_id
		)
		SELECT s.id AS specialist_id, s.display_name AS name, coalesce(o.minutes, 0) AS offered_minutes,
			coalesce(bk.minutes, 0) AS booked_minutes, coalesce(bk.examinations, 0) AS examinations
		FROM specialist s
		LEFT JOIN offered o ON o.specialist_id = s.id
		LEFT JOIN booked bk ON bk.specialist_id = s.id
		WHERE s.active
		ORDER BY s.display_order, s.display_name, s.id`);
	return rowsOf<{ specialist_id: string; name: string; offered_minutes: number; booked_minutes: number; examinations: number }>(result).map(
		(r) => ({
			specialistId: r.specialist_id,
			name: r.name,
			offeredMinutes: Number(r.offered_minutes),
			bookedMinutes: Number(r.booked_minutes),
			examinations: Number(r.examinations)
		})
	);
}
