/** The app instances' heartbeat rows: each instance renews its own; the recent ones are counted. */
import { gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { appInstance } from '../db/schema';

/** Writes (or renews) an instance's row as seen at `seenAt`. */
export async function renewInstance(exec: Executor, id: string, seenAt: Date): Promise<void> {
	await exec.insert(appInstance).values({ id, seenAt }).onConflictDoUpdate({ target: appInstance.id, set: { seenAt } });
}

/** Removes the rows of instances last seen before `cutoff`. */
export async function removeInstancesSeenBefore(exec: Executor, cutoff: Date): Promise<void> {
	await exec.delete(appInstance).where(lt(appInstance.seenAt, cutoff));
}

/** How many instances were seen after `since`. */
export async function countInstancesSeenAfter(exec: Executor, since: Date): Promise<number | null> {
	const [row] = await exec
		.select({ n: sql<number>`count(*)::int` })
		.from(appInstance)
		.where(gt(appInstance.seenAt, since));
	return row?.n ?? null;
}

/** Removes an instance's row. */
export async function removeInstance(exec: Executor, id: string): Promise<void> {
	await exec.delete(appInstance).where(sql`${appInstance.id} = ${id}`);
}
