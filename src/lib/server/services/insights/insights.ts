/**
 * The admin insights: four charts' figures, each aggregated in the database
 * (repositories/insights.repository.ts) over a period read in the clinics' calendar
 * (Australia/Sydney). This module picks the periods, fills the buckets the database left out
 * (a week with no examination is a zero, not a gap) and names them for people. Counts, minutes
 * and the names of organisations, exam types and specialists only: nothing about an examinee.
 */
import { CalendarDate, startOfWeek, toCalendarDate, toZoned, fromDate } from '@internationalized/date';
import type { App } from '../../app';
import { AU_STATES } from '../../../schemas/specialist';
import {
	examinationsByWeek,
	INSIGHTS_TIME_ZONE,
	missedByMonth,
	reportTurnaroundByDays,
	reportTurnaroundSummary,
	specialistHours,
	type WeeklySplit
} from '../../repositories/insights.repository';
import { publicHolidays } from '../scheduling/holidays';

/** Weeks in the weekly chart (this one and the eleven before it). */
export const WEEKS = 12;
/** Months in the monthly charts (this one and the eleven before it). */
export const MONTHS = 12;
/** Organisations or exam types shown on their own; the rest are "Other". */
export const TOP_GROUPS = 5;
/** The turnaround histogram has a bar per day up to this many days; longer ones share the last bar. */
export const TURNAROUND_CAP_DAYS = 30;
/** The hours chart covers today and the days after it, this many in all. */
export const HOURS_DAYS = 28;

