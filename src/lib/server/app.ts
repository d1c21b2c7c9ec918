/**
 * The application's services, built once from the configuration and shared by every request.
 * `createApp` is used directly by tests and scripts; the SvelteKit server uses the lazy `getApp`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { parseConfig, type Config } from '../config';
import { createAuth, type Auth } from './auth/better-auth';
import { openDatabase, type Database } from './db/client';
import { createLogger, type Logger } from './logger';
import { MemoryCache, RedisCache, type Cache } from './services/cache/cache';
import type { Cipher } from './services/crypto/cipher';
import { loadCipher } from './services/crypto/keys';
import { OutboxWorker } from './services/outbox/outbox';
import { LocalTransport, SmtpTransport } from './services/outbox/transports';
import { createLimiter, type Limiter } from './services/rate-limit/limiter';

export interface Limiters {
	/** Failed password attempts per account (keyed by an HMAC of the email). */
	signInAccount: Limiter;
	/** Sign-in attempts per client address. */
	signInIp: Limiter;
	/** Second-factor attempts per pending sign-in and per address. */
	secondFactor: Limiter;
	/** Password-reset and one-time-code requests per address. */
	messages: Limiter;
}

export interface App {
	config: Config;
	logger: Logger;
	database: Database;
	cache: Cache;
	redis: Redis | undefined;
	cipher: Cipher;
	auth: Auth;
	limiters: Limiters;
	outbox: OutboxWorker;
	close(): Promise<void>;
}

export interface CreateAppOptions {
	/** Use this database instead of opening the configured one (tests). */
	database?: Database;
	logger?: Logger;
	/** Start the outbox worker's timer (off in tests, which call deliverDue themselves). */
	startWorkers?: boolean;
}

async function authSecret(config: Config): Promise<string> {
	if (config.auth.secret) return config.auth.secret;
	if (config.production) throw new Error('BETTER_AUTH_SECRET is required in production');
	const file = path.join(config.dataDir, 'auth-secret');
	try {
		return (await readFile(file, 'utf8')).trim();
	} catch {
		const secret = randomBytes(32).toString('base64url');
		await mkdir(config.dataDir, { recursive: true });
		await writeFile(file, secret, { mode: 0o600 });
		return secret;
	}
}

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<App> {
	const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: config.env === 'development' });
	const database = options.database ?? (await openDatabase(config.database));
	if (!options.database && (database.kind === 'pglite' || (config.database.kind === 'postgres' && config.database.migrateOnStart)))
		await database.migrate();

	let redis: Redis | undefined;
	if (config.redisUrl) {
		redis = new Redis(config.redisUrl, {
			lazyConnect: false,
			enableOfflineQueue: false,
			maxRetriesPerRequest: 1,
			retryStrategy: (times) => Math.min(times * 200, 2000)
		});
		redis.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
		// Give Redis a moment to connect; without it the app starts degraded and catches up.
		const r = redis;
		await new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				r.off('ready', done);
				resolve();
			};
			const timer = setTimeout(done, 2000);
			r.once('ready', done);
		});
	}
	const cache: Cache = redis ? new RedisCache(redis) : new MemoryCache();
	const cipher = await loadCipher(config);
	const auth = createAuth({ config, db: database.db, cipher, secret: await authSecret(config), logger });
	const window = config.auth.signInWindowSeconds;
	const limiters: Limiters = {
		signInAccount: createLimiter(
			'signin-account',
			{ points: config.auth.signInMaxPerAccount, durationSeconds: window, blockSeconds: window },
			redis
		),
		signInIp: createLimiter('signin-ip', { points: config.auth.signInMaxPerIp, durationSeconds: window, blockSeconds: window }, redis),
		secondFactor: createLimiter('second-factor', { points: 10, durationSeconds: window, blockSeconds: window }, redis),
		messages: createLimiter('messages', { points: 10, durationSeconds: 3600 }, redis)
	};
	const smtp = config.mail.smtpUrl ? new SmtpTransport(config.mail.smtpUrl, config.mail.from) : undefined;
	const email = smtp ?? new LocalTransport();
	const outbox = new OutboxWorker({
		db: database.db,
		cipher,
		// The SMS gateway is not configured yet: SMS stays in the local outbox, visible to admins.
		transports: { email, sms: new LocalTransport() },
		logger,
		maxAttempts: config.mail.maxAttempts
	});
	if (options.startWorkers) outbox.start(config.mail.pollMs);

	return {
		config,
		logger,
		database,
		cache,
		redis,
		cipher,
		auth,
		limiters,
		outbox,
		async close() {
			await outbox.stop();
			smtp?.close();
			redis?.disconnect();
			await database.close();
		}
	};
}

let current: Promise<App> | undefined;

/** The server's one App, created on first use (never at build time). */
export function getApp(): Promise<App> {
	current ??= createApp(parseConfig(), { startWorkers: true }).catch((err) => {
		current = undefined;
		throw err;
	});
	return current;
}

export async function closeApp() {
	const app = await current;
	current = undefined;
	await app?.close();
}
