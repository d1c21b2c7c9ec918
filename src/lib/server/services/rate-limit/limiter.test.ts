import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLimiter, type Limiter } from './limiter';

async function spend(limiter: Limiter, key: string, times: number): Promise<(number | null)[]> {
	const results: (number | null)[] = [];
	for (let i = 0; i < times; i++) results.push(await limiter.consume(key));
	return results;
}

describe('in-process limiter', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('allows the configured number of attempts, then says how long to wait', async () => {
		const limiter = createLimiter('sign-in', { points: 3, durationSeconds: 60 }, undefined);
		expect(await spend(limiter, 'a@example.com', 3)).toEqual([null, null, null]);
		expect(await limiter.consume('a@example.com')).toBe(60);
		vi.advanceTimersByTime(20_500);
		expect(await limiter.consume('a@example.com')).toBe(40);
	});

	it('counts each key separately', async () => {
		const limiter = createLimiter('sign-in', { points: 1, durationSeconds: 60 }, undefined);
		expect(await limiter.consume('a')).toBeNull();
		expect(await limiter.consume('a')).not.toBeNull();
		expect(await limiter.consume('b')).toBeNull();
	});

	it('allows attempts again once the window has passed', async () => {
		const limiter = createLimiter('otp', { points: 2, durationSeconds: 10 }, undefined);
		await spend(limiter, 'k', 2);
		expect(await limiter.consume('k')).toBeGreaterThan(0);
		vi.advanceTimersByTime(10_001);
		expect(await limiter.consume('k')).toBeNull();
	});

	it('keeps a key blocked for the block duration, well past the window', async () => {
		const limiter = createLimiter('lockout', { points: 2, durationSeconds: 10, blockSeconds: 300 }, undefined);
		await spend(limiter, 'k', 2);
		expect(await limiter.consume('k')).toBe(300);
		vi.advanceTimersByTime(60_000);
		expect(await limiter.consume('k')).toBe(240);
		vi.advanceTimersByTime(240_001);
		expect(await limiter.consume('k')).toBeNull();
	});

	it('never answers a wait of zero seconds', async () => {
		const limiter = createLimiter('tiny', { points: 1, durationSeconds: 1 }, undefined);
		await limiter.consume('k');
		vi.advanceTimersByTime(999);
		expect(await limiter.consume('k')).toBe(1);
	});

	it('reset forgets the count and a block', async () => {
		const limiter = createLimiter('reset', { points: 2, durationSeconds: 60, blockSeconds: 600 }, undefined);
		await spend(limiter, 'k', 3);
		expect(await limiter.consume('k')).toBeGreaterThan(0);
		await limiter.reset('k');
		expect(await spend(limiter, 'k', 2)).toEqual([null, null]);
		expect(await limiter.consume('k')).toBe(600);
	});

	it('still limits when Redis is configured but not connected (insurance)', async () => {
		const offline = new Redis({ lazyConnect: true, enableOfflineQueue: false });
		try {
			expect(offline.status).not.toBe('ready');
			const limiter = createLimiter('insured', { points: 2, durationSeconds: 60 }, offline);
			expect(await spend(limiter, 'k', 3)).toEqual([null, null, 60]);
			await limiter.reset('k');
			expect(await limiter.consume('k')).toBeNull();
		} finally {
			offline.disconnect();
		}
	});
});

describe.skipIf(!process.env.TEST_REDIS_URL)('Redis limiter', () => {
	const run = `test-${randomUUID()}`;
	const clients: Redis[] = [];
	let redis: Redis;

	const connect = async () => {
		const client = new Redis(process.env.TEST_REDIS_URL!, { lazyConnect: true });
		clients.push(client);
		await client.connect();
		return client;
	};
	const name = (label: string) => `${run}:${label}`;

	beforeAll(async () => {
		redis = await connect();
	});

	afterAll(async () => {
		// Only this run's keys: the limiter stores them under rl:<name>:<key>.
		const keys: string[] = [];
		let cursor = '0';
		do {
			const [next, batch] = await redis.scan(cursor, 'MATCH', `rl:${run}:*`, 'COUNT', 1000);
			cursor = next;
			keys.push(...batch);
		} while (cursor !== '0');
		if (keys.length) await redis.del(...keys);
		await Promise.all(clients.map((c) => c.quit()));
	});

	it('allows the configured number of attempts, then says how long to wait', async () => {
		const limiter = createLimiter(name('n'), { points: 3, durationSeconds: 60 }, redis);
		expect(await spend(limiter, 'a@example.com', 3)).toEqual([null, null, null]);
		const wait = await limiter.consume('a@example.com');
		expect(wait).toBeGreaterThanOrEqual(59);
		expect(wait).toBeLessThanOrEqual(60);
		// The count really lives in Redis (not in the in-process insurance limiter).
		expect(await redis.get(`rl:${name('n')}:a@example.com`)).toBe('4');
	});

	it('applies the block duration beyond the window', async () => {
		const limiter = createLimiter(name('block'), { points: 1, durationSeconds: 5, blockSeconds: 300 }, redis);
		expect(await limiter.consume('k')).toBeNull();
		const wait = await limiter.consume('k');
		expect(wait).toBeGreaterThan(295);
		expect(wait).toBeLessThanOrEqual(300);
		const ttl = await redis.pttl(`rl:${name('block')}:k`);
		expect(ttl).toBeGreaterThan(295_000);
	});

	it('reset clears the count in Redis', async () => {
		const limiter = createLimiter(name('reset'), { points: 1, durationSeconds: 60 }, redis);
		await limiter.consume('k');
		expect(await limiter.consume('k')).not.toBeNull();
		await limiter.reset('k');
		expect(await redis.exists(`rl:${name('reset')}:k`)).toBe(0);
		expect(await limiter.consume('k')).toBeNull();
	});

	it('shares one count between app instances', async () => {
		const [first, second] = [await connect(), await connect()];
		const instanceA = createLimiter(name('shared'), { points: 4, durationSeconds: 60 }, first);
		const instanceB = createLimiter(name('shared'), { points: 4, durationSeconds: 60 }, second);
		expect(await instanceA.consume('a@example.com')).toBeNull();
		expect(await instanceB.consume('a@example.com')).toBeNull();
		expect(await instanceA.consume('a@example.com')).toBeNull();
		expect(await instanceB.consume('a@example.com')).toBeNull();
		// Five attempts over two instances: the fifth is refused on either.
		expect(await instanceA.consume('a@example.com')).toBeGreaterThan(0);
		expect(await instanceB.consume('a@example.com')).toBeGreaterThan(0);
		// A reset on one instance is seen by the other.
		await instanceA.reset('a@example.com');
		expect(await instanceB.consume('a@example.com')).toBeNull();
	});

	it('keeps limiters of different names apart', async () => {
		const signIn = createLimiter(name('sign-in'), { points: 1, durationSeconds: 60 }, redis);
		const reset = createLimiter(name('password-reset'), { points: 1, durationSeconds: 60 }, redis);
		expect(await signIn.consume('k')).toBeNull();
		expect(await signIn.consume('k')).not.toBeNull();
		expect(await reset.consume('k')).toBeNull();
	});
});
