/**
 * Keeps the store and the table in step: an object without a row (an upload cut off by a crash
 * between the store and the database, or a `.part` left by a crash mid-upload) is removed once it
 * has not changed for the grace period (an upload in progress writes its `.part` all the time, and
 * the row follows a finished object at once); a document deleted more than 30 days ago is purged,
 * object first.
 */
import type { App } from '../../app';
import { deletedBefore, deleteDocumentRow, keysInUse } from '../../repositories/document.repository';
import { systemActor } from '../../auth/actor';
import { recordAudit } from '../audit/audit';
import { RESTORE_DAYS } from './manage';
import type { StoredObject } from './storage';

export interface SweepReport {
	orphansRemoved: number;
	purged: number;
}

/** How long an object without a row may sit unchanged before it is taken for a crash's leftover. */
export const ORPHAN_GRACE_MS = 15 * 60_000;

export async function sweepDocuments(app: App, options: { graceMs?: number; now?: Date } = {}): Promise<SweepReport> {
	const now = options.now ?? new Date();
	const cutoff = now.getTime() - (options.graceMs ?? ORPHAN_GRACE_MS);
	const store = app.documents.store;
	let orphansRemoved = 0;
	let batch: StoredObject[] = [];
	const flush = async () => {
		const inUse = await keysInUse(
			app.database.db,
			batch.map((o) => o.key)
		);
		for (const o of batch)
			if (!inUse.has(o.key)) {
				await store.delete(o.key);
				orphansRemoved++;
			}
		batch = [];
	};
	for await (const o of store.list()) {
		if (o.lastModified.getTime() >= cutoff) continue;
		batch.push(o);
		if (batch.length >= 500) await flush();
	}
	await flush();

	let purged = 0;
	const expired = new Date(now.getTime() - RESTORE_DAYS * 86_400_000);
	for (;;) {
		const rows = await deletedBefore(app.database.db, expired, 200);
		if (!rows.length) break;
		for (const row of rows) {
			await store.delete(row.storageKey);
			await app.database.db.transaction(async (tx) => {
				await deleteDocumentRow(tx, row.id);
				await recordAudit(tx, systemActor(), {
					action: 'document.purge',
					outcome: 'granted',
					resourceType: 'document',
					resourceId: row.id,
					details: { bookingId: row.bookingId }
				});
			});
			purged++;
		}
	}
	if (orphansRemoved || purged) app.logger.info({ orphansRemoved, purged }, 'document sweep');
	return { orphansRemoved, purged };
}
