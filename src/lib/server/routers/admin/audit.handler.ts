import type { z } from 'zod';
import { auditPage, auditWhere, peopleOf } from '../../services/audit/audit-query';
import type { SignedInContext } from '../_context';
import type { auditInput } from './schemas';

export async function auditHandler(ctx: SignedInContext, input: z.output<typeof auditInput>) {
	const db = ctx.app.database.db;
	const rows = await auditPage(db, await auditWhere(db, input.filters), input.beforeSeq, input.limit);
	const people = await peopleOf(db, rows);
	const person = (id: string | null) => (id ? (people.get(id) ?? null) : null);
	return {
		rows: rows.map((r) => ({ ...r, actorPerson: person(r.actor), onBehalfOfPerson: person(r.onBehalfOf) })),
		nextBeforeSeq: rows.length === input.limit ? rows[rows.length - 1]!.seq : null
	};
}
