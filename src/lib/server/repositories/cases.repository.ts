/**
 * Cases: rows, scope, history. A case is seen by the same rule as bookings (organisation, team,
 * responsible referrer); specialists see no cases (they see their examinations).
 */
import { and, eq, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { caseHistory, claimCase } from '../db/schema';
import { scopeWhere, type Scope } from '../auth/scope';
import { isUuid } from '../../ids';

export type CaseRow = typeof claimCase.$inferSelect;
export type NewCase = typeof claimCase.$inferInsert;
export type NewCaseHistory = typeof caseHistory.$inferInsert;

/** The WHERE clause that limits cases to a scope. */
export const caseScope = (scope: Scope): SQL | undefined =>
	scopeWhere(scope, { organizationId: claimCase.organizationId, ownerUserId: claimCase.ownerUserId, teamId: claimCase.teamId });

/** The case with this id if it is in the scope, or null. */
export async function caseForScope(exec: Executor, scope: Scope, id: string): Promise<CaseRow | null> {
	if (!isUuid(id)) return null;
	const [row] = await exec
		.select()
		.from(claimCase)
		.where(and(eq(claimCase.id, id), caseScope(scope)))
		.limit(1);
	return row ?? null;
}

/** The same, locked for update (inside a transaction). */
export async function lockCaseForScope(exec: Executor, scope: Scope, id: string): Promise<CaseRow | null> {
	if (!isUuid(id)) return null;
	const [row] = await exec
		.select()
		.from(claimCase)
		.where(and(eq(claimCase.id, id), caseScope(scope)))
		.limit(1)
		.for('update');
	return row ?? null;
}

export async function insertCase(exec: Executor, values: NewCase): Promise<{ id: string; reference: string }> {
	const [row] = await exec.insert(claimCase).values(values).returning({ id: claimCase.id, reference: claimCase.reference });
	return row!;
}

export async function updateCase(
	exec: Executor,
	id: string,
	change: Partial<
		Pick<
			NewCase,
			'claimantEncrypted' | 'claimantNameTokens' | 'claimNumberHash' | 'detailsEncrypted' | 'scheme' | 'status' | 'ownerUserId' | 'teamId'
		>
	>
): Promise<void> {
	await exec
		.update(claimCase)
		.set({ ...change, updatedAt: new Date() })
		.where(eq(claimCase.id, id));
}

/** Marks the case as changed now (a booking added, an enclosure decided): lists sort by it. */
export async function touchCase(exec: Executor, id: string): Promise<void> {
	await exec.update(claimCase).set({ updatedAt: new Date() }).where(eq(claimCase.id, id));
}

export async function appendCaseHistory(exec: Executor, values: NewCaseHistory): Promise<void> {
	await exec.insert(caseHistory).values(values);
}
