/**
 * Bookings and their cases: which case a booking joins (chosen, matching or new), the grouping of
 * existing bookings into cases, and the once-only data migrations that record it.
 */
import { and, asc, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { booking, claimCase, dataMigration, member } from '../db/schema';
import type { Scope } from '../auth/scope';
import { caseScope } from './cases.repository';
import { isUuid } from '../../ids';

/** A member's roles and team in one organisation (null: not a member). */
export async function membershipIn(exec: Executor, userId: string, organizationId: string) {
	const [m] = await exec
		.select({ roles: member.roles, teamId: member.teamId })
		.from(member)
		.where(and(eq(member.userId, userId), eq(member.organizationId, organizationId)))
		.limit(1);
	return m ?? null;
}

/** The reference and status of a case, by id (no scope: the caller checked it). */
export async function caseReferenceOf(exec: Executor, id: string) {
	if (!isUuid(id)) return null;
	const [row] = await exec
		.select({ id: claimCase.id, reference: claimCase.reference, status: claimCase.status })
		.from(claimCase)
		.where(eq(claimCase.id, id))
		.limit(1);
	return row ?? null;
}

/**
 * The cases in the scope and organisation that are not closed, with the same claim number (by its
 * keyed hash) and exactly the same claimant name words (by their blind index), most recently
 * changed first: a new booking joins one of them (the one whose claimant has the same date of
 * birth) instead of opening a duplicate.
 */
export async function findMatchingCases(
	exec: Executor,
	scope: Scope,
	organizationId: string,
	claimHash: string,
	nameTokens: readonly string[]
): Promise<{ id: string; reference: string; claimantEncrypted: string }[]> {
	if (!claimHash || nameTokens.length === 0) return [];
	const tokens = sql`ARRAY[${sql.join(
		nameTokens.map((t) => sql`${t}`),
		sql`, `
	)}]::text[]`;
	return exec
		.select({ id: claimCase.id, reference: claimCase.reference, claimantEncrypted: claimCase.claimantEncrypted })
		.from(claimCase)
		.where(
			and(
				caseScope(scope),
				eq(claimCase.organizationId, organizationId),
				eq(claimCase.claimNumberHash, claimHash),
				ne(claimCase.status, 'closed'),
				sql`${claimCase.claimantNameTokens} @> ${tokens} AND ${claimCase.claimantNameTokens} <@ ${tokens}`
			)
		)
		.orderBy(sql`${claimCase.updatedAt} DESC`, sql`${claimCase.id} DESC`)
		.limit(10);
}

/** The case a booking belongs to, if the scope sees it: its id and reference (never the claimant). */
export async function caseOfBooking(exec: Executor, scope: Scope, bookingId: string): Promise<{ id: string; reference: string } | null> {
	if (!isUuid(bookingId)) return null;
	const [row] = await exec
		.select({ id: claimCase.id, reference: claimCase.reference })
		.from(booking)
		.innerJoin(claimCase, eq(claimCase.id, booking.caseId))
		.where(and(eq(booking.id, bookingId), caseScope(scope)))
		.limit(1);
	return row ?? null;
}

/** Puts the bookings that have no case yet into this one; answers the ids it moved. */
export async function attachBookingsToCase(exec: Executor, bookingIds: readonly string[], caseId: string): Promise<string[]> {
	if (bookingIds.length === 0) return [];
	const rows = await exec
		.update(booking)
		.set({ caseId })
		.where(and(inArray(booking.id, [...bookingIds]), isNull(booking.caseId)))
		.returning({ id: booking.id });
	return rows.map((r) => r.id);
}

/** The next batch of bookings without a case, by id (keyset), with what grouping them needs. */
export async function bookingsWithoutCase(exec: Executor, afterId: string | null, limit: number) {
	return exec
		.select({
			id: booking.id,
			organizationId: booking.organizationId,
			ownerUserId: booking.ownerUserId,
			teamId: booking.teamId,
			status: booking.status,
			createdAt: booking.createdAt,
			examineeEncrypted: booking.examineeEncrypted
		})
		.from(booking)
		.where(and(isNull(booking.caseId), afterId ? gt(booking.id, afterId) : undefined))
		.orderBy(asc(booking.id))
		.limit(limit);
}

/** A data migration's record (null: it has not run). */
export async function findDataMigration(exec: Executor, name: string) {
	const [row] = await exec.select().from(dataMigration).where(eq(dataMigration.name, name)).limit(1);
	return row ?? null;
}

/** Records that a data migration ran, with its report; false when it was recorded already. */
export async function recordDataMigration(exec: Executor, name: string, report: string): Promise<boolean> {
	const rows = await exec
		.insert(dataMigration)
		.values({ name, report })
		.onConflictDoNothing({ target: dataMigration.name })
		.returning({ name: dataMigration.name });
	return rows.length > 0;
}

/** Waits for, then holds until the transaction ends, the lock that lets one instance run data migrations. */
export async function lockDataMigrations(exec: Executor): Promise<void> {
	await exec.execute(sql`SELECT pg_advisory_xact_lock(${DATA_MIGRATION_LOCK})`);
}
const DATA_MIGRATION_LOCK = 0x1_3e_b0_0d;