const zone = INSIGHTS_TIME_ZONE;
const midnight = (d: CalendarDate) => toZoned(d, zone).toDate();
const todayIn = (now: Date) => toCalendarDate(fromDate(now, zone));
const dayLabel = new Intl.DateTimeFormat('en-AU', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const monthLabel = new Intl.DateTimeFormat('en-AU', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const utcNoon = (d: CalendarDate) => new Date(Date.UTC(d.year, d.month - 1, d.day, 12));

/** This Sydney week and the `WEEKS - 1` before it: their Mondays, and the instants they span. */
export function weeksTo(now: Date) {
	const monday = startOfWeek(todayIn(now), 'en-AU', 'mon');
	const mondays = Array.from({ length: WEEKS }, (_, i) => monday.subtract({ weeks: WEEKS - 1 - i }));
	return { mondays, from: midnight(mondays[0]!), to: midnight(monday.add({ weeks: 1 })) };
}

/** This Sydney month and the `MONTHS - 1` before it: their first days, and the instants they span. */
export function monthsTo(now: Date) {
	const first = todayIn(now).set({ day: 1 });
	const firsts = Array.from({ length: MONTHS }, (_, i) => first.subtract({ months: MONTHS - 1 - i }));
	const next = first.add({ months: 1 });
	return { firsts, from: midnight(firsts[0]!), to: midnight(next), fromDay: firsts[0]!.toString(), toDay: next.toString() };
}

export interface WeeklySeries {
	/** The property of each row that holds the series' count. */
	key: string;
	name: string;
}

/** Examinations per Sydney week for the last twelve weeks, split by organisation or exam type (top five and "Other"). */
export async function weeklyExaminations(app: App, by: WeeklySplit, now = new Date()) {
	const { mondays, from, to } = weeksTo(now);
	const counts = await examinationsByWeek(app.database.db, by, from, to, TOP_GROUPS);
	const series: WeeklySeries[] = [];
	const ranked = [...new Map(counts.filter((c) => c.rank !== null).map((c) => [c.rank!, c.name ?? 'Unnamed'])).entries()].sort(
		([a], [b]) => a - b
	);
	for (const [rank, name] of ranked) series.push({ key: `s${rank}`, name });
	if (counts.some((c) => c.rank === null)) series.push({ key: 'other', name: 'Other' });
	const rows = mondays.map((monday) => {
		const week = monday.toString();
		const row: Record<string, string | number> & { week: string; label: string; total: number } = {
			week,
			label: dayLabel.format(utcNoon(monday)),
			total: 0
		};
		for (const s of series) row[s.key] = 0;
		for (const c of counts.filter((x) => x.week === week)) {
			row[c.rank === null ? 'other' : `s${c.rank}`] = c.n;
			row.total += c.n;
		}
		return row;
	});
	return { by, series, rows, from, to };
}
export type WeeklyExaminations = Awaited<ReturnType<typeof weeklyExaminations>>;

/** Days from examination to report release, for reports released in the last twelve months; the SLA is the report queue's. */
export async function reportTurnaround(app: App, now = new Date()) {
	const { from, to, fromDay, toDay } = monthsTo(now);
	const dueDays = app.documents.reportDueDays;
	const db = app.database.db;
	const [byDays, summary] = await Promise.all([
		reportTurnaroundByDays(db, fromDay, toDay, TURNAROUND_CAP_DAYS),
		reportTurnaroundSummary(db, fromDay, toDay, dueDays)
	]);
	const buckets = Array.from({ length: TURNAROUND_CAP_DAYS + 1 }, (_, days) => ({
		days,
		label: days === TURNAROUND_CAP_DAYS ? `${days}+` : String(days),
		n: byDays.find((r) => r.days === days)?.n ?? 0
	}));
	return { dueDays, buckets, ...summary, from, to };
}
export type ReportTurnaround = Awaited<ReturnType<typeof reportTurnaround>>;

/** Late cancellations and no-shows per Sydney month of the examination, for the last twelve months. */
export async function missedExaminations(app: App, now = new Date()) {
	const { firsts, from, to } = monthsTo(now);
	const counts = await missedByMonth(app.database.db, from, to);
	const months = firsts.map((first) => {
		const month = first.toString().slice(0, 7);
		const found = counts.find((c) => c.month === month);
		return {
			month,
			label: monthLabel.format(utcNoon(first)),
			lateCancellations: found?.lateCancellations ?? 0,
			noShows: found?.noShows ?? 0
		};
	});
	return { months, from, to };
}
export type MissedExaminations = Awaited<ReturnType<typeof missedExaminations>>;

/**
 * The public holidays from `first` to `last` as the hours query takes them ("STATE:YYYY-MM-DD",
 * ":YYYY-MM-DD" for a specialist with no state): the holiday calendar is a JavaScript library, so
 * the dates go to the database as data and the sums stay there.
 */
export function closedDatesBetween(first: CalendarDate, last: CalendarDate): string[] {
	const out: string[] = [];
	const lo = first.toString();
	const hi = last.toString();
	for (const state of [null, ...AU_STATES])
		for (let year = first.year; year <= last.year; year++)
			for (const date of publicHolidays(year, state)) if (date >= lo && date <= hi) out.push(`${state ?? ''}:${date}`);
	return out.sort();
}

/**
 * Each active specialist's booked share of the hours they offer in the built-in scheduler, from
 * today for four weeks (dates in each specialist's own zone). With Acuity as the provider the
 * hours live there, and a specialist here offers none.
 */
export async function specialistBookedShare(app: App, now = new Date()) {
	const first = todayIn(now);
	const last = first.add({ days: HOURS_DAYS - 1 });
	const rows = await specialistHours(app.database.db, first.toString(), last.toString(), closedDatesBetween(first, last));
	return {
		firstDate: first.toString(),
		lastDate: last.toString(),
		label: `${dayLabel.format(utcNoon(first))} to ${dayLabel.format(utcNoon(last))} ${last.year}`,
		rows: rows.map((r) => ({
			name: r.name,
			offeredHours: Math.round((r.offeredMinutes / 60) * 10) / 10,
			bookedHours: Math.round((r.bookedMinutes / 60) * 10) / 10,
			examinations: r.examinations,
			/** Whole percent of the offered minutes booked; null when none are offered. */
			bookedPercent: r.offeredMinutes > 0 ? Math.round((r.bookedMinutes / r.offeredMinutes) * 100) : null
		}))
	};
}
export type SpecialistBookedShare = Awaited<ReturnType<typeof specialistBookedShare>>;

/** Everything the insights page shows. */
export async function insights(app: App, by: WeeklySplit, now = new Date()) {
	const [weekly, turnaround, missed, hours] = await Promise.all([
		weeklyExaminations(app, by, now),
		reportTurnaround(app, now),
		missedExaminations(app, now),
		specialistBookedShare(app, now)
	]);
	return { weekly, turnaround, missed, hours };
}
export type Insights = Awaited<ReturnType<typeof insights>>;
