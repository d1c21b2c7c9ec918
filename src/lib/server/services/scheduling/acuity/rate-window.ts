/**
 * Acuity's rate limit, kept on our side: at most N requests in any window (one second padded for
 * jitter), shared by every app instance through Redis when given (a sliding-window log in a sorted
 * set, updated atomically by a Lua script on Redis's clock), in-process otherwise, and each
 * instance's share of it while Redis is unreachable. Callers queue for a slot in order.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../../logger';
import { rateLimited } from '../errors';

export const REDIS_OP_TIMEOUT_MS = 1_000;

export interface WindowStore {
	/** Takes a slot: 0 when granted, else the ms until one may be free. */
	take(): Promise<number>;
}

export class MemoryWindow implements WindowStore {
	private stamps: number[] = [];
	constructor(
		/** A number, or (standing in for Redis) this instance's share of the shared limit, read each time. */
		private readonly limit: number | (() => number),
		private readonly windowMs: number
	) {}
	async take() {
		const t = Date.now();
		const limit = typeof this.limit === 'function' ? this.limit() : this.limit;
		while (this.stamps.length && this.stamps[0]! <= t - this.windowMs) this.stamps.shift();
		if (this.stamps.length < limit) {
			this.stamps.push(t);
			return 0;
		}
		return Math.max(1, this.stamps[0]! + this.windowMs - t);
	}
}

/** KEYS[1] sorted set; ARGV limit, windowMs, unique member. Redis's clock, so instances agree. */
const SLIDING_WINDOW_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return wait
`;

export const RELEASE_LOCK_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	return Promise.race([
		promise,
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('timed out')), ms);
		})
	]).finally(() => clearTimeout(timer));
}

export class RedisWindow implements WindowStore {
	private lastWarning = 0;
	constructor(
		private readonly redis: Redis,
		private readonly key: string,
		private readonly limit: number,
		private readonly windowMs: number,
		private readonly insurance: MemoryWindow,
		private readonly logger: Logger
	) {}
	async take() {
		try {
			const wait = await withTimeout(
				this.redis.eval(SLIDING_WINDOW_LUA, 1, this.key, this.limit, this.windowMs, randomUUID()),
				REDIS_OP_TIMEOUT_MS
			);
			return Number(wait);
		} catch (err) {
			if (Date.now() - this.lastWarning > 60_000) {
				this.lastWarning = Date.now();
				this.logger.warn(
					{ upstream: 'acuity', err: err instanceof Error ? err.message : String(err) },
					'Acuity rate limit: Redis unavailable, limiting in-process'
				);
			}
			return this.insurance.take();
		}
	}
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Waiter {
	resolve(): void;
	reject(err: unknown): void;
	timer: NodeJS.Timeout;
}

/** A FIFO of callers in front of the window: only the head polls the store. */
export class UpstreamLimiter {
	private readonly queue: Waiter[] = [];
	private pumping = false;

	constructor(
		private readonly store: WindowStore,
		private readonly maxWaitMs: number
	) {}

	acquire(): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			const waiter: Waiter = {
				resolve,
				reject,
				timer: setTimeout(() => {
					const i = this.queue.indexOf(waiter);
					if (i >= 0) this.queue.splice(i, 1);
					reject(rateLimited(1));
				}, this.maxWaitMs)
			};
			this.queue.push(waiter);
			void this.pump();
		});
	}

	private async pump() {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.queue.length) {
				let wait: number;
				try {
					wait = await this.store.take();
				} catch {
					wait = 50;
				}
				if (wait > 0) {
					await delay(wait);
					continue;
				}
				const waiter = this.queue.shift();
				if (waiter) {
					clearTimeout(waiter.timer);
					waiter.resolve();
				}
			}
		} finally {
			this.pumping = false;
		}
	}
}
