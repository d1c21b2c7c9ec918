/**
 * Operational figures shared by every instance (`ops_figure`): counters each instance adds its
 * deltas to, and events (the last catalogue sync) each instance overwrites when they happen.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { opsFigure } from '../db/schema';

/** Adds each delta to its counter (a counter not seen before starts at 0), in one statement. */
export async function addToFigures(exec: Executor, deltas: readonly { name: string; value: number }[], at: Date): Promise<void> {
	if (!deltas.length) return;
	await exec
		.insert(opsFigure)
		.values(deltas.map((d) => ({ name: d.name, value: d.value, updatedAt: at })))
		.onConflictDoUpdate({
			target: opsFigure.name,
			set: { value: sql`${opsFigure.value} + excluded.value`, updatedAt: sql`excluded.updated_at` }
		});
}

/** Records when an event last happened and whether it went well (the newest write wins). */
export async function recordFigureEvent(exec: Executor, name: string, at: Date, ok: boolean): Promise<void> {
	await exec
		.insert(opsFigure)
		.values({ name, at, ok, updatedAt: at })
		.onConflictDoUpdate({ target: opsFigure.name, set: { at, ok, updatedAt: at } });
}

/** The named figures that exist. */
export async function readFigures(exec: Executor, names: readonly string[]) {
	if (!names.length) return [];
	return exec
		.select({ name: opsFigure.name, value: opsFigure.value, at: opsFigure.at, ok: opsFigure.ok, updatedAt: opsFigure.updatedAt })
		.from(opsFigure)
		.where(inArray(opsFigure.name, [...names]));
}
