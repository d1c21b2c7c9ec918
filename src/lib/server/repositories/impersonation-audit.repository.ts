/**
 * Reads of the audit trail about impersonation (kept apart from the audit service's own queries).
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { rowsOf } from '../db/rows';

/** The ids of the (at most 10) users this admin most recently started acting for, most recent first. */
export async function recentImpersonationTargets(exec: Executor, adminUserId: string): Promise<string[]> {
	return rowsOf<{ id: string }>(
		await exec.execute(sql`
			SELECT resource_id AS id FROM audit_log
			WHERE actor = ${adminUserId} AND action = 'auth.impersonation_start' AND outcome = 'granted' AND resource_id IS NOT NULL
			GROUP BY resource_id ORDER BY max(seq) DESC LIMIT 10`)
	).map((r) => r.id);
}
