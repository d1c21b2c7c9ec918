import { afterAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { MemoryCache, RedisCache } from '../cache/cache';
import { FallbackCache } from '../cache/fallback-cache';
import { AvailabilityCache } from './availability-cache';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function counter<T>(value: T, delayMs = 30) {
	let calls = 0;
	let fail = false;
	return {
		get calls() {
			return calls;
		},
		set failing(v: boolean) {
			fail = v;
		},
		load: async () => {
			calls++;
			await sleep(delayMs);
			if (fail) throw new Error('upstream down');
			return value;
		}
	};
}

describe('availability through the cache', () => {
	it('answers from the cache while fresh', async () => {
		const c = new AvailabilityCache(new MemoryCache());
		const up = counter(['2027-03-02']);
		expect((await c.read('cal', 'k', up.load)).value).toEqual(['2027-03-02']);
		expect((await c.read('cal', 'k', up.load)).value).toEqual(['2027-03-02']);
		expect(up.calls).toBe(1);
	});

	it('takes a read started ahead for the same keys in place of its own, and reads itself otherwise', async () => {
		const cache = new MemoryCache();
		const c = new AvailabilityCache(cache);
		const up = counter(['2027-03-02']);
		await c.read('cal', 'k', up.load, ['also']);
		await cache.set('also', 'A', 60);
		const getMany = vi.spyOn(cache, 'getMany');
		const early = c.prefetch('cal', 'k', ['also']);
		// Changed after the read ahead: the read answers as of when it was started.
		await cache.set('also', 'B', 60);
		const read = await c.read('cal', 'k', up.load, ['also'], early);
		expect(getMany).toHaveBeenCalledTimes(1);
		expect(read).toMatchObject({ value: ['2027-03-02'], stale: false, also: ['A'] });
		// Other keys (another question, other also-keys): its own read.
		for (const [key, also] of [
			['other', ['also']],
			['k', []]
		] as const) {
			getMany.mockClear();
			const ahead = c.prefetch('cal', key, [...also]);
			expect((await c.read('cal', 'k', up.load, ['also'], ahead)).also).toEqual(['B']);
			expect(getMany).toHaveBeenCalledTimes(2);
		}
		// A read ahead the cache did not answer: its own read, no error.
		getMany.mockClear();
		getMany.mockRejectedValueOnce(new Error('cache down'));
		const failed = c.prefetch('cal', 'k', ['also']);
		expect(await failed.values).toBeNull();
		expect((await c.read('cal', 'k', up.load, ['also'], failed)).also).toEqual(['B']);
		expect(up.calls).toBe(1);
	});

	it('makes one upstream call for 100 concurrent cold readers', async () => {
		const c = new AvailabilityCache(new MemoryCache());
		const up = counter([1, 2, 3], 50);
		const reads = await Promise.all(Array.from({ length: 100 }, () => c.read('cal', 'cold', up.load)));
		expect(up.calls).toBe(1);
		expect(reads.every((r) => r.value.length === 3 && !r.stale)).toBe(true);
	});

	it('serves stale data, marked, when the upstream fails after the fresh window', async () => {
		let now = 1_000_000;
		const c = new AvailabilityCache(new MemoryCache(() => now), { freshSeconds: 60, now: () => now });
		const up = counter(['a'], 5);
		await c.read('cal', 'k', up.load);
		now += 61_000;
		up.failing = true;
		const r = await c.read('cal', 'k', up.load);
		expect(r).toMatchObject({ value: ['a'], stale: true });
	});

	it('refreshes in the background after the fresh window when the upstream answers', async () => {
		let now = 1_000_000;
		const c = new AvailabilityCache(new MemoryCache(() => now), { freshSeconds: 60, now: () => now });
		let value = 'old';
		const load = async () => value;
		await c.read('cal', 'k', load);
		now += 61_000;
		value = 'new';
		const r = await c.read('cal', 'k', load);
		expect(r.stale).toBe(false);
		expect((await c.read('cal', 'k', load)).value).toBe('new');
	});

	it('forgets a calendar on invalidation, and only that calendar', async () => {
		const c = new AvailabilityCache(new MemoryCache());
		const a = counter('A');
		const b = counter('B');
		await c.read('cal-a', 'k', a.load);
		await c.read('cal-b', 'k', b.load);
		await c.invalidate('cal-a');
		await c.read('cal-a', 'k', a.load);
		await c.read('cal-b', 'k', b.load);
		expect([a.calls, b.calls]).toEqual([2, 1]);
	});

	it('reads a warm answer in one round trip to the cache, and still sees an invalidation at once', async () => {
		const store = new MemoryCache();
		const calls: string[] = [];
		const counted = new Proxy(store, {
			get(target, prop, receiver) {
				const v = Reflect.get(target, prop, receiver);
				return typeof v === 'function' ? (...args: unknown[]) => (calls.push(String(prop)), v.apply(target, args)) : v;
			}
		});
		const c = new AvailabilityCache(counted);
		const up = counter('A', 1);
		await c.read('cal', 'k', up.load);
		calls.length = 0;
		expect((await c.read('cal', 'k', up.load)).value).toBe('A');
		expect(calls).toEqual(['getMany']);
		await new AvailabilityCache(store).invalidate('cal'); // another instance
		await c.read('cal', 'k', up.load);
		expect(up.calls).toBe(2);
	});

	it('does not call upstream again when another instance fetched between our read and our lock', async () => {
		const store = new MemoryCache();
		const up = counter(['x'], 1);
		await new AvailabilityCache(store).read('cal', 'k', up.load); // the other instance, done and unlocked
		// This instance's read saw nothing (it ran just before the other instance wrote).
		const late = Object.assign(Object.create(store) as MemoryCache, { getMany: async (keys: string[]) => keys.map(() => null) });
		const r = await new AvailabilityCache(late).read('cal', 'k', up.load);
		expect(r).toMatchObject({ value: ['x'], stale: false });
		expect(up.calls).toBe(1);
		expect(await store.get('availlock:cal:0:k')).toBeNull();
	});

	it('takes the answer of another instance that held the lock and finished before we first looked', async () => {
		const store = new MemoryCache();
		const up = counter(['x'], 1);
		const other = new AvailabilityCache(store);
		const racing = Object.assign(Object.create(store) as MemoryCache, {
			// This instance's read saw nothing …
			getMany: async (keys: string[]) => keys.map(() => null),
			// … and the lock was the other instance's, which fetched, wrote and let go just after.
			setIfAbsent: async () => {
				await other.read('cal', 'k', up.load);
				return false;
			}
		});
		const r = await new AvailabilityCache(racing).read('cal', 'k', up.load);
		expect(r).toMatchObject({ value: ['x'], stale: false });
		expect(up.calls).toBe(1);
	});

	it('serves the last answer, marked, when invalidated while the upstream is down', async () => {
		const c = new AvailabilityCache(new MemoryCache());
		const up = counter(['a'], 1);
		await c.read('cal', 'k', up.load);
		await c.invalidate('cal');
		up.failing = true;
		expect(await c.read('cal', 'k', up.load)).toMatchObject({ value: ['a'], stale: true });
		await expect(c.read('cal', 'other', up.load)).rejects.toThrow('upstream down');
	});

	it('surfaces the error to a cold reader when the upstream is down and nothing is cached', async () => {
		const c = new AvailabilityCache(new MemoryCache());
		const up = counter('x');
		up.failing = true;
		await expect(c.read('cal', 'k', up.load)).rejects.toThrow('upstream down');
	});
});

describe.skipIf(!process.env.TEST_REDIS_URL)('availability shared through Redis', () => {
	const clients: Redis[] = [];
	const prefix = `test:${Date.now()}:${Math.random().toString(36).slice(2)}:`;
	const redis = () => {
		const r = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: 1 });
		clients.push(r);
		return r;
	};
	afterAll(async () => {
		const r = clients[0];
		if (r) {
			const keys = await r.keys(`${prefix}*`);
			if (keys.length) await r.del(...keys);
		}
		for (const c of clients) c.disconnect();
	});

	it('makes one upstream call for cold readers spread over two app instances', async () => {
		const one = new AvailabilityCache(new RedisCache(redis(), prefix));
		const two = new AvailabilityCache(new RedisCache(redis(), prefix));
		const up = counter(['x'], 150);
		const reads = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? one : two).read('cal', 'shared', up.load)));
		expect(up.calls).toBe(1);
		expect(reads.every((r) => r.value[0] === 'x')).toBe(true);
	});

	it('keeps answering in-process when Redis stops, and goes back to Redis when it returns', async () => {
		const r = redis();
		const cache = new FallbackCache(new RedisCache(r, prefix), 200);
		const c = new AvailabilityCache(cache);
		const up = counter('v', 5);
		await c.read('cal', 'k2', up.load);
		r.disconnect(); // Redis "stops" for this client
		const during = await c.read('cal', 'k3', up.load);
		expect(during.value).toBe('v');
		expect(cache.degraded).toBe(true);
		await r.connect();
		await sleep(250);
		await cache.set('probe', '1', 10);
		expect(cache.degraded).toBe(false);
		expect(await r.get(`${prefix}probe`)).toBe('1');
	});
});
