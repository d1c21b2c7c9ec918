import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Executor } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { auditLog } from '../../db/schema';
import { openTestDatabase } from '../../testing/db';
import { userActor, type ActorMeta } from '../../auth/actor';
import { recordAudit, verifyAuditChain } from './audit';

let database: Database;
const REQUEST: ActorMeta = { ip: '203.0.113.7', userAgent: 'vitest', requestId: 'req-1' };
const who = userActor(REQUEST, 'user-1');
/** `who`, in another request. */
const inRequest = (requestId: string) => userActor({ ...REQUEST, requestId }, 'user-1');

beforeAll(async () => {
	database = await openTestDatabase();
	// A chain of a few rows for every test to work on.
	for (const action of ['auth.sign_in', 'auth.second_factor', 'organization.update', 'auth.sign_out'] as const)
		await recordAudit(database.db, who, {
			action,
			outcome: 'granted',
			resourceType: 'user',
			resourceId: 'user-1',
			details: { step: action }
		});
});

afterAll(async () => {
	await database?.close();
});

/** The message of a database error, also when the driver or Drizzle wraps it. */
function messagesOf(err: unknown): string {
	const parts: string[] = [];
	for (let e = err as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) parts.push(String(e.message));
	return parts.join(' | ');
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
	try {
		await run();
	} catch (err) {
		return messagesOf(err);
	}
	throw new Error('the statement was allowed');
}

class Rollback extends Error {}

/** Runs `work` in a transaction that is always rolled back, so tampering never outlives the test. */
async function inRolledBackTransaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
	let result: T | undefined;
	await database.db
		.transaction(async (tx) => {
			result = await work(tx);
			throw new Rollback();
		})
		.catch((err) => {
			if (!(err instanceof Rollback)) throw err;
		});
	return result as T;
}

const rowCount = async () => (await database.db.select({ seq: auditLog.seq }).from(auditLog)).length;

