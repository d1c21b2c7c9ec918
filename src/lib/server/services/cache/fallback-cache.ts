/**
 * Redis first, in-process when Redis is unreachable: a Redis outage degrades sharing between app
 * instances but never fails a request. After a failure Redis is left alone for a few seconds, then
 * tried again, so the app recovers by itself when Redis is back.
 */
import type { Cache } from './cache';
import { MemoryCache } from './cache';

export class FallbackCache implements Cache {
	readonly kind = 'redis' as const;
	private downUntil = 0;
	readonly local = new MemoryCache();

	constructor(
		private readonly primary: Cache,
		private readonly retryAfterMs = 3000,
		private readonly onDegraded: (err: unknown) => void = () => {}
	) {}

	/** True while requests are served from the in-process fallback. */
	get degraded() {
		return Date.now() < this.downUntil;
	}

	private async attempt<T>(op: (c: Cache) => Promise<T>): Promise<T> {
		if (!this.degraded) {
			try {
				return await op(this.primary);
			} catch (err) {
				this.downUntil = Date.now() + this.retryAfterMs;
				this.onDegraded(err);
			}
		}
		return op(this.local);
	}

	get(key: string) {
		return this.attempt((c) => c.get(key));
	}
	getMany(keys: string[]) {
		return this.attempt((c) => c.getMany(keys));
	}
	set(key: string, value: string, ttlSeconds: number) {
		return this.attempt((c) => c.set(key, value, ttlSeconds));
	}
	setIfAbsent(key: string, value: string, ttlSeconds: number) {
		return this.attempt((c) => c.setIfAbsent(key, value, ttlSeconds));
	}
	del(key: string) {
		return this.attempt((c) => c.del(key));
	}
	/** Health reports the real state of Redis, not the fallback's. */
	ping() {
		return this.primary.ping();
	}
}
