/**
 * Slot holds: choosing a time holds it for a few minutes for one booking draft, so nobody else can
 * be confirmed into it meanwhile. Holds live in the database, so every app instance sees them; one
 * specialist's holds are placed one at a time (a transaction-scoped advisory lock).
 */
import type { Db, Tx } from '../../db/client';
import { findConfirmedClash } from '../../repositories/appointments.repository';
import { findAppointmentType } from '../../repositories/catalogue.repository';
import {
	deleteExpiredHolds,
	deleteHold,
	findOtherHoldOverlapping,
	liveHolds as liveHoldsOf,
	lockSpecialistHolds,
	upsertHold,
	type HoldRow
} from '../../repositories/holds.repository';
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

/** A hold placed, and the specialist the holder's previous hold was with (moved from), if any. */
export type PlacedHold = Hold & { previousSpecialistId: string | null };

/**
 * Runs first in a hold's transaction and refuses it by throwing: the caller's own rule (fair holds),
 * checked with the hold's own transaction, so that what it counts cannot change before the hold is
 * written. It may take advisory locks of its own; they come before the specialist's, in every hold.
 */
export type HoldAdmission = (tx: Tx) => Promise<void>;

export async function placeHold(
	db: Db,
	input: { holderKey: string; specialistId: string; appointmentTypeId: string; startsAt: Date; ttlSeconds?: number },
	now = new Date(),
	admit?: HoldAdmission
): Promise<PlacedHold> {
	const expiresAt = new Date(now.getTime() + (input.ttlSeconds ?? HOLD_SECONDS) * 1000);
	return db.transaction(async (tx) => {
		if (admit) await admit(tx);
		await lockSpecialistHolds(tx, input.specialistId);
		const type = await findAppointmentType(tx, input.appointmentTypeId);
		if (!type) throw invalidInput('No such appointment type.');
		const busy = busyIntervalOf(input.startsAt, type.durationMinutes, type.paddingBeforeMinutes, type.paddingAfterMinutes);
		await deleteExpiredHolds(tx, now);
		const clash = await findConfirmedClash(tx, input.specialistId, busy.start, busy.end);
		const held = await findOtherHoldOverlapping(tx, {
			specialistId: input.specialistId,
			holderKey: input.holderKey,
			now,
			from: busy.start,
			to: busy.end
		});
		if (clash || held) throw slotUnavailable('Someone else has just taken or is booking that time. Please choose another.');
		const previousSpecialistId = await upsertHold(tx, {
			holderKey: input.holderKey,
			specialistId: input.specialistId,
			appointmentTypeId: input.appointmentTypeId,
			startsAt: input.startsAt,
			busyFrom: busy.start,
			busyTo: busy.end,
			expiresAt
		});
		return {
			holderKey: input.holderKey,
			specialistId: input.specialistId,
			appointmentTypeId: input.appointmentTypeId,
			startsAt: input.startsAt,
			expiresAt,
			previousSpecialistId
		};
	});
}

export async function releaseHold(db: Db, holderKey: string): Promise<Hold | null> {
	return deleteHold(db, holderKey);
}

export async function liveHolds(db: Db, specialistId: string, from: Date, to: Date, now = new Date()): Promise<HoldRow[]> {
	return liveHoldsOf(db, specialistId, from, to, now);
}
