/**
 * Outbox queries: a message written in its cause's transaction, claimed by a worker with FOR UPDATE
 * SKIP LOCKED (so several instances never deliver one row twice), then marked sent or put back.
 */
import { and, desc, eq, min, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { rowsOf } from '../db/rows';
import { outbox } from '../db/schema';
import { decodePageCursor, instantText, keysetOrder, pageOf, pageSize } from './keyset';

export type OutboxRow = typeof outbox.$inferSelect;

/** Adds a message (its payload sealed by the caller); answers its id. */
export async function insertMessage(
	exec: Executor,
	values: { channel: string; template: string; userId: string | null; payload: string }
): Promise<string> {
	const [row] = await exec.insert(outbox).values(values).returning({ id: outbox.id });
	return row!.id;
}

/**
 * Claims up to `limit` due messages (pending and due, or sending with an expired claim), oldest due
 * first: each is marked sending, its attempt counted, and claimed for `claimSeconds`. Answers their ids.
 */
export async function claimDueMessages(exec: Executor, limit: number, claimSeconds: number): Promise<{ id: string }[]> {
	return rowsOf<{ id: string }>(
		await exec.execute(sql`
				UPDATE outbox SET status = 'sending', attempts = attempts + 1,
					locked_until = now() + make_interval(secs => ${claimSeconds})
				WHERE id IN (
					SELECT id FROM outbox
					WHERE (status = 'pending' AND next_attempt_at <= now())
					   OR (status = 'sending' AND locked_until < now())
					ORDER BY next_attempt_at
					LIMIT ${limit}
					FOR UPDATE SKIP LOCKED)
				RETURNING id`)
	);
}

/** One message, or null. */
export async function findMessage(exec: Executor, id: string): Promise<OutboxRow | null> {
	const [row] = await exec.select().from(outbox).where(eq(outbox.id, id));
	return row ?? null;
}

/** Marks a claimed message sent (only while it is still being sent). */
export async function markMessageSent(exec: Executor, id: string): Promise<void> {
	await exec
		.update(outbox)
		.set({ status: 'sent', sentAt: new Date(), lockedUntil: null, lastError: null })
		.where(and(eq(outbox.id, id), eq(outbox.status, 'sending')));
}

/**
 * Puts a message whose delivery failed back as pending for `nextAttemptAt`, or marks it failed for
 * good — only while still ours (sending, at the attempt we claimed): a slow failure must not
 * overwrite a row another worker took over.
 */
export async function markMessageFailed(
	exec: Executor,
	id: string,
	claimedAttempts: number,
	failure: { giveUp: boolean; lastError: string; nextAttemptAt: Date }
): Promise<void> {
	await exec
		.update(outbox)
		.set({
			status: failure.giveUp ? 'failed' : 'pending',
			lockedUntil: null,
			lastError: failure.lastError,
			nextAttemptAt: failure.nextAttemptAt
		})
		.where(and(eq(outbox.id, id), eq(outbox.status, 'sending'), eq(outbox.attempts, claimedAttempts)));
}

/** The latest messages, newest first. */
export async function latestMessages(exec: Executor, limit: number): Promise<OutboxRow[]> {
	return exec.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
}

/** One keyset page of messages, newest first (created_at, then id). */
export async function messagesPage(exec: Executor, p: { cursor?: string | null; limit?: number }) {
	const after = p.cursor ? decodePageCursor(p.cursor, 'createdAt', 'desc', 'instant') : null;
	const { orderBy, seek } = keysetOrder(outbox.createdAt, outbox.id, 'desc', after, 'instant');
	const size = pageSize(p.limit);
	const found = await exec
		.select({ row: outbox, key: instantText(outbox.createdAt) })
		.from(outbox)
		.where(seek)
		.orderBy(...orderBy)
		.limit(size + 1);
	const page = pageOf(
		found.map((f) => ({ ...f, id: f.row.id })),
		size,
		'createdAt',
		'desc',
		(r) => r.key
	);
	return { rows: page.rows.map((r): OutboxRow => r.row), nextCursor: page.nextCursor };
}

/** How many messages are in each status, with the oldest one's creation time. */
export async function messageCountsByStatus(exec: Executor): Promise<{ status: string; n: number; oldest: Date | null }[]> {
	return exec
		.select({ status: outbox.status, n: sql<number>`count(*)::int`, oldest: min(outbox.createdAt) })
		.from(outbox)
		.groupBy(outbox.status);
}
