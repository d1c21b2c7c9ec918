/**
 * Availability reads through the cache: a short time to live, stale-while-revalidate, one upstream
 * call for any number of concurrent cold readers (in this process by a shared promise, across
 * instances by a lock in the cache), invalidation by calendar through a generation counter, and
 * stale data served — and marked — when the upstream is down.
 */
import type { Cache } from '../cache/cache';

export interface CachedRead<T> {
	value: T;
	/** Older than the fresh window and not refreshed just now (the upstream failed or is slow): "may be out of date". */
	stale: boolean;
	fetchedAt: Date;
	/** The values of `read`'s `alsoKeys`, read in the same round trip (null for each missing one). */
	also: (string | null)[];
}

interface Entry<T> {
	v: T;
	t: number;
	/** The calendar's generation it was fetched under: an entry of an older one is only the outage fallback. */
	g?: string;
}

/** Where one cached answer lives: one key per calendar and question, whatever the generation. */
interface Slot {
	calendarKey: string;
	key: string;
	generation: string;
	entryKey: string;
}

/**
 * `read`'s round trip started ahead (`prefetch`): used by the `read` asking for the same keys, in
 * place of its own. Its values are only ever handed to that `read`, which answers its own caller.
 */
export interface PrefetchedRead {
	keys: string;
	/** null when the cache did not answer: `read` then asks itself. */
	values: Promise<(string | null)[] | null>;
}

const keysOf = (calendarKey: string, key: string, alsoKeys: string[]) => [
	`availgen:${calendarKey}`,
	`avail:${calendarKey}:${key}`,
	...alsoKeys
];

export interface AvailabilityCacheOptions {
	freshSeconds?: number;
	/** How long an entry may be served stale while the upstream is failing. */
	keepSeconds?: number;
	lockSeconds?: number;
	/** How long a cold reader waits for another instance's fetch before fetching itself. */
	waitMs?: number;
	/** How long a reader of an old entry waits for its refresh before taking the old answer. */
	refreshWaitMs?: number;
	now?: () => number;
}

export class AvailabilityCache {
	private readonly inflight = new Map<string, Promise<Entry<unknown>>>();
	private readonly fresh: number;
	private readonly keep: number;
	private readonly lock: number;
	private readonly wait: number;
	private readonly refreshWaitMs: number;
	private readonly now: () => number;

	constructor(
		private readonly cache: Cache,
		opts: AvailabilityCacheOptions = {}
	) {
		this.fresh = (opts.freshSeconds ?? 60) * 1000;
		this.keep = opts.keepSeconds ?? 6 * 3600;
		this.lock = opts.lockSeconds ?? 10;
		this.wait = opts.waitMs ?? 3000;
		this.refreshWaitMs = opts.refreshWaitMs ?? 300;
		this.now = opts.now ?? Date.now;
	}

	/** Forget every cached answer of one calendar (a webhook, our own booking change). */
	async invalidate(calendarKey: string) {
		await this.cache.set(`availgen:${calendarKey}`, `${this.now()}-${Math.random().toString(36).slice(2, 8)}`, 7 * 24 * 3600);
	}

	/** Reads by this instance since it started: answered from the cache (fresh or stale) or not. */
	readonly stats = { fresh: 0, stale: 0, loaded: 0 };

