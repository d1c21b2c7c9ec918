/**
 * What the APP 12 export reads about one examinee: their bookings (found through the name's blind
 * index), those bookings' history, and the specialist and exam-type names they refer to.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { appointmentType, booking, bookingHistory, specialist } from '../db/schema';
import type { BookingRow } from './booking.repository';
import type { BookingHistoryRow } from './booking-history.repository';

/** The booking with this id, or null. Not scoped: admins only. */
export async function findBookingById(exec: Executor, id: string): Promise<BookingRow | null> {
	const [row] = await exec.select().from(booking).where(eq(booking.id, id));
	return row ?? null;
}

/** Every booking whose examinee's name has all of these blind-index tokens, earliest first. */
export async function bookingsWithNameTokens(exec: Executor, tokens: string[]): Promise<BookingRow[]> {
	return exec
		.select()
		.from(booking)
		.where(sql`${booking.examineeNameTokens} @> ${sql.param(tokens)}::text[]`)
		.orderBy(asc(booking.startsAt), asc(booking.id));
}

/** The history of these bookings, oldest first. */
export async function historyOfBookings(exec: Executor, bookingIds: string[]): Promise<BookingHistoryRow[]> {
	return exec
		.select()
		.from(bookingHistory)
		.where(inArray(bookingHistory.bookingId, bookingIds))
		.orderBy(asc(bookingHistory.at), asc(bookingHistory.id));
}

/** Every specialist's id, name and location. */
export async function specialistNames(exec: Executor): Promise<{ id: string; name: string; location: string }[]> {
	return exec.select({ id: specialist.id, name: specialist.displayName, location: specialist.location }).from(specialist);
}

/** Every exam type's id, name and intake questions. */
export async function appointmentTypeIntakes(exec: Executor) {
	return exec
		.select({ id: appointmentType.id, name: appointmentType.name, intakeFields: appointmentType.intakeFields })
		.from(appointmentType);
}
