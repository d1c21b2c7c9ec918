/**
 * A small key-value cache with expiry: Redis when configured, in-process otherwise. Used for
 * short-lived shared state (one-time code replay guard, availability later). Values are strings;
 * callers never put PHI in them.
 */
import type { Redis } from 'ioredis';

export interface Cache {
	readonly kind: 'redis' | 'memory';
	get(key: string): Promise<string | null>;
	/** Several keys in one round trip, in order (null for each missing one). */
	getMany(keys: string[]): Promise<(string | null)[]>;
	set(key: string, value: string, ttlSeconds: number): Promise<void>;
	/** Set only when absent; true when this call set it. The primitive behind one-time guards. */
	setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
	del(key: string): Promise<void>;
	ping(): Promise<void>;
}

export class MemoryCache implements Cache {
	readonly kind = 'memory' as const;
	private readonly entries = new Map<string, { value: string; expiresAt: number }>();

	constructor(private readonly now: () => number = Date.now) {}

	private live(key: string) {
		const e = this.entries.get(key);
		if (e && e.expiresAt <= this.now()) {
			this.entries.delete(key);
			return undefined;
		}
		return e;
	}

	async get(key: string) {
		return this.live(key)?.value ?? null;
	}
	async getMany(keys: string[]) {
		return keys.map((key) => this.live(key)?.value ?? null);
	}
	async set(key: string, value: string, ttlSeconds: number) {
		this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
		if (this.entries.size > 50_000) this.sweep();
	}
	async setIfAbsent(key: string, value: string, ttlSeconds: number) {
		if (this.live(key)) return false;
		await this.set(key, value, ttlSeconds);
		return true;
	}
	async del(key: string) {
		this.entries.delete(key);
	}
	async ping() {}

	private sweep() {
		const now = this.now();
		for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
	}
}

export class RedisCache implements Cache {
	readonly kind = 'redis' as const;
	constructor(
		private readonly redis: Redis,
		private readonly prefix = 'ime:'
	) {}

	async get(key: string) {
		return this.redis.get(this.prefix + key);
	}
	async getMany(keys: string[]) {
		return keys.length ? this.redis.mget(keys.map((key) => this.prefix + key)) : [];
	}
	async set(key: string, value: string, ttlSeconds: number) {
		await this.redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
	}
	async setIfAbsent(key: string, value: string, ttlSeconds: number) {
		const r = await this.redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds)), 'NX');
		return r === 'OK';
	}
	async del(key: string) {
		await this.redis.del(this.prefix + key);
	}
	async ping() {
		await this.redis.ping();
	}
}
