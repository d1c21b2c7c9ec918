/**
 * Slot holds: a time held for a few minutes for one booking draft (`holderKey` is the draft's id).
 */
import { and, asc, eq, gt, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { bookingDraft, organization, slotHold, specialist } from '../db/schema';

export type HoldRow = typeof slotHold.$inferSelect;
export type NewHold = typeof slotHold.$inferInsert;

/** A hold's draft: joined on the draft's id as text. */
const heldBy = () => eq(sql`${bookingDraft.id}::text`, slotHold.holderKey);

/** Takes the transaction-scoped lock under which one specialist's holds are placed one at a time. */
export async function lockSpecialistHolds(exec: Executor, specialistId: string): Promise<void> {
	await exec.execute(sql`select pg_advisory_xact_lock(hashtext(${`hold:${specialistId}`}))`);
}

/**
 * Serialises the fair-holds count of one person (unless null) and one organisation until the
 * transaction ends. Always person first, then organisation, then (placeHold) the specialist: every
 * hold takes them in that order, so two holds never wait on each other in a circle.
 */
export async function lockHoldsOf(exec: Executor, of: { userId: string | null; organizationId: string }): Promise<void> {
	if (of.userId) await exec.execute(sql`select pg_advisory_xact_lock(hashtext(${`holds-of-person:${of.userId}`}))`);
	await exec.execute(sql`select pg_advisory_xact_lock(hashtext(${`holds-of-organization:${of.organizationId}`}))`);
}

/** Deletes every hold expired by `now`. */
export async function deleteExpiredHolds(exec: Executor, now: Date): Promise<void> {
	await exec.delete(slotHold).where(lte(slotHold.expiresAt, now));
}

/** The id of one live hold of the specialist, not `holderKey`'s, whose busy time overlaps [from, to); null when none. */
export async function findOtherHoldOverlapping(
	exec: Executor,
	q: { specialistId: string; holderKey: string; now: Date; from: Date; to: Date }
): Promise<string | null> {
	const [held] = await exec
		.select({ id: slotHold.id })
		.from(slotHold)
		.where(
			and(
				eq(slotHold.specialistId, q.specialistId),
				ne(slotHold.holderKey, q.holderKey),
				gt(slotHold.expiresAt, q.now),
				lt(slotHold.busyFrom, q.to),
				gt(slotHold.busyTo, q.from)
			)
		)
		.limit(1);
	return held?.id ?? null;
}

/** Places a hold, or moves the holder's existing one. */
/** Places or moves the holder's hold; answers the specialist its previous hold was with, if any. */
export async function upsertHold(exec: Executor, values: NewHold): Promise<string | null> {
	const [previous] = await exec
		.select({ specialistId: slotHold.specialistId })
		.from(slotHold)
		.where(eq(slotHold.holderKey, values.holderKey))
		.for('update');
	await exec.insert(slotHold).values(values).onConflictDoUpdate({ target: slotHold.holderKey, set: values });
	return previous?.specialistId ?? null;
}

/** Deletes the holder's hold; answers it, or null when there was none. */
export async function deleteHold(exec: Executor, holderKey: string): Promise<HoldRow | null> {
	const [row] = await exec.delete(slotHold).where(eq(slotHold.holderKey, holderKey)).returning();
	return row ?? null;
}

/** Deletes the holder's hold, answering nothing (its booking is made). */
export async function deleteHoldOf(exec: Executor, holderKey: string): Promise<void> {
	await exec.delete(slotHold).where(eq(slotHold.holderKey, holderKey));
}

/** A specialist's holds live at `now` whose busy time overlaps [from, to). */
export async function liveHolds(exec: Executor, specialistId: string, from: Date, to: Date, now: Date): Promise<HoldRow[]> {
	return exec
		.select()
		.from(slotHold)
		.where(and(eq(slotHold.specialistId, specialistId), gt(slotHold.expiresAt, now), lt(slotHold.busyFrom, to), gt(slotHold.busyTo, from)));
}

/** Prepared once per executor: every availability read subtracts these. */
const holdSpansQueries = new WeakMap<Executor, ReturnType<typeof buildLiveHoldSpans>>();

function buildLiveHoldSpans(exec: Executor) {
	return exec
		.select({ holderKey: slotHold.holderKey, busyFrom: slotHold.busyFrom, busyTo: slotHold.busyTo, expiresAt: slotHold.expiresAt })
		.from(slotHold)
		.where(
			and(
				eq(slotHold.specialistId, sql.placeholder('specialistId')),
				gt(slotHold.expiresAt, sql.placeholder('now')),
				lt(slotHold.busyFrom, sql.placeholder('to')),
				gt(slotHold.busyTo, sql.placeholder('from'))
			)
		)
		.prepare('live_hold_spans');
}

/** The busy spans (with holder and expiry) of a specialist's holds live at `now` overlapping [from, to). */
export async function liveHoldSpans(exec: Executor, specialistId: string, from: Date, to: Date, now: Date) {
	let query = holdSpansQueries.get(exec);
	if (!query) holdSpansQueries.set(exec, (query = buildLiveHoldSpans(exec)));
	// Placeholders skip the column's encoder: the instants go as ISO strings, as the encoder writes them.
	return query.execute({ specialistId, now: now.toISOString(), to: to.toISOString(), from: from.toISOString() });
}

/** The hold of `holderKey` while it lasts at `now`, else null. */
export async function findLiveHold(exec: Executor, holderKey: string, now: Date): Promise<HoldRow | null> {
	const [hold] = await exec
		.select()
		.from(slotHold)
		.where(and(eq(slotHold.holderKey, holderKey), gt(slotHold.expiresAt, now)));
	return hold ?? null;
}

/** When the holder's hold expires, or null when it holds nothing. */
export async function holdExpiry(exec: Executor, holderKey: string): Promise<Date | null> {
	const [hold] = await exec.select({ expiresAt: slotHold.expiresAt }).from(slotHold).where(eq(slotHold.holderKey, holderKey));
	return hold?.expiresAt ?? null;
}

/**
 * The person and organisation of each hold live at `now`, other than `exceptHolderKey`'s, whose
 * draft was started by `userId` or is for `organizationId`.
 */
export async function liveHoldsOfPersonOrOrganization(
	exec: Executor,
	q: { userId: string; organizationId: string; exceptHolderKey: string; now: Date }
) {
	return exec
		.select({ userId: bookingDraft.userId, organizationId: bookingDraft.organizationId })
		.from(slotHold)
		.innerJoin(bookingDraft, heldBy())
		.where(
			and(
				gt(slotHold.expiresAt, q.now),
				ne(slotHold.holderKey, q.exceptHolderKey),
				or(eq(bookingDraft.userId, q.userId), eq(bookingDraft.organizationId, q.organizationId))
			)
		);
}

/** Every hold live at `now`, soonest first (at most 500), with the specialist's and organisation's names. */
export async function liveHoldsWithNames(exec: Executor, now: Date) {
	return exec
		.select({
			holderKey: slotHold.holderKey,
			startsAt: slotHold.startsAt,
			expiresAt: slotHold.expiresAt,
			specialistName: specialist.displayName,
			organizationName: organization.name
		})
		.from(slotHold)
		.innerJoin(specialist, eq(specialist.id, slotHold.specialistId))
		.leftJoin(bookingDraft, heldBy())
		.leftJoin(organization, eq(organization.id, bookingDraft.organizationId))
		.where(gt(slotHold.expiresAt, now))
		.orderBy(asc(slotHold.startsAt))
		.limit(500);
}
