/**
 * Attempt limits (sign-in, second factor, password reset) with rate-limiter-flexible: atomic
 * counters in Redis when configured, so every app instance shares them; in-process otherwise, and
 * as insurance while Redis is down.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from '../../db/client';
import { databaseRateLimiter, deleteLimitsExpiredBefore } from '../../repositories/rate-limit.repository';

export interface LimitRule {
	points: number;
	durationSeconds: number;
	/** How long the key stays blocked once the points are spent (a lockout). */
	blockSeconds?: number;
}

export interface Limiter {
	/** Spend one point; returns null if allowed, or the seconds until the caller may try again. */
	consume(key: string): Promise<number | null>;
	/** Forget a key (a successful sign-in resets the account's count). */
	reset(key: string): Promise<void>;
	/** Give one point back (a success forgives one failure). */
	reward(key: string): Promise<void>;
}

class FlexibleLimiter implements Limiter {
	constructor(private readonly inner: RateLimiterAbstract) {}

	async reward(key: string) {
		const res = await this.inner.get(key);
		if (res && res.consumedPoints > 0) await this.inner.reward(key, 1);
	}

	async consume(key: string) {
		try {
			await this.inner.consume(key, 1);
			return null;
		} catch (res) {
			if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
			throw res;
		}
	}

	async reset(key: string) {
		await this.inner.delete(key);
	}
}

/**
 * `store: 'database'` keeps the counters in PostgreSQL (or PGlite): shared by every instance whether
 * or not Redis is up, and kept through a Redis restart — for lockouts, which must not reset.
 */
export function createLimiter(name: string, rule: LimitRule, redis: Redis | undefined, store?: { database: Db }): Limiter {
	const common = {
		keyPrefix: `rl:${name}`,
		points: rule.points,
		duration: rule.durationSeconds,
		blockDuration: rule.blockSeconds ?? 0
	};
	if (store) return new FlexibleLimiter(databaseRateLimiter(store.database, common));
	if (!redis) return new FlexibleLimiter(new RateLimiterMemory(common));
	return new FlexibleLimiter(
		new RateLimiterRedis({
			...common,
			storeClient: redis,
			rejectIfRedisNotReady: true,
			insuranceLimiter: new RateLimiterMemory(common)
		})
	);
}

/** Counters whose window ended over an hour ago (the database store's rows are not removed by themselves). */
export async function purgeExpiredLimits(db: Db, now = new Date()): Promise<void> {
	await deleteLimitsExpiredBefore(db, new Date(now.getTime() - 3600_000));
}
