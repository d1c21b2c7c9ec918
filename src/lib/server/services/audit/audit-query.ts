/**
 * Reading the audit trail: filters (who, for whom, what, which resource, outcome, dates), keyset
 * pages newest first, and the streamed export. People can be named by email: they are resolved to
 * user ids here, so the rows themselves never need to carry an email.
 */
import { parseDate } from '@internationalized/date';
import { and, desc, eq, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { auditLog, user } from '../../db/schema';
import type { AuditFilters } from '../../../schemas/audit';

const ZONE = 'Australia/Sydney';

async function userIdFor(exec: Executor, who: string): Promise<string> {
	if (!who.includes('@')) return who;
	const [u] = await exec.select({ id: user.id }).from(user).where(eq(user.email, who.toLowerCase())).limit(1);
	// An unknown email matches nothing (rather than everything).
	return u?.id ?? `unknown:${who}`;
}

export async function auditWhere(exec: Executor, f: AuditFilters): Promise<SQL | undefined> {
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

export type AuditRow = typeof auditLog.$inferSelect;

/** One page, newest first, strictly older than `beforeSeq`. */
export async function auditPage(exec: Executor, where: SQL | undefined, beforeSeq: number | undefined, limit: number): Promise<AuditRow[]> {
	return exec
		.select()
		.from(auditLog)
		.where(and(where, beforeSeq ? lt(auditLog.seq, beforeSeq) : undefined))
		.orderBy(desc(auditLog.seq))
		.limit(limit);
}

/** Names and emails of the people in some rows (ids that are not users stay as they are). */
export async function peopleOf(
	exec: Executor,
	rows: Pick<AuditRow, 'actor' | 'onBehalfOf'>[]
): Promise<Map<string, { name: string; email: string }>> {
	const ids = [...new Set(rows.flatMap((r) => [r.actor, r.onBehalfOf]).filter((v): v is string => Boolean(v)))];
	if (!ids.length) return new Map();
	const found = await exec.select({ id: user.id, name: user.name, email: user.email }).from(user).where(inArray(user.id, ids));
	return new Map(found.map((u) => [u.id, { name: u.name, email: u.email }]));
}

/** Every matching row, newest first, in keyset batches (the export). */
export async function* auditRows(
	exec: Executor,
	where: SQL | undefined,
	batchSize = 1000
): AsyncGenerator<{ rows: AuditRow[]; people: Map<string, { name: string; email: string }> }> {
	let before: number | undefined;
	for (;;) {
		const rows = await auditPage(exec, where, before, batchSize);
		if (!rows.length) return;
		yield { rows, people: await peopleOf(exec, rows) };
		if (rows.length < batchSize) return;
		before = rows[rows.length - 1]!.seq;
	}
}