describe('audit trail', () => {
	it('records the event and chains each row to the one before it', async () => {
		const rows = await database.db.select().from(auditLog).orderBy(asc(auditLog.seq));
		expect(rows.length).toBeGreaterThanOrEqual(4);
		expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
		expect(rows[0]).toMatchObject({
			actor: 'user-1',
			action: 'auth.sign_in',
			outcome: 'granted',
			resourceType: 'user',
			resourceId: 'user-1',
			ip: '203.0.113.7',
			userAgent: 'vitest',
			requestId: 'req-1',
			onBehalfOf: null,
			details: { step: 'auth.sign_in' },
			prevHash: '0'.repeat(64)
		});
		for (const [i, row] of rows.entries()) {
			expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
			if (i > 0) expect(row.prevHash).toBe(rows[i - 1]!.hash);
		}
		expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
	});

	it('keeps the user agent to 512 characters', async () => {
		await recordAudit(database.db, userActor({ ip: null, userAgent: 'x'.repeat(2000), requestId: 'long-ua' }, null), {
			action: 'access.denied',
			outcome: 'denied'
		});
		const [row] = await database.db.select().from(auditLog).where(eq(auditLog.requestId, 'long-ua'));
		expect(row!.userAgent).toHaveLength(512);
		expect(row!.ip).toBeNull();
	});

	it('stores a record without details as NULL (not JSON null), and writes inside a transaction too', async () => {
		await recordAudit(database.db, inRequest('no-details'), { action: 'auth.sign_out', outcome: 'granted' });
		const [plain] = rowsOf<{ is_null: boolean }>(
			await database.db.execute(sql`select details is null as is_null from audit_log where request_id = 'no-details'`)
		);
		expect(plain).toEqual({ is_null: true });
		await database.db.transaction(async (tx) => {
			await recordAudit(tx, inRequest('in-tx'), { action: 'auth.sign_in', outcome: 'granted', details: { n: 1, ok: true } });
		});
		const [row] = await database.db.select().from(auditLog).where(eq(auditLog.requestId, 'in-tx'));
		expect(row).toMatchObject({
			action: 'auth.sign_in',
			resourceType: null,
			resourceId: null,
			onBehalfOf: null,
			details: { n: 1, ok: true }
		});
		expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: await rowCount() });
	});

	it('reports a clean chain as intact', async () => {
		expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: await rowCount() });
	});

	describe('the database refuses to change history', () => {
		it.each([
			['UPDATE', sql`update audit_log set actor = 'mallory' where seq = 1`],
			['DELETE', sql`delete from audit_log where seq = 1`],
			['TRUNCATE', sql`truncate audit_log`]
		])('%s is refused by the trigger', async (op, statement) => {
			const before = await rowCount();
			expect(await refusal(() => database.db.execute(statement))).toContain(`audit_log is append-only: ${op} refused`);
			expect(await rowCount()).toBe(before);
			const [first] = await database.db.select().from(auditLog).where(eq(auditLog.seq, 1));
			expect(first!.actor).toBe('user-1');
		});

		it('refuses to reset the chain head', async () => {
			expect(await refusal(() => database.db.execute(sql`delete from audit_chain_head`))).toContain('append-only: DELETE refused');
			expect(await refusal(() => database.db.execute(sql`truncate audit_chain_head`))).toContain('append-only: TRUNCATE refused');
		});

		it('refuses through Drizzle too', async () => {
			expect(await refusal(() => database.db.update(auditLog).set({ outcome: 'denied' }).where(eq(auditLog.seq, 2)))).toContain(
				'append-only: UPDATE refused'
			);
		});
	});

	describe('verification finds tampering done around the trigger', () => {
		it('names the altered row when its content no longer matches its hash', async () => {
			const report = await inRolledBackTransaction(async (tx) => {
				await tx.execute(sql`alter table audit_log disable trigger user`);
				await tx.execute(sql`update audit_log set actor = 'mallory' where seq = 2`);
				await tx.execute(sql`alter table audit_log enable trigger user`);
				return verifyAuditChain(tx);
			});
			expect(report).toEqual({ ok: false, rows: await rowCount(), firstBad: { seq: 2, reason: 'hash mismatch' } });
			// The rollback put everything back.
			expect((await verifyAuditChain(database.db)).ok).toBe(true);
		});

		it('catches a forger who recomputes the altered row hash at the next link', async () => {
			const report = await inRolledBackTransaction(async (tx) => {
				await tx.execute(sql`alter table audit_log disable trigger user`);
				await tx.execute(sql`update audit_log set outcome = 'denied' where seq = 2`);
				await tx.execute(sql`update audit_log a set hash = audit_log_hash(a) where seq = 2`);
				await tx.execute(sql`alter table audit_log enable trigger user`);
				return verifyAuditChain(tx);
			});
			expect(report.firstBad).toEqual({ seq: 3, reason: 'broken link' });
		});

		it('reports a deleted row as a gap in the sequence', async () => {
			const report = await inRolledBackTransaction(async (tx) => {
				await tx.execute(sql`alter table audit_log disable trigger user`);
				await tx.execute(sql`delete from audit_log where seq = 3`);
				await tx.execute(sql`alter table audit_log enable trigger user`);
				return verifyAuditChain(tx);
			});
			expect(report.ok).toBe(false);
			expect(report.firstBad).toEqual({ seq: 4, reason: 'gap in sequence' });
		});
	});

	it('writes nothing when the surrounding transaction rolls back, and the chain stays unbroken', async () => {
		const before = await rowCount();
		await inRolledBackTransaction((tx) => recordAudit(tx, inRequest('rolled-back'), { action: 'member.role_change', outcome: 'granted' }));
		expect(await database.db.select().from(auditLog).where(eq(auditLog.requestId, 'rolled-back'))).toEqual([]);
		expect(await rowCount()).toBe(before);

		// The next event takes the next number: the rolled-back one left no hole.
		await recordAudit(database.db, inRequest('after-rollback'), { action: 'member.role_change', outcome: 'granted' });
		const [row] = await database.db.select().from(auditLog).where(eq(auditLog.requestId, 'after-rollback'));
		expect(row!.seq).toBe(before + 1);
		expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: before + 1 });
	});

	it('commits with the transaction that writes it', async () => {
		await database.db.transaction(async (tx) => {
			await recordAudit(tx, inRequest('committed'), { action: 'invitation.create', outcome: 'granted' });
		});
		expect(await database.db.select().from(auditLog).where(eq(auditLog.requestId, 'committed'))).toHaveLength(1);
	});

	it('keeps one unbroken chain when many requests write at once', async () => {
		const before = await rowCount();
		await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				recordAudit(database.db, userActor({ ip: null, userAgent: null, requestId: null }, `concurrent-${i}`), {
					action: 'auth.sign_in',
					outcome: i % 2 ? 'granted' : 'failed'
				})
			)
		);
		const report = await verifyAuditChain(database.db);
		expect(report).toEqual({ ok: true, rows: before + 20 });
		const seqs = rowsOf<{ n: string }>(await database.db.execute(sql`select count(distinct seq)::text as n from audit_log`));
		expect(Number(seqs[0]!.n)).toBe(before + 20);
	});
});
