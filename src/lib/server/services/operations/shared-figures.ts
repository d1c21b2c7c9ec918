/**
 * Figures of every instance together, kept in `ops_figure` so the dashboard shows the same numbers
 * whichever instance answers it: each instance adds what its availability cache counted since its
 * last flush (every FLUSH_SECONDS and on shutdown), and writes the catalogue sync's outcome when a
 * sync ends. The dashboard reads the table, never one process's memory.
 */
import type { Executor } from '../../db/client';
import { addToFigures, readFigures, recordFigureEvent } from '../../repositories/ops-figure.repository';

export const FLUSH_SECONDS = 15;

/** The counters of the availability cache, by their row in ops_figure. */
const COUNTERS = { fresh: 'availability.fresh', stale: 'availability.stale', loaded: 'availability.loaded' } as const;
type Counter = keyof typeof COUNTERS;
export type AvailabilityCounts = Record<Counter, number>;
export const CATALOGUE_SYNC = 'catalogue_sync';

/** One instance's share: what it counted since it last flushed. */
export class FigureFlusher {
	private flushed: AvailabilityCounts = { fresh: 0, stale: 0, loaded: 0 };
	private running: Promise<void> = Promise.resolve();

	/** `counts` is read at each flush (the app may swap its scheduling service, and so its counters). */
	constructor(
		private readonly db: Executor,
		private readonly counts: () => AvailabilityCounts
	) {}

	/** Adds the deltas since the last flush. One flush at a time: a timer and a shutdown never add the same delta twice. */
	flush(now = new Date()): Promise<void> {
		this.running = this.running.catch(() => undefined).then(() => this.flushNow(now));
		return this.running;
	}

	private async flushNow(now: Date) {
		const current = { ...this.counts() };
		const keys = Object.keys(COUNTERS) as Counter[];
		// A counter below what was flushed means the counters started again (a new cache): all of it is new.
		const restarted = keys.some((k) => current[k] < this.flushed[k]);
		const deltas = keys
			.map((k) => ({ name: COUNTERS[k], value: restarted ? current[k] : current[k] - this.flushed[k] }))
			.filter((d) => d.value > 0);
		await addToFigures(this.db, deltas, now);
		// Only once written: a failed flush is retried with the same deltas next time.
		this.flushed = current;
	}
}

/** The outcome of a catalogue sync, for every instance's dashboard. */
export function shareCatalogueSync(db: Executor, result: { at: Date; ok: boolean }): Promise<void> {
	return recordFigureEvent(db, CATALOGUE_SYNC, result.at, result.ok);
}

export interface SharedFigures {
	/** Availability lookups answered, by every instance, since the figures began. */
	cacheReads: number;
	/** The share answered from the cache (fresh or stale), null before any lookup. */
	cacheHitRate: number | null;
	/** Lookups answered with older times because the scheduler could not be reached. */
	staleServed: number;
	lastCatalogueSync: { at: Date; ok: boolean } | null;
}

export async function readSharedFigures(db: Executor): Promise<SharedFigures> {
	const rows = await readFigures(db, [...Object.values(COUNTERS), CATALOGUE_SYNC]);
	const value = (name: string) => Number(rows.find((r) => r.name === name)?.value ?? 0);
	const fresh = value(COUNTERS.fresh);
	const stale = value(COUNTERS.stale);
	const reads = fresh + stale + value(COUNTERS.loaded);
	const sync = rows.find((r) => r.name === CATALOGUE_SYNC);
	return {
		cacheReads: reads,
		cacheHitRate: reads ? (fresh + stale) / reads : null,
		staleServed: stale,
		lastCatalogueSync: sync?.at ? { at: sync.at, ok: sync.ok === true } : null
	};
}
