/**
 * Slot holds: choosing a time holds it for a few minutes for one booking draft, so nobody else can
 * be confirmed into it meanwhile. Holds live in the database, so every app instance sees them; one
 * specialist's holds are placed one at a time (a transaction-scoped advisory lock).
 */
import { and, eq, gt, lt, lte, ne } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appointment, appointmentType, slotHold } from '../../db/schema';
import { invalidInput, slotUnavailable } from './errors';
import { busyIntervalOf } from './builtin/availability';

export const HOLD_SECONDS = 600;

export interface Hold {
	holderKey: string;
	specialistId: string;
	appointmentTypeId: string;
	startsAt: Date;
	expiresAt: Date;
}

export async function placeHold(
	db: Db,
	input: { holderKey: string; specialistId: string; appointmentTypeId: string; startsAt: Date; ttlSeconds?: number },
	now = new Date()
): Promise<Hold> {
	const expiresAt = new Date(now.getTime() + (input.ttlSeconds ?? HOLD_SECONDS) * 1000);
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`hold:${input.specialistId}`}))`);
		const [type] = await tx.select().from(appointmentType).where(eq(appointmentType.id, input.appointmentTypeId)).limit(1);
		if (!type) throw invalidInput('No such appointment type.');
		const busy = busyIntervalOf(input.startsAt, type.durationMinutes, type.paddingBeforeMinutes, type.paddingAfterMinutes);
		await tx.delete(slotHold).where(lte(slotHold.expiresAt, now));
		const [clash] = await tx
			.select({ id: appointment.id })
			.from(appointment)
			.where(
				and(
					eq(appointment.specialistId, input.specialistId),
					eq(appointment.status, 'confirmed'),
					lt(appointment.busyFrom, busy.end),
					gt(appointment.busyTo, busy.start)
				)
			)
			.limit(1);
		const [held] = await tx
			.select({ id: slotHold.id })
			.from(slotHold)
			.where(
				and(
					eq(slotHold.specialistId, input.specialistId),
					ne(slotHold.holderKey, input.holderKey),
					gt(slotHold.expiresAt, now),
					lt(slotHold.busyFrom, busy.end),
					gt(slotHold.busyTo, busy.start)
				)
			)
			.limit(1);
		if (clash || held) throw slotUnavailable('Someone else has just taken or is booking that time. Please choose another.');
		const values = {
			holderKey: input.holderKey,
			specialistId: input.specialistId,
			appointmentTypeId: input.appointmentTypeId,
			startsAt: input.startsAt,
			busyFrom: busy.start,
			busyTo: busy.end,
			expiresAt
		};
		await tx.insert(slotHold).values(values).onConflictDoUpdate({ target: slotHold.holderKey, set: values });
		return {
			holderKey: input.holderKey,
			specialistId: input.specialistId,
			appointmentTypeId: input.appointmentTypeId,
			startsAt: input.startsAt,
			expiresAt
		};
	});
}

export async function releaseHold(db: Db, holderKey: string): Promise<Hold | null> {
	const [row] = await db.delete(slotHold).where(eq(slotHold.holderKey, holderKey)).returning();
	return row ?? null;
}

export async function liveHolds(db: Db, specialistId: string, from: Date, to: Date, now = new Date()) {
	return db
		.select()
		.from(slotHold)
		.where(and(eq(slotHold.specialistId, specialistId), gt(slotHold.expiresAt, now), lt(slotHold.busyFrom, to), gt(slotHold.busyTo, from)));
}
