/**
 * Our own live holds on a specialist's day, as every availability read subtracts them, kept in this
 * process between changes to that specialist's holds instead of read from the database on every read.
 *
 * A shared generation (`holdgen:<specialist>` in the cache, Redis across instances) says when to
 * read again: it is read in the same round trip as the availability answer (no extra trip), and
 * replaced after every hold placed, released or turned into a booking has committed. A reader who
 * sees the new generation reads the database after that commit; one who saw the old one was
 * concurrent with the change, as a reader of the database just before the commit would have been.
 * Holds expire on their own: kept spans carry their expiry and are filtered at each read.
 *
 * A kept answer is also dropped after `maxAgeMs` whatever the generation says: the bound on how
 * long a change can go unseen here if its generation could not be written (Redis failing). A hold
 * missed meanwhile is still refused when placed or confirmed (both check the database under a lock),
 * so a stale read can never double-book; it can only offer a time someone is holding.
 */
import type { Db } from '../../db/client';
import { liveHoldSpans } from '../../repositories/holds.repository';
import type { Cache } from '../cache/cache';

export type HoldSpan = Awaited<ReturnType<typeof liveHoldSpans>>[number];

interface Kept {
	generation: string;
	/** Monotonic time it was read (for maxAgeMs). */
	readAt: number;
	/** The instant it was read for: a read for an earlier instant (a clock set back) reads again. */
	liveAt: number;
	spans: HoldSpan[];
}

export interface HoldSpanOptions {
	/** Default 2000. 0: never keep (every read goes to the database). */
	maxAgeMs?: number;
	/** Monotonic milliseconds (tests). */
	clock?: () => number;
}

const MAX_KEPT = 5000;
const GENERATION_TTL_SECONDS = 7 * 24 * 3600;

const newGeneration = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export class HoldSpans {
	private readonly kept = new Map<string, Kept>();
	private readonly maxAgeMs: number;
	private readonly clock: () => number;

	/** Reads by this instance since it started: from what it kept, or from the database. */
	readonly stats = { kept: 0, read: 0 };

	constructor(
		private readonly db: Db,
		private readonly cache: Cache,
		opts: HoldSpanOptions = {}
	) {
		this.maxAgeMs = opts.maxAgeMs ?? 2000;
		this.clock = opts.clock ?? (() => performance.now());
	}

	/** The cache key of a specialist's hold generation: read with the availability answer, passed to `spans`. */
	static generationKey(specialistId: string) {
		return `holdgen:${specialistId}`;
	}

	/** After a change to the specialist's holds has committed: every instance reads them again. */
	async changed(specialistId: string): Promise<void> {
		await this.cache.set(HoldSpans.generationKey(specialistId), newGeneration(), GENERATION_TTL_SECONDS);
	}

	/**
	 * The specialist's holds live at `now` whose busy time overlaps [from, to). `generation`: the value
	 * of `generationKey` read just before (null when absent).
	 */
	async spans(specialistId: string, from: Date, to: Date, now: Date, generation: string | null): Promise<HoldSpan[]> {
		const key = `${specialistId}|${from.getTime()}|${to.getTime()}`;
		const at = now.getTime();
		const kept = this.kept.get(key);
		if (kept && generation !== null && kept.generation === generation && this.clock() - kept.readAt < this.maxAgeMs && at >= kept.liveAt) {
			this.stats.kept++;
			return kept.spans.filter((h) => h.expiresAt.getTime() > at);
		}
		// No generation yet (never changed, or expired from the cache): start one, and keep what is read
		// under it only when this call started it (another reader's or a change's value is unknown here).
		if (generation === null && this.maxAgeMs > 0) {
			const fresh = newGeneration();
			// A cache that cannot answer keeps nothing: the holds are read as they were before this cache.
			const started = await this.cache.setIfAbsent(HoldSpans.generationKey(specialistId), fresh, GENERATION_TTL_SECONDS).catch(() => false);
			if (started) generation = fresh;
		}
		const readAt = this.clock();
		const spans = await liveHoldSpans(this.db, specialistId, from, to, now);
		this.stats.read++;
		if (generation !== null && this.maxAgeMs > 0) {
			if (this.kept.size >= MAX_KEPT) this.kept.clear();
			this.kept.set(key, { generation, readAt, liveAt: at, spans });
		}
		return spans;
	}
}
