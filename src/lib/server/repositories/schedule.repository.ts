/**
 * A specialist's built-in schedule: weekly hours and date overrides (leave, or other hours that day).
 */
import { and, asc, eq, gte } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { dateOverride, weeklyHours } from '../db/schema';

export type WeeklyHoursRow = typeof weeklyHours.$inferSelect;
export type DateOverrideRow = typeof dateOverride.$inferSelect;
export type MinuteRanges = DateOverrideRow['ranges'];

/** The query for a specialist's weekly hours. */
const weeklyHoursQuery = (exec: Executor, specialistId: string) =>
	exec.select().from(weeklyHours).where(eq(weeklyHours.specialistId, specialistId));

/** A specialist's weekly hours, in no particular order. */
export async function weeklyHoursOf(exec: Executor, specialistId: string): Promise<WeeklyHoursRow[]> {
	return weeklyHoursQuery(exec, specialistId);
}

/** A specialist's weekly hours by weekday, then start. */
export async function weeklyHoursInOrder(exec: Executor, specialistId: string): Promise<WeeklyHoursRow[]> {
	return weeklyHoursQuery(exec, specialistId).orderBy(asc(weeklyHours.weekday), asc(weeklyHours.startMinute));
}

/** Replaces a specialist's weekly hours (run it in a transaction). */
export async function replaceWeeklyHours(
	exec: Executor,
	specialistId: string,
	rows: { specialistId: string; weekday: number; startMinute: number; endMinute: number; locationId?: string | null }[]
): Promise<void> {
	await exec.delete(weeklyHours).where(eq(weeklyHours.specialistId, specialistId));
	if (rows.length) await exec.insert(weeklyHours).values(rows);
}

/** Every date override of a specialist. */
export async function dateOverridesOf(exec: Executor, specialistId: string): Promise<DateOverrideRow[]> {
	return exec.select().from(dateOverride).where(eq(dateOverride.specialistId, specialistId));
}

/** A specialist's date overrides on or after `fromDate` (YYYY-MM-DD), by date. */
export async function dateOverridesFrom(exec: Executor, specialistId: string, fromDate: string): Promise<DateOverrideRow[]> {
	return exec
		.select()
		.from(dateOverride)
		.where(and(eq(dateOverride.specialistId, specialistId), gte(dateOverride.date, fromDate)))
		.orderBy(asc(dateOverride.date));
}

/** Sets (inserts or replaces) a specialist's hours on one date. */
export async function upsertDateOverride(
	exec: Executor,
	o: { specialistId: string; date: string; ranges: MinuteRanges; note: string }
): Promise<void> {
	await exec
		.insert(dateOverride)
		.values({ specialistId: o.specialistId, date: o.date, ranges: o.ranges, note: o.note })
		.onConflictDoUpdate({ target: [dateOverride.specialistId, dateOverride.date], set: { ranges: o.ranges, note: o.note } });
}

/** Deletes one of a specialist's date overrides; answers its date, or null when there was none. */
export async function deleteDateOverride(exec: Executor, specialistId: string, overrideId: string): Promise<string | null> {
	const removed = await exec
		.delete(dateOverride)
		.where(and(eq(dateOverride.id, overrideId), eq(dateOverride.specialistId, specialistId)))
		.returning({ date: dateOverride.date });
	return removed[0]?.date ?? null;
}
