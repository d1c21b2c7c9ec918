/**
 * Redis as ElastiCache hands it over: `rediss://:token@host:6379`. A TLS proxy with a throwaway CA's
 * certificate stands in front of the local Redis (TEST_REDIS_URL), which has no TLS and no password.
 */
import { rootCertificates } from 'node:tls';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCa, startTlsProxy, type TestCa, type TlsProxy } from '../../testing/tls-proxy';
import { createRedis, redisOptions } from './redis-client';

describe('Redis client options', () => {
	it('adds REDIS_CA_FILE to the CAs of a rediss:// URL only; redis:// stays plain', async () => {
		const ca = await makeTestCa();
		try {
			const tls = redisOptions('rediss://:token@cache:6379', ca.caFile).tls as { ca: string[] };
			expect(tls.ca).toHaveLength(rootCertificates.length + 1);
			expect(tls.ca.at(-1)).toContain('-----BEGIN CERTIFICATE-----');
			expect(redisOptions('rediss://cache:6379').tls).toBeUndefined();
			expect(redisOptions('redis://cache:6379', ca.caFile).tls).toBeUndefined();
			expect(() => redisOptions('rediss://cache:6379', `${ca.dir}/none.pem`)).toThrow(/^REDIS_CA_FILE cannot be read \(ENOENT\)/);
		} finally {
			await ca.close();
		}
	});
});

/** Resolves once the client is ready, or with the first error. */
function ready(redis: Redis): Promise<Error | undefined> {
	return new Promise((resolve) => {
		redis.once('ready', () => resolve(undefined));
		redis.once('error', (err: Error) => resolve(err));
	});
}

describe.skipIf(!process.env.TEST_REDIS_URL)('Redis over TLS (rediss://)', () => {
	let ca: TestCa;
	let proxy: TlsProxy;
	const clients: Redis[] = [];
	const open = (url: string, caFile?: string) => {
		const redis = createRedis(url, caFile);
		clients.push(redis);
		return redis;
	};

	beforeAll(async () => {
		const target = new URL(process.env.TEST_REDIS_URL!);
		ca = await makeTestCa();
		proxy = await startTlsProxy({ target: { host: target.hostname, port: Number(target.port || 6379) }, cert: ca.server, mode: 'tls' });
	});

	afterAll(async () => {
		for (const c of clients) c.disconnect();
		await proxy?.close();
		await ca?.close();
	});

	it('connects with rediss:// and REDIS_CA_FILE, over TLS, and can SET and GET', async () => {
		const before = proxy.tlsSessions;
		const redis = open(`rediss://127.0.0.1:${proxy.port}`, ca.caFile);
		expect(await ready(redis)).toBeUndefined();
		const key = `ime-test:tls:${process.pid}:${Date.now()}`;
		await redis.set(key, 'over tls', 'EX', 60);
		expect(await redis.get(key)).toBe('over tls');
		await redis.del(key);
		expect(proxy.tlsSessions).toBe(before + 1);
	});

	it('refuses a server whose certificate no trusted CA signed', async () => {
		const redis = open(`rediss://localhost:${proxy.port}`);
		redis.options.retryStrategy = () => null;
		const err = await ready(redis);
		expect((err as { code?: string } | undefined)?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
	});

	it('sends the auth token of the URL to the server (inside TLS)', async () => {
		// The local Redis has no password (its default user takes any), so this proves only that the
		// token went out, which the proxy sees decrypted: `HELLO 3 AUTH default <token>` from ioredis 6.
		const token = 'elasticache-auth-token-0123456789';
		const redis = open(`rediss://:${token}@localhost:${proxy.port}`, ca.caFile);
		expect(await ready(redis)).toBeUndefined();
		expect(proxy.received()).toMatch(new RegExp(`AUTH\\r\\n(\\$7\\r\\ndefault\\r\\n)?\\$${token.length}\\r\\n${token}\\r\\n`, 'i'));
	});
});
