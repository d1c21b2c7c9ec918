/**
 * The attempt counters kept in the database (rate-limiter-flexible's Drizzle store over the
 * `rate_limit` table): shared by every instance and kept through a Redis restart.
 */
import { lt } from 'drizzle-orm';
import { RateLimiterDrizzle, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db, Executor } from '../db/client';
import { rateLimit } from '../db/schema';

/** A limiter whose counters are rows of `rate_limit` (expired rows are purged on a schedule, not by timeout). */
export function databaseRateLimiter(
	db: Db,
	options: { keyPrefix: string; points: number; duration: number; blockDuration: number }
): RateLimiterAbstract {
	return new RateLimiterDrizzle({ ...options, storeClient: db, schema: rateLimit, clearExpiredByTimeout: false });
}

/** Removes the counters whose window ended before `cutoff`. */
export async function deleteLimitsExpiredBefore(exec: Executor, cutoff: Date): Promise<void> {
	await exec.delete(rateLimit).where(lt(rateLimit.expire, cutoff));
}
