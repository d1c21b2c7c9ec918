/**
 * `npm run bench:availability`: availability through our cache against the provider, measured in
 * one run against the fake Acuity server (loopback, no injected latency unless BENCH_LATENCY_MS).
 *
 *  - warm cached read p95, and its ratio to a direct provider call (goal: p95 < 10 ms, ≥ 50× faster)
 *  - 100 concurrent cold readers → upstream calls (goal: 1)
 *  - the highest upstream request rate seen in any one-second window under load (goal: ≤ 10/s)
 *
 * BENCH_REDIS_URL=redis://127.0.0.1:6379 puts the cache and the upstream rate limit in Redis.
 */
import { Redis } from 'ioredis';
import { openPglite } from '../src/lib/server/db/client';
import { createLogger } from '../src/lib/server/logger';
import { MemoryCache, RedisCache, type Cache } from '../src/lib/server/services/cache/cache';
import { Cipher, generateKey } from '../src/lib/server/services/crypto/cipher';
import { AcuityProvider } from '../src/lib/server/services/scheduling/acuity/acuity-provider';
import { startFakeAcuity } from '../src/lib/server/testing/fake-acuity';
import { SchedulingService } from '../src/lib/server/services/scheduling/scheduling';
import { appointmentType, specialist } from '../src/lib/server/db/schema';
import { eq } from 'drizzle-orm';

const NOW = new Date('2027-05-02T22:00:00Z');
const latency = Number(process.env.BENCH_LATENCY_MS ?? 0);
const p = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil((q / 100) * s.length) - 1)] ?? NaN;
};
const time = async (fn: () => Promise<unknown>) => {
	const t = performance.now();
	await fn();
	return performance.now() - t;
};

const fake = await startFakeAcuity({ now: () => NOW });
const demo = fake.seed.demo();
if (latency) fake.faults.set({ latencyMs: latency });
const logger = createLogger({ level: 'error', pretty: false });
const redis = process.env.BENCH_REDIS_URL ? new Redis(process.env.BENCH_REDIS_URL) : undefined;
const prefix = `bench:${Date.now()}:`;
const cache: Cache = redis ? new RedisCache(redis, prefix) : new MemoryCache();
const database = await openPglite(undefined);
await database.migrate();
const provider = new AcuityProvider({ baseUrl: fake.url, userId: fake.userId, apiKey: fake.apiKey, logger, redis, redisKeyPrefix: prefix });
const keys = new Map([['k1', Buffer.from(generateKey(), 'base64')]]);
const service = new SchedulingService({
	db: database.db,
	cipher: new Cipher(keys, 'k1'),
	provider,
	cache,
	logger,
	dbKind: 'pglite',
	now: () => NOW
});
await service.syncCatalogue();
const [sydney] = await database.db
	.select()
	.from(specialist)
	.where(eq(specialist.providerCalendarId, String(demo.calendars.sydney.id)));
const [ime] = await database.db
	.select()
	.from(appointmentType)
	.where(eq(appointmentType.providerTypeId, String(demo.types.ime.id)));
const tz = sydney!.timeZone;
const date = '2027-05-04';

// 1. Direct provider calls (the baseline), then warm cached reads, in the same run.
const direct: number[] = [];
const auth = `Basic ${Buffer.from(`${fake.userId}:${fake.apiKey}`).toString('base64')}`;
const directUrl = `${fake.url}/availability/times?date=${date}&appointmentTypeID=${demo.types.ime.id}&calendarID=${demo.calendars.sydney.id}&timezone=${encodeURIComponent(tz)}`;
for (let i = 0; i < 200; i++) direct.push(await time(async () => (await fetch(directUrl, { headers: { authorization: auth } })).json()));
await service.availableTimes(sydney!.id, ime!.id, date, tz);
const warm: number[] = [];
for (let i = 0; i < 2000; i++) warm.push(await time(() => service.availableTimes(sydney!.id, ime!.id, date, tz)));

// 2. 100 concurrent cold readers.
await service.invalidate(sydney!.id);
const before = fake.requestLog.filter((r) => r.path.startsWith('/availability')).length;
await Promise.all(Array.from({ length: 100 }, () => service.availableTimes(sydney!.id, ime!.id, '2027-05-05', tz)));
const coldCalls = fake.requestLog.filter((r) => r.path.startsWith('/availability')).length - before;

// 3. Load: 60 different cold dates at once; the upstream rate must stay within its limit.
fake.requestLog.length = 0;
const dates = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2027, 4, 1) + i * 86_400_000).toISOString().slice(0, 10));
await Promise.all(dates.map((d) => service.availableTimes(sydney!.id, ime!.id, d, tz)));
const times = fake.requestLog.map((r) => r.time).sort((a, b) => a - b);
let maxPerSecond = 0;
for (let i = 0, j = 0; i < times.length; i++) {
	while (times[i]! - times[j]! >= 1000) j++;
	maxPerSecond = Math.max(maxPerSecond, i - j + 1);
}

const warmP95 = p(warm, 95);
const directP95 = p(direct, 95);
const ratio = directP95 / warmP95;
console.log(`\navailability (${redis ? 'Redis' : 'in-process'} cache, fake Acuity${latency ? ` with ${latency} ms latency` : ''})`);
console.table([
	{ measure: 'direct call to the fake Acuity p50 / p95', value: `${p(direct, 50).toFixed(2)} / ${directP95.toFixed(2)} ms` },
	{ measure: 'warm cached read p50 / p95', value: `${p(warm, 50).toFixed(3)} / ${warmP95.toFixed(3)} ms` },
	{ measure: 'cached vs direct (p95)', value: `${ratio.toFixed(0)}× faster` },
	{ measure: 'upstream calls for 100 cold readers', value: coldCalls },
	{ measure: 'highest upstream requests in 1 s', value: maxPerSecond }
]);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
console.log(
	`goal p95 < 10 ms: ${verdict(warmP95 < 10)}; ≥ 50× faster: ${verdict(ratio >= 50)}; one upstream call: ${verdict(coldCalls === 1)}; ≤ 10 req/s: ${verdict(maxPerSecond <= 10)}`
);

if (redis) {
	const leftovers = await redis.keys(`${prefix}*`);
	if (leftovers.length) await redis.del(...leftovers);
	redis.disconnect();
}
await fake.close();
await database.close();
