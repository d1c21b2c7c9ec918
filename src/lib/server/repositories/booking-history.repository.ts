/**
 * A booking's history: one row per change (who, for whom, from what to what, an optional sealed note).
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { preparedPerExecutor } from '../db/prepared';
import { bookingHistory } from '../db/schema';

export type BookingHistoryRow = typeof bookingHistory.$inferSelect;
export type NewBookingHistory = typeof bookingHistory.$inferInsert;

/** Appends one row to a booking's history. */
export async function insertHistory(exec: Executor, values: NewBookingHistory): Promise<void> {
	await exec.insert(bookingHistory).values(values);
}

const historyQuery = preparedPerExecutor((exec) =>
	exec
		.select()
		.from(bookingHistory)
		.where(eq(bookingHistory.bookingId, sql.placeholder('bookingId')))
		.orderBy(asc(bookingHistory.at), asc(bookingHistory.id))
		.prepare('booking_history_of')
);

/** A booking's history, oldest first. */
export async function historyOf(exec: Executor, bookingId: string): Promise<BookingHistoryRow[]> {
	return historyQuery(exec).execute({ bookingId });
}
