/**
 * Audit trail queries: the one insert every audited flow makes, the chain check, and the viewer's
 * filters and keyset pages. The database chains and guards the rows (drizzle/0001_audit_guard.sql).
 */
import { parseDate } from '@internationalized/date';
import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { rowsOf } from '../db/rows';
import { preparedPerExecutor } from '../db/prepared';
import { auditLog, booking, claimCase, document, user } from '../db/schema';
import type { AuditFilters } from '../../schemas/audit';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;
/** A built filter of the trail (from `auditWhere`); undefined matches every row. */
export type AuditWhere = SQL | undefined;

/** The one insert every audited read and change makes: built once per executor (db/prepared.ts). */
const insertAuditQuery = preparedPerExecutor((exec) =>
	exec
		.insert(auditLog)
		.values({
			actor: sql.placeholder('actor'),
			onBehalfOf: sql.placeholder('onBehalfOf'),
			action: sql.placeholder('action'),
			resourceType: sql.placeholder('resourceType'),
			resourceId: sql.placeholder('resourceId'),
			outcome: sql.placeholder('outcome'),
			ip: sql.placeholder('ip'),
			userAgent: sql.placeholder('userAgent'),
			requestId: sql.placeholder('requestId'),
			// Raw: the column's encoder would write a missing `details` as JSON null, not NULL.
			details: sql`${sql.placeholder('details')}`
		})
		.prepare('insert_audit_row')
);

/** Appends one row to the trail (the database numbers, times and chains it); a field not given is NULL. */
export async function insertAuditRow(exec: Executor, row: NewAuditRow): Promise<void> {
	await insertAuditQuery(exec).execute({
		actor: row.actor,
		onBehalfOf: row.onBehalfOf ?? null,
		action: row.action,
		resourceType: row.resourceType ?? null,
		resourceId: row.resourceId ?? null,
		outcome: row.outcome,
		ip: row.ip ?? null,
		userAgent: row.userAgent ?? null,
		requestId: row.requestId ?? null,
		// What the jsonb column's encoder writes (JSON text), NULL for none.
		details: row.details == null ? null : JSON.stringify(row.details)
	});
}

export interface ChainCheckRow {
	seq: string;
	hash_ok: boolean;
	link_ok: boolean;
	seq_ok: boolean;
}

/**
 * Every row in sequence order, with whether its hash recomputes (the trigger's own function), it
 * links to the row before it, and its seq follows on.
 */
export async function auditChainChecks(exec: Executor): Promise<ChainCheckRow[]> {
	const result = await exec.execute(sql`
		SELECT seq::text AS seq,
			(hash = audit_log_hash(a)) AS hash_ok,
			(prev_hash = coalesce(lag(hash) OVER (ORDER BY seq), repeat('0', 64))) AS link_ok,
			(seq = coalesce(lag(seq) OVER (ORDER BY seq), 0) + 1) AS seq_ok
		FROM audit_log a ORDER BY seq`);
	return rowsOf<ChainCheckRow>(result);
}

const ZONE = 'Australia/Sydney';

/** A person named by email as their user id; an id as it is. */
async function userIdFor(exec: Executor, who: string): Promise<string> {
	if (!who.includes('@')) return who;
	const [u] = await exec.select({ id: user.id }).from(user).where(eq(user.email, who.toLowerCase())).limit(1);
	// An unknown email matches nothing (rather than everything).
	return u?.id ?? `unknown:${who}`;
}

/** The viewer's filters as a condition on the trail (people named by email are looked up first). */
export async function auditWhere(exec: Executor, f: AuditFilters): Promise<AuditWhere> {
	const parts: (SQL | undefined)[] = [];
	if (f.actor) parts.push(eq(auditLog.actor, await userIdFor(exec, f.actor)));
	if (f.onBehalfOf) parts.push(eq(auditLog.onBehalfOf, await userIdFor(exec, f.onBehalfOf)));
	if (f.involving) {
		const id = await userIdFor(exec, f.involving);
		parts.push(
			or(eq(auditLog.actor, id), eq(auditLog.onBehalfOf, id), and(eq(auditLog.resourceType, 'user'), eq(auditLog.resourceId, id)))
		);
	}
	if (f.action) parts.push(eq(auditLog.action, f.action));
	if (f.resourceType) parts.push(eq(auditLog.resourceType, f.resourceType));
	if (f.resourceId) parts.push(eq(auditLog.resourceId, f.resourceId));
	if (f.outcome) parts.push(eq(auditLog.outcome, f.outcome));
	if (f.from) parts.push(gte(auditLog.occurredAt, parseDate(f.from).toDate(ZONE)));
	if (f.to) parts.push(lt(auditLog.occurredAt, parseDate(f.to).add({ days: 1 }).toDate(ZONE)));
	const present = parts.filter((p): p is SQL => Boolean(p));
	return present.length ? and(...present) : undefined;
}

/** One page of matching rows, newest first, strictly older than `beforeSeq`. */
export async function auditPage(exec: Executor, where: AuditWhere, beforeSeq: number | undefined, limit: number): Promise<AuditRow[]> {
	return exec
		.select()
		.from(auditLog)
		.where(and(where, beforeSeq ? lt(auditLog.seq, beforeSeq) : undefined))
		.orderBy(desc(auditLog.seq))
		.limit(limit);
}

/** The id, name and email of each of these users that exists (the people named in some rows). */
export async function peopleByUserId(exec: Executor, ids: string[]): Promise<{ id: string; name: string; email: string }[]> {
	return exec.select({ id: user.id, name: user.name, email: user.email }).from(user).where(inArray(user.id, ids));
}

/** The records about some bookings and documents (by resource id), oldest first. */
export async function auditRecordsAbout(exec: Executor, bookingIds: string[], documentIds: string[]): Promise<AuditRow[]> {
	return exec
		.select()
		.from(auditLog)
		.where(
			or(
				and(eq(auditLog.resourceType, 'booking'), inArray(auditLog.resourceId, bookingIds)),
				and(eq(auditLog.resourceType, 'document'), inArray(auditLog.resourceId, documentIds))
			)
		)
		.orderBy(asc(auditLog.seq));
}

/** The references of these bookings (the trail's sentences name bookings by reference, never by examinee). */
export async function bookingReferencesByIds(exec: Executor, ids: string[]): Promise<{ id: string; reference: string }[]> {
	if (!ids.length) return [];
	return exec.select({ id: booking.id, reference: booking.reference }).from(booking).where(inArray(booking.id, ids));
}

/** The references of these cases. */
export async function caseReferencesByIds(exec: Executor, ids: string[]): Promise<{ id: string; reference: string }[]> {
	if (!ids.length) return [];
	return exec.select({ id: claimCase.id, reference: claimCase.reference }).from(claimCase).where(inArray(claimCase.id, ids));
}

/** The category and booking (with its reference) of these documents; never the document's name. */
export async function documentBookingsByIds(
	exec: Executor,
	ids: string[]
): Promise<{ id: string; category: string; bookingId: string; reference: string }[]> {
	if (!ids.length) return [];
	return exec
		.select({ id: document.id, category: document.category, bookingId: document.bookingId, reference: booking.reference })
		.from(document)
		.innerJoin(booking, eq(booking.id, document.bookingId))
		.where(inArray(document.id, ids));
}
