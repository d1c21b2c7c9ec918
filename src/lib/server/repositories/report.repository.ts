/**
 * The report's progress on a booking: the booking row locked for an upload's step, the report
 * state (and stage) written, and the specialist's account an email about the draft goes to.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { booking, specialist, user, type BookingStage } from '../db/schema';
import type { BookingRow } from './booking.repository';
import type { ReportState } from '../../schemas/document';

/** The booking with this id, locked for update (inside a transaction); null when there is none. Not scoped. */
export async function lockBookingById(exec: Executor, id: string): Promise<BookingRow | null> {
	const [row] = await exec.select().from(booking).where(eq(booking.id, id)).for('update');
	return row ?? null;
}

/** Sets a booking's report state and stage (and the release time, when released); answers the row. */
export async function setReportProgress(exec: Executor, id: string, reportState: ReportState, stage: BookingStage): Promise<BookingRow> {
	const [row] = await exec
		.update(booking)
		.set({ reportState, stage, updatedAt: new Date(), ...(reportState === 'released' ? { reportReleasedAt: new Date() } : {}) })
		.where(eq(booking.id, id))
		.returning();
	return row!;
}

/** The email and user id of a specialist's account, or null when they have none. */
export async function specialistAccount(exec: Executor, specialistId: string): Promise<{ email: string; userId: string } | null> {
	const [row] = await exec
		.select({ email: user.email, userId: user.id })
		.from(specialist)
		.innerJoin(user, eq(user.id, specialist.userId))
		.where(eq(specialist.id, specialistId));
	return row ?? null;
}

/** The email and user id of a user, or null when there is no such user. */
export async function userAccount(exec: Executor, userId: string): Promise<{ email: string; userId: string } | null> {
	const [row] = await exec.select({ email: user.email, userId: user.id }).from(user).where(eq(user.id, userId));
	return row ?? null;
}
