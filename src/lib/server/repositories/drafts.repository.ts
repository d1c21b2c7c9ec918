/**
 * Booking drafts: what the wizard has gathered so far, sealed (the service encrypts and decrypts).
 */
import { and, eq, gt, lte } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { bookingDraft } from '../db/schema';

export type DraftRow = typeof bookingDraft.$inferSelect;

/** Inserts a draft; answers its id. */
export async function insertDraft(
	exec: Executor,
	values: { userId: string; ownerUserId: string; organizationId: string; dataEncrypted: string; expiresAt: Date }
): Promise<string> {
	const [row] = await exec.insert(bookingDraft).values(values).returning({ id: bookingDraft.id });
	return row!.id;
}

/** Deletes every draft expired by `now`. */
export async function deleteExpiredDrafts(exec: Executor, now: Date): Promise<void> {
	await exec.delete(bookingDraft).where(lte(bookingDraft.expiresAt, now));
}

/** The draft with this id if `userId` started it and it is not expired at `now`; null otherwise. */
export async function findLiveDraftOf(exec: Executor, id: string, userId: string, now: Date): Promise<DraftRow | null> {
	const [row] = await exec
		.select()
		.from(bookingDraft)
		.where(and(eq(bookingDraft.id, id), eq(bookingDraft.userId, userId), gt(bookingDraft.expiresAt, now)))
		.limit(1);
	return row ?? null;
}

/** The draft with this id, whoever started it and expired or not; null when there is none. */
export async function findDraft(exec: Executor, id: string): Promise<DraftRow | null> {
	const [row] = await exec.select().from(bookingDraft).where(eq(bookingDraft.id, id)).limit(1);
	return row ?? null;
}

/** Replaces a draft's sealed data. */
export async function updateDraftData(exec: Executor, id: string, dataEncrypted: string): Promise<void> {
	await exec.update(bookingDraft).set({ dataEncrypted, updatedAt: new Date() }).where(eq(bookingDraft.id, id));
}

/** Deletes a draft (its booking is made). */
export async function deleteDraft(exec: Executor, id: string): Promise<void> {
	await exec.delete(bookingDraft).where(eq(bookingDraft.id, id));
}
