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
}

interface Entry<T> {
	v: T;
	t: number;
}

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

	private async generation(calendarKey: string) {
		return (await this.cache.get(`availgen:${calendarKey}`)) ?? '0';
	}

	/** Forget every cached answer of one calendar (a webhook, our own booking change). */
	async invalidate(calendarKey: string) {
		await this.cache.set(`availgen:${calendarKey}`, `${this.now()}-${Math.random().toString(36).slice(2, 8)}`, 7 * 24 * 3600);
	}

	/** Reads by this instance since it started: answered from the cache (fresh or stale) or not. */
	readonly stats = { fresh: 0, stale: 0, loaded: 0 };

	async read<T>(calendarKey: string, key: string, load: () => Promise<T>): Promise<CachedRead<T>> {
		const fullKey = `avail:${calendarKey}:${await this.generation(calendarKey)}:${key}`;
		const lastKey = `availlast:${calendarKey}:${key}`;
		const raw = await this.cache.get(fullKey);
		const entry = raw ? (JSON.parse(raw) as Entry<T>) : null;
		if (entry && this.now() - entry.t < this.fresh) {
			this.stats.fresh++;
			return { value: entry.v, stale: false, fetchedAt: new Date(entry.t) };
		}
		if (entry) {
			// Past its fresh window: refresh, waiting only briefly. A refresh that does not succeed in
			// that time leaves the old answer, marked as possibly out of date.
			const refreshed = await Promise.race([
				this.fetch(fullKey, load, lastKey).then(
					(e) => e,
					() => null
				),
				new Promise<null>((r) => setTimeout(() => r(null), this.refreshWaitMs))
			]);
			if (refreshed) {
				this.stats.loaded++;
				return { value: refreshed.v, stale: false, fetchedAt: new Date(refreshed.t) };
			}
			this.stats.stale++;
			return { value: entry.v, stale: true, fetchedAt: new Date(entry.t) };
		}
		this.stats.loaded++;
		let fetched: Entry<T>;
		try {
			fetched = (await this.fetch(fullKey, load, lastKey)) as Entry<T>;
		} catch (err) {
			// Invalidated (a webhook, a booking) while the upstream is down: the last answer we had,
			// marked, beats no answer at all. Confirming checks the time again upstream.
			const last = await this.cache.get(lastKey).catch(() => null);
			if (!last) throw err;
			const e = JSON.parse(last) as Entry<T>;
			this.stats.stale++;
			return { value: e.v, stale: true, fetchedAt: new Date(e.t) };
		}
		return { value: fetched.v, stale: false, fetchedAt: new Date(fetched.t) };
	}

	private fetch<T>(fullKey: string, load: () => Promise<T>, lastKey?: string): Promise<Entry<T>> {
		const existing = this.inflight.get(fullKey);
		if (existing) return existing as Promise<Entry<T>>;
		const promise = this.fetchAcrossInstances(fullKey, load, lastKey).finally(() => this.inflight.delete(fullKey));
		this.inflight.set(fullKey, promise);
		return promise;
	}

	private async fetchAcrossInstances<T>(fullKey: string, load: () => Promise<T>, lastKey?: string): Promise<Entry<T>> {
		const lockKey = `availlock:${fullKey}`;
		const mine = await this.cache.setIfAbsent(lockKey, '1', this.lock);
		if (!mine) {
			// Another instance is fetching: wait for its answer rather than calling upstream too.
			const deadline = this.now() + this.wait;
			const before = await this.cache.get(fullKey);
			while (this.now() < deadline) {
				await new Promise((r) => setTimeout(r, 40));
				const raw = await this.cache.get(fullKey);
				if (raw && raw !== before) return JSON.parse(raw) as Entry<T>;
				if ((await this.cache.get(lockKey)) === null) break;
			}
		}
		try {
			const v = await load();
			const entry: Entry<T> = { v, t: this.now() };
			const raw = JSON.stringify(entry);
			await this.cache.set(fullKey, raw, this.keep);
			// Outlives invalidation (it is not under the generation): the fallback during an outage.
			if (lastKey) await this.cache.set(lastKey, raw, this.keep);
			await this.cache.del(`availfail:${fullKey}`);
			return entry;
		} catch (err) {
			await this.cache.set(`availfail:${fullKey}`, '1', 30);
			throw err;
		} finally {
			if (mine) await this.cache.del(lockKey);
		}
	}
}