	/**
	 * The calendar's generation and the cached answer in one round trip (one MGET): the answer is
	 * stored with the generation it was fetched under, so an invalidation still takes effect at once.
	 * `alsoKeys`: other cache keys the caller needs, read in the same MGET (answered as `also`).
	 */
	async read<T>(
		calendarKey: string,
		key: string,
		load: () => Promise<T>,
		alsoKeys: string[] = [],
		prefetched?: PrefetchedRead | null
	): Promise<CachedRead<T>> {
		const keys = keysOf(calendarKey, key, alsoKeys);
		const entryKey = keys[1]!;
		const early = prefetched && prefetched.keys === keys.join('\n') ? await prefetched.values : null;
		const [generation, raw, ...also] = early ?? (await this.cache.getMany(keys));
		const slot: Slot = { calendarKey, key, generation: generation ?? '0', entryKey };
		const stored = raw ? (JSON.parse(raw) as Entry<T>) : null;
		const entry = stored?.g === slot.generation ? stored : null;
		if (entry && this.now() - entry.t < this.fresh) {
			this.stats.fresh++;
			return { value: entry.v, stale: false, fetchedAt: new Date(entry.t), also };
		}
		if (entry) {
			// Past its fresh window: refresh, waiting only briefly. A refresh that does not succeed in
			// that time leaves the old answer, marked as possibly out of date.
			const refreshed = await Promise.race([
				this.fetch(slot, load).then(
					(e) => e,
					() => null
				),
				new Promise<null>((r) => setTimeout(() => r(null), this.refreshWaitMs))
			]);
			if (refreshed) {
				this.stats.loaded++;
				return { value: refreshed.v, stale: false, fetchedAt: new Date(refreshed.t), also };
			}
			this.stats.stale++;
			return { value: entry.v, stale: true, fetchedAt: new Date(entry.t), also };
		}
		this.stats.loaded++;
		let fetched: Entry<T>;
		try {
			fetched = await this.fetch(slot, load);
		} catch (err) {
			// Invalidated (a webhook, a booking) while the upstream is down: the last answer we had,
			// whatever its generation, marked, beats no answer at all. Confirming checks the time again upstream.
			const last = await this.cache.get(entryKey).catch(() => null);
			if (!last) throw err;
			const e = JSON.parse(last) as Entry<T>;
			this.stats.stale++;
			return { value: e.v, stale: true, fetchedAt: new Date(e.t), also };
		}
		return { value: fetched.v, stale: false, fetchedAt: new Date(fetched.t), also };
	}

	/**
	 * Starts `read`'s one round trip now, for a `read` with the same arguments to come (e.g. while the
	 * request's session is still being read): the values are as a read started now would see them.
	 */
	prefetch(calendarKey: string, key: string, alsoKeys: string[] = []): PrefetchedRead {
		const keys = keysOf(calendarKey, key, alsoKeys);
		return { keys: keys.join('\n'), values: this.cache.getMany(keys).catch(() => null) };
	}

	private fetch<T>(slot: Slot, load: () => Promise<T>): Promise<Entry<T>> {
		const id = `${slot.calendarKey}:${slot.generation}:${slot.key}`;
		const existing = this.inflight.get(id);
		if (existing) return existing as Promise<Entry<T>>;
		const promise = this.fetchAcrossInstances(id, slot, load).finally(() => this.inflight.delete(id));
		this.inflight.set(id, promise);
		return promise;
	}

	private async fetchAcrossInstances<T>(id: string, slot: Slot, load: () => Promise<T>): Promise<Entry<T>> {
		const lockKey = `availlock:${id}`;
		const mine = await this.cache.setIfAbsent(lockKey, '1', this.lock);
		if (!mine) {
			// Another instance is fetching: wait for its answer rather than calling upstream too.
			const deadline = this.now() + this.wait;
			const before = await this.cache.get(slot.entryKey);
			// It may have finished already, between our first read and our try for the lock.
			const done = before ? (JSON.parse(before) as Entry<T>) : null;
			if (done?.g === slot.generation && this.now() - done.t < this.fresh) return done;
			while (this.now() < deadline) {
				await new Promise((r) => setTimeout(r, 40));
				const raw = await this.cache.get(slot.entryKey);
				if (raw && raw !== before) {
					const theirs = JSON.parse(raw) as Entry<T>;
					if (theirs.g === slot.generation) return theirs;
				}
				if ((await this.cache.get(lockKey)) === null) break;
			}
		} else {
			// Another instance may have fetched and let go of the lock between our read and taking it.
			const raw = await this.cache.get(slot.entryKey);
			const theirs = raw ? (JSON.parse(raw) as Entry<T>) : null;
			if (theirs?.g === slot.generation && this.now() - theirs.t < this.fresh) {
				await this.cache.del(lockKey);
				return theirs;
			}
		}
		try {
			const v = await load();
			const entry: Entry<T> = { v, t: this.now(), g: slot.generation };
			// Also the fallback during an outage after an invalidation (an entry of an older generation).
			await this.cache.set(slot.entryKey, JSON.stringify(entry), this.keep);
			await this.cache.del(`availfail:${id}`);
			return entry;
		} catch (err) {
			await this.cache.set(`availfail:${id}`, '1', 30);
			throw err;
		} finally {
			if (mine) await this.cache.del(lockKey);
		}
	}
}
