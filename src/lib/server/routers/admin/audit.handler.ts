import type { z } from 'zod';
import { auditLookups, auditPage, auditWhere } from '../../services/audit/audit-query';
import { auditSentence } from '../../services/audit/audit-sentences';
import type { SignedInContext } from '../_context';
import type { auditInput } from './schemas';

export async function auditHandler(ctx: SignedInContext, input: z.output<typeof auditInput>) {
	const db = ctx.app.database.db;
	const rows = await auditPage(db, await auditWhere(db, input.filters), input.beforeSeq, input.limit);
	// People, bookings, cases and documents of the whole page, one query per kind.
	const lookups = await auditLookups(db, rows);
	const person = (id: string | null) => (id ? (lookups.people.get(id) ?? null) : null);
	return {
		rows: rows.map((r) => ({
			...r,
			actorPerson: person(r.actor),
			onBehalfOfPerson: person(r.onBehalfOf),
			sentence: auditSentence(r, lookups)
		})),
		nextBeforeSeq: rows.length === input.limit ? rows[rows.length - 1]!.seq : null
	};
}
