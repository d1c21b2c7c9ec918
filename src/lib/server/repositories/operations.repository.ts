/** The operations dashboard's booking figures, read live across every organisation. */
import { and, eq, gte, lt, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { booking } from '../db/schema';

/** Active bookings counted by stage (stages without any are absent). */
export async function activeBookingsByStage(exec: Executor): Promise<{ stage: string; n: number }[]> {
	return exec
		.select({ stage: booking.stage, n: sql<number>`count(*)::int` })
		.from(booking)
		.where(eq(booking.status, 'active'))
		.groupBy(booking.stage);
}

/** How many examinations still held (any stage but cancelled, any status) start in [from, to). */
export async function countExaminationsBetween(exec: Executor, from: Date, to: Date): Promise<number | null> {
	const [row] = await exec
		.select({ n: sql<number>`count(*)::int` })
		.from(booking)
		.where(and(gte(booking.startsAt, from), lt(booking.startsAt, to), notInArray(booking.stage, ['cancelled'])));
	return row?.n ?? null;
}
