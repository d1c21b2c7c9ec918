import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache, RedisCache } from './cache';

describe('in-process cache', () => {
	/** A cache on a hand-driven clock. */
	const setup = () => {
		let now = 1_000_000;
		const cache = new MemoryCache(() => now);
		return { cache, advance: (ms: number) => (now += ms) };
	};

	it('returns what was set until its time to live runs out', async () => {
		const { cache, advance } = setup();
		expect(cache.kind).toBe('memory');
		expect(await cache.get('k')).toBeNull();
		await cache.set('k', 'v', 10);
		expect(await cache.get('k')).toBe('v');
		advance(9_999);
		expect(await cache.get('k')).toBe('v');
		advance(1);
		expect(await cache.get('k')).toBeNull();
	});

	it('overwrites a value and restarts its time to live', async () => {
		const { cache, advance } = setup();
		await cache.set('k', 'old', 10);
		advance(8_000);
		await cache.set('k', 'new', 10);
		advance(8_000);
		expect(await cache.get('k')).toBe('new');
	});

	it('sets a value only once while it lives, and again after it expired', async () => {
		const { cache, advance } = setup();
		expect(await cache.setIfAbsent('otp:123456', 'used', 30)).toBe(true);
		expect(await cache.setIfAbsent('otp:123456', 'again', 30)).toBe(false);
		expect(await cache.get('otp:123456')).toBe('used');
		advance(30_000);
		expect(await cache.setIfAbsent('otp:123456', 'later', 30)).toBe(true);
		expect(await cache.get('otp:123456')).toBe('later');
	});

	it('lets exactly one of many simultaneous callers win setIfAbsent', async () => {
		const { cache } = setup();
		const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => cache.setIfAbsent('guard', String(i), 30)));
		expect(wins.filter(Boolean)).toHaveLength(1);
	});

	it('deletes a value', async () => {
		const { cache } = setup();
		await cache.set('k', 'v', 60);
		await cache.set('other', 'v', 60);
		await cache.del('k');
		expect(await cache.get('k')).toBeNull();
		expect(await cache.get('other')).toBe('v');
		expect(await cache.setIfAbsent('k', 'w', 60)).toBe(true);
	});

	it('reads several keys at once, in order, null for the missing and the expired', async () => {
		const { cache, advance } = setup();
		await cache.set('short', 's', 1);
		await cache.set('long', 'l', 60);
		advance(1_000);
		expect(await cache.getMany(['long', 'missing', 'short'])).toEqual(['l', null, null]);
		expect(await cache.getMany([])).toEqual([]);
	});

	it('answers ping', async () => {
		await expect(setup().cache.ping()).resolves.toBeUndefined();
	});
});

describe.skipIf(!process.env.TEST_REDIS_URL)('Redis cache', () => {
	const prefix = `test:${randomUUID()}:`;
	let redis: Redis;
	let cache: RedisCache;

	beforeAll(async () => {
		redis = new Redis(process.env.TEST_REDIS_URL!, { lazyConnect: true });
		await redis.connect();
		cache = new RedisCache(redis, prefix);
	});

	afterAll(async () => {
		const keys: string[] = [];
		let cursor = '0';
		do {
			const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
			cursor = next;
			keys.push(...batch);
		} while (cursor !== '0');
		if (keys.length) await redis.del(...keys);
		await redis.quit();
	});

	it('stores values under its prefix with the time to live', async () => {
		expect(cache.kind).toBe('redis');
		expect(await cache.get('k')).toBeNull();
		await cache.set('k', 'v', 60);
		expect(await cache.get('k')).toBe('v');
		expect(await redis.get(`${prefix}k`)).toBe('v');
		const ttl = await redis.pttl(`${prefix}k`);
		expect(ttl).toBeGreaterThan(58_000);
		expect(ttl).toBeLessThanOrEqual(60_000);
	});

	it('reads several keys under its prefix in one call, in order', async () => {
		await cache.set('many-a', 'A', 60);
		await cache.set('many-c', 'C', 60);
		expect(await cache.getMany(['many-c', 'many-b', 'many-a'])).toEqual(['C', null, 'A']);
		expect(await cache.getMany([])).toEqual([]);
	});

	it('rounds a time to live below a second up to one second', async () => {
		await cache.set('short', 'v', 0.2);
		const ttl = await redis.pttl(`${prefix}short`);
		expect(ttl).toBeGreaterThan(0);
		expect(ttl).toBeLessThanOrEqual(1_000);
	});

	it('forgets a value once its time to live runs out', async () => {
		await cache.set('expiring', 'v', 1);
		expect(await cache.get('expiring')).toBe('v');
		await new Promise((r) => setTimeout(r, 1_100));
		expect(await cache.get('expiring')).toBeNull();
	});

	it('sets a value only once while it lives, with the time to live', async () => {
		expect(await cache.setIfAbsent('otp', 'first', 30)).toBe(true);
		expect(await cache.setIfAbsent('otp', 'second', 30)).toBe(false);
		expect(await cache.get('otp')).toBe('first');
		expect(await redis.pttl(`${prefix}otp`)).toBeGreaterThan(28_000);
	});

	it('lets exactly one of two app instances win setIfAbsent', async () => {
		const other = new Redis(process.env.TEST_REDIS_URL!, { lazyConnect: true });
		await other.connect();
		try {
			const peer = new RedisCache(other, prefix);
			const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? cache : peer).setIfAbsent('race', String(i), 30)));
			expect(wins.filter(Boolean)).toHaveLength(1);
		} finally {
			await other.quit();
		}
	});

	it('deletes a value', async () => {
		await cache.set('gone', 'v', 60);
		await cache.del('gone');
		expect(await cache.get('gone')).toBeNull();
		expect(await redis.exists(`${prefix}gone`)).toBe(0);
		expect(await cache.setIfAbsent('gone', 'back', 60)).toBe(true);
	});

	it('answers ping while connected, and fails it when Redis is unreachable', async () => {
		await expect(cache.ping()).resolves.toBeUndefined();
		const down = new Redis({ lazyConnect: true, enableOfflineQueue: false });
		try {
			await expect(new RedisCache(down, prefix).ping()).rejects.toThrow();
		} finally {
			down.disconnect();
		}
	});
});
