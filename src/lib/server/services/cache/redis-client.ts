/**
 * The app's Redis client. `rediss://` means TLS (ElastiCache with in-transit encryption), checked
 * against Node's CAs plus REDIS_CA_FILE when given; the auth token travels in the URL
 * (`rediss://:token@host:6379`), sent by ioredis on connect.
 */
import { rootCertificates } from 'node:tls';
import { Redis, type RedisOptions } from 'ioredis';
import { readCaFile } from '../../db/postgres-tls.js';

/** Options beside the URL: fail fast while Redis is away (callers fall back), reconnect in the background. */
export function redisOptions(url: string, caFile?: string): RedisOptions {
	return {
		lazyConnect: false,
		enableOfflineQueue: false,
		maxRetriesPerRequest: 1,
		retryStrategy: (times) => Math.min(times * 200, 2000),
		// ioredis turns rediss:// into TLS with Node's CAs; a private CA is added to them, not put in their place.
		...(url.startsWith('rediss://') && caFile ? { tls: { ca: [...rootCertificates, readCaFile(caFile, 'REDIS_CA_FILE')] } } : {})
	};
}

export function createRedis(url: string, caFile?: string): Redis {
	return new Redis(url, redisOptions(url, caFile));
}
