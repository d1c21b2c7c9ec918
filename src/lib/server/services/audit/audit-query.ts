/**
 * Reading the audit trail: filters (who, for whom, what, which resource, outcome, dates), keyset
 * pages newest first, and the batches of the streamed export. People can be named by email: they
 * are resolved to user ids by the filter, so the rows themselves never need to carry an email.
 */
import type { Executor } from '../../db/client';
import {
	auditPage,
	bookingReferencesByIds,
	caseReferencesByIds,
	documentBookingsByIds,
	peopleByUserId,
	type AuditRow,
	type AuditWhere
} from '../../repositories/audit.repository';
import { idsToResolve, type AuditLookups } from './audit-sentences';

export { auditPage, auditWhere, type AuditRow, type AuditWhere } from '../../repositories/audit.repository';

export type People = Map<string, { name: string; email: string }>;

/** Names and emails of the people in some rows (ids that are not users stay as they are). */
export async function peopleOf(exec: Executor, rows: Pick<AuditRow, 'actor' | 'onBehalfOf'>[]): Promise<People> {
	const ids = [...new Set(rows.flatMap((r) => [r.actor, r.onBehalfOf]).filter((v): v is string => Boolean(v)))];
	if (!ids.length) return new Map();
	const found = await peopleByUserId(exec, ids);
	return new Map(found.map((u) => [u.id, { name: u.name, email: u.email }]));
}

/** What a page of rows' sentences name, resolved in bulk: one query per kind, not per row. */
export async function auditLookups(exec: Executor, rows: AuditRow[]): Promise<AuditLookups> {
	const ids = idsToResolve(rows);
	const [people, bookings, cases, documents] = await Promise.all([
		ids.people.length ? peopleByUserId(exec, ids.people) : [],
		bookingReferencesByIds(exec, ids.bookings),
		caseReferencesByIds(exec, ids.cases),
		documentBookingsByIds(exec, ids.documents)
	]);
	return {
		people: new Map(people.map((u) => [u.id, { name: u.name, email: u.email }])),
		bookings: new Map(bookings.map((b) => [b.id, b.reference])),
		cases: new Map(cases.map((c) => [c.id, c.reference])),
		documents: new Map(documents.map((d) => [d.id, { category: d.category, bookingId: d.bookingId, reference: d.reference }]))
	};
}

/** Every matching row, newest first, in keyset batches (the export). */
export async function* auditRows(
	exec: Executor,
	where: AuditWhere,
	batchSize = 1000
): AsyncGenerator<{ rows: AuditRow[]; people: People }> {
	let before: number | undefined;
	for (;;) {
		const rows = await auditPage(exec, where, before, batchSize);
		if (!rows.length) return;
		yield { rows, people: await peopleOf(exec, rows) };
		if (rows.length < batchSize) return;
		before = rows[rows.length - 1]!.seq;
	}
}
