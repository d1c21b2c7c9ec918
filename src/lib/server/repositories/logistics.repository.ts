/**
 * A claimant's logistics per examination (one row per booking, sealed). Reads go through the
 * booking's scope: a booking outside it has no logistics to anyone.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { preparedPerExecutor } from '../db/prepared';
import { appointmentType, booking, bookingLogistics } from '../db/schema';
import type { Scope } from '../auth/scope';
import { bookingScope } from './booking.repository';
import { isUuid } from '../../ids';

export type LogisticsRow = typeof bookingLogistics.$inferSelect;
export type NewLogistics = typeof bookingLogistics.$inferInsert;

const logisticsQuery = preparedPerExecutor((exec) =>
	exec
		.select()
		.from(bookingLogistics)
		.where(eq(bookingLogistics.bookingId, sql.placeholder('bookingId')))
		.limit(1)
		.prepare('logistics_of')
);

/** The booking's logistics row, or null when none has been saved yet. */
export async function findLogistics(exec: Executor, bookingId: string): Promise<LogisticsRow | null> {
	if (!isUuid(bookingId)) return null;
	const [row] = await logisticsQuery(exec).execute({ bookingId });
	return row ?? null;
}

const logisticsWithModeQuery = preparedPerExecutor((exec) =>
	exec
		.select({ mode: appointmentType.mode, logistics: bookingLogistics })
		.from(booking)
		.innerJoin(appointmentType, eq(appointmentType.id, booking.appointmentTypeId))
		.leftJoin(bookingLogistics, eq(bookingLogistics.bookingId, booking.id))
		.where(eq(booking.id, sql.placeholder('bookingId')))
		.limit(1)
		.prepare('logistics_with_mode')
);

/**
 * The booking's examination mode and its logistics row (null when none has been saved yet), in one
 * statement; the mode is null when the booking or its type is missing.
 */
export async function findLogisticsWithMode(
	exec: Executor,
	bookingId: string
): Promise<{ mode: string | null; logistics: LogisticsRow | null }> {
	if (!isUuid(bookingId)) return { mode: null, logistics: null };
	const [row] = await logisticsWithModeQuery(exec).execute({ bookingId });
	return { mode: row?.mode ?? null, logistics: row?.logistics ?? null };
}

/** What a list needs per booking in the scope: the mode, the sealed examinee (to prefill) and the logistics row if any. */
export interface LogisticsListRow {
	bookingId: string;
	mode: string;
	examineeEncrypted: string;
	dataEncrypted: string | null;
	interpreterNeeded: boolean | null;
	techCheck: LogisticsRow['techCheck'] | null;
}

/** The logistics of these bookings that are in the scope (others are left out). */
export async function logisticsForScope(exec: Executor, scope: Scope, bookingIds: readonly string[]): Promise<LogisticsListRow[]> {
	const ids = bookingIds.filter(isUuid);
	if (!ids.length) return [];
	return exec
		.select({
			bookingId: booking.id,
			mode: appointmentType.mode,
			examineeEncrypted: booking.examineeEncrypted,
			dataEncrypted: bookingLogistics.dataEncrypted,
			interpreterNeeded: bookingLogistics.interpreterNeeded,
			techCheck: bookingLogistics.techCheck
		})
		.from(booking)
		.innerJoin(appointmentType, eq(appointmentType.id, booking.appointmentTypeId))
		.leftJoin(bookingLogistics, eq(bookingLogistics.bookingId, booking.id))
		.where(and(inArray(booking.id, ids), bookingScope(scope)));
}

const modeOfBookingQuery = preparedPerExecutor((exec) =>
	exec
		.select({ mode: appointmentType.mode })
		.from(booking)
		.innerJoin(appointmentType, eq(appointmentType.id, booking.appointmentTypeId))
		.where(eq(booking.id, sql.placeholder('bookingId')))
		.limit(1)
		.prepare('mode_of_booking')
);

/** The mode of a booking's examination ('in_person' | 'telehealth'), or null without a type. */
export async function modeOfBooking(exec: Executor, bookingId: string): Promise<string | null> {
	const [row] = await modeOfBookingQuery(exec).execute({ bookingId });
	return row?.mode ?? null;
}

/** Creates or replaces the booking's logistics. */
export async function upsertLogistics(
	exec: Executor,
	values: Pick<NewLogistics, 'bookingId' | 'dataEncrypted' | 'interpreterNeeded' | 'techCheck' | 'updatedByUserId'>
): Promise<void> {
	const now = new Date();
	await exec
		.insert(bookingLogistics)
		.values({ ...values, updatedAt: now })
		.onConflictDoUpdate({
			target: bookingLogistics.bookingId,
			set: {
				dataEncrypted: values.dataEncrypted,
				interpreterNeeded: values.interpreterNeeded,
				techCheck: values.techCheck,
				updatedByUserId: values.updatedByUserId,
				updatedAt: now
			}
		});
}
