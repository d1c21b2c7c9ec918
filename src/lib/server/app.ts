/**
 * The application's services, built once from the configuration and shared by every request.
 * `createApp` is used directly by tests and scripts; the SvelteKit server uses the lazy `getApp`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { parseConfig, type Config } from '../config';
import { createAuth, type Auth } from './auth/better-auth';
import { openDatabase, type Database } from './db/client';
import { describeDatabaseError } from './db/postgres-tls.js';
import { createLogger, type Logger } from './logger';
import { MemoryCache, RedisCache, type Cache } from './services/cache/cache';
import { createRedis } from './services/cache/redis-client';
import type { Cipher } from './services/crypto/cipher';
import { loadCipher } from './services/crypto/keys';
import { OutboxWorker, type Transport } from './services/outbox/outbox';
import { LocalTransport, SmtpTransport } from './services/outbox/transports';
import { createLimiter, purgeExpiredLimits, type Limiter } from './services/rate-limit/limiter';
import { FallbackCache } from './services/cache/fallback-cache';
import { BuiltinProvider } from './services/scheduling/builtin/builtin-provider';
import type { SchedulingProvider } from './services/scheduling/provider';
import { SchedulingService } from './services/scheduling/scheduling';
import { followUpstream, recordOverlap } from './services/booking/upstream-sync';
import { HEARTBEAT_SECONDS, InstanceRegistry } from './services/instances/instances';
import { FigureFlusher, FLUSH_SECONDS } from './services/operations/shared-figures';
import { LocalStore } from './services/documents/local-store';
import type { ObjectStore } from './services/documents/storage';
import { Metrics, type MetricsSources } from './services/metrics/metrics';
import { startEmf, type EmfReporter } from './services/metrics/emf';
import { streamAuditTo } from './services/audit/audit';

export interface Limiters {
	/** Failed password attempts per account (keyed by an HMAC of the email). */
	signInAccount: Limiter;
	/** Sign-in attempts per client address. */
	signInIp: Limiter;
	/** Second-factor attempts per pending sign-in and per address. */
	secondFactor: Limiter;
	/** Password-reset and one-time-code requests per address. */
	messages: Limiter;
	/** Document downloads per user. */
	documentDownload: Limiter;
}

export interface Documents {
	store: ObjectStore;
	maxBytes: number;
	clamdSocket: string | undefined;
	reportDueDays: number;
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
	scheduling: SchedulingService;
	documents: Documents;
	/** This instance's Prometheus registry and instruments (GET /metrics). */
	metrics: Metrics;
	/** What runs on timers when the workers are started (`startWorkers`): listed whether or not they are. */
	jobs: readonly BackgroundJob[];
	close(): Promise<void>;
}

/** A job run on a timer by every instance whose workers are started. */
export interface BackgroundJob {
	name: string;
	everyMs: number;
	/** The first run, this long after the start. */
	firstAfterMs: number;
	run(): Promise<unknown>;
}

export interface CreateAppOptions {
	/** Use this database instead of opening the configured one (tests). */
	database?: Database;
	logger?: Logger;
	/** Start the outbox worker's timer (off in tests, which call deliverDue themselves). */
	startWorkers?: boolean;
	/** Use this document store instead of the configured one (tests). */
	documentStore?: ObjectStore;
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
	// A server that cannot be reached (or whose TLS certificate is refused) stops the start in one line.
	if (!options.database && database.kind === 'postgres')
		await database.ping().catch(async (err: unknown) => {
			await database.close().catch(() => undefined);
			throw new Error(`Database not reachable: ${describeDatabaseError(err)}`);
		});
	if (!options.database && (database.kind === 'pglite' || (config.database.kind === 'postgres' && config.database.migrateOnStart)))
		await database.migrate();

	let redis: Redis | undefined;
	if (config.redisUrl) {
		redis = createRedis(config.redisUrl, config.redisCaFile);
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
	const cache: Cache = redis
		? new FallbackCache(new RedisCache(redis), 3000, (err) =>
				logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'cache degraded to in-process')
			)
		: new MemoryCache();
	const cipher = await loadCipher(config);
	// Data migrations that need the application (decrypting examinees): once, after the SQL ones.
	if (!options.database) await (await import('./services/cases/group-bookings')).groupBookingsAtStart({ database, cipher }, logger);
	const auth = createAuth({ config, db: database.db, cipher, secret: await authSecret(config), logger });
	const window = config.auth.signInWindowSeconds;
	const limiters: Limiters = {
		// Lockouts live in the database: shared by every instance with or without Redis, and kept
		// through a Redis restart (decision 012).
		signInAccount: createLimiter(
			'signin-account',
			{ points: config.auth.signInMaxPerAccount, durationSeconds: window, blockSeconds: window },
			redis,
			{ database: database.db }
		),
		signInIp: createLimiter('signin-ip', { points: config.auth.signInMaxPerIp, durationSeconds: window, blockSeconds: window }, redis, {
			database: database.db
		}),
		secondFactor: createLimiter('second-factor', { points: 10, durationSeconds: window, blockSeconds: window }, redis, {
			database: database.db
		}),
		messages: createLimiter('messages', { points: 10, durationSeconds: 3600 }, redis),
		documentDownload: createLimiter('document-download', { points: 300, durationSeconds: 60 }, redis)
	};
	let store: ObjectStore;
	if (options.documentStore) store = options.documentStore;
	else if (config.s3) {
		const { S3Store } = await import('./services/documents/s3-store');
		store = new S3Store({
			bucket: config.s3.bucket,
			region: config.s3.region,
			endpoint: config.s3.endpoint,
			serverSideEncryption: config.s3.sse,
			kmsKeyId: config.s3.kmsKeyId
		});
	} else store = new LocalStore(path.join(config.dataDir, 'documents'));
	const documents: Documents = {
		store,
		maxBytes: config.documents.maxBytes,
		clamdSocket: config.documents.clamdSocket,
		reportDueDays: config.documents.reportDueDays
	};
	const smtp = config.mail.smtpUrl
		? new SmtpTransport(config.mail.smtpUrl, config.mail.from, { requireTls: config.mail.requireTls, caFile: config.mail.caFile })
		: undefined;
	const email = smtp ?? new LocalTransport();
	let sns: { close(): void } | undefined;
	let sms: Transport = new LocalTransport();
	// Without SMS_PROVIDER=sns, SMS stay in the local outbox, visible to admins.
	if (config.sms) {
		const { SnsSmsTransport } = await import('./services/outbox/sns-transport');
		sms = sns = new SnsSmsTransport({ region: config.sms.region, endpoint: config.sms.endpoint, senderId: config.sms.senderId });
	}
	const outbox = new OutboxWorker({
		db: database.db,
		cipher,
		transports: { email, sms },
		logger,
		maxAttempts: config.mail.maxAttempts
	});
	// Instances know of each other through the database: the share of shared limits while Redis is down.
	const instances = new InstanceRegistry(database.db);
	// Read on each scrape through `app`, which tests may give another scheduling service.
	const metricSources: MetricsSources = {
		db: () => app.database.db,
		availability: () => app.scheduling.availability.stats,
		circuit: () => (app.scheduling.provider as { breaker?: { status: 'closed' | 'open' | 'half_open' } }).breaker?.status
	};
	const metrics = new Metrics(
		metricSources,
		// Process metrics only where someone may scrape them.
		{ defaultMetrics: Boolean(config.metrics.token) }
	);
	let provider: SchedulingProvider;
	if (config.acuity) {
		const { AcuityProvider } = await import('./services/scheduling/acuity/acuity-provider');
		provider = new AcuityProvider({
			...config.acuity,
			logger,
			redis,
			liveInstances: () => instances.count,
			onCall: (method, outcome) => metrics.recordAcuityCall(method, outcome)
		});
	} else provider = new BuiltinProvider(database.db, cipher);
	const scheduling = new SchedulingService({
		db: database.db,
		cipher,
		provider,
		cache,
		logger,
		webhookKey: config.acuity?.apiKey,
		dbKind: database.kind
	});

	// This instance's counts, added to those of every instance (ops_figure) for the dashboard.
	const figures = new FigureFlusher(database.db, () => app.scheduling.availability.stats);
	const timers: NodeJS.Timeout[] = [];
	// CloudWatch's figures (METRICS_EMF): one stdout line a minute, stopped by close().
	let emf: EmfReporter | undefined;
	const minute = 60_000;
	const job = (name: string, everyMs: number, firstAfterMs: number, run: () => Promise<unknown>): BackgroundJob => ({
		name,
		everyMs,
		firstAfterMs,
		run
	});
	// Every instance runs these on timers (`startWorkers`); each is safe to run on several at once.
	const jobs: BackgroundJob[] = [
		// Bookings whose confirmation was interrupted after the provider call are finished from their
		// draft: soon after a start (a crash's leftovers), then every minute.
		job('complete-interrupted-bookings', minute, 3_000, () =>
			import('./services/booking/confirm').then(({ completeOrphans }) => completeOrphans(app))
		),
		// Objects left without a row by a crash (15 minutes unchanged), and documents deleted more than 30 days ago.
		job('document-sweep', 5 * minute, 30_000, () =>
			import('./services/documents/sweeper').then(({ sweepDocuments }) => sweepDocuments(app))
		),
		job('purge-expired-limits', 60 * minute, minute, () => purgeExpiredLimits(database.db)),
		// The booking triggers' changes to the kept counts (stages, report turnaround), folded into their tallies.
		job('fold-kept-counts', minute, 20_000, () =>
			import('./services/operations/operations').then(({ foldKeptCounts }) => foldKeptCounts({ database }))
		),
		// The kept counts against the bookings' own: soon after a start (a restore skips triggers), then daily.
		job('check-kept-counts', 24 * 60 * minute, 2 * minute, () =>
			import('./services/operations/operations').then(({ checkKeptCounts }) => checkKeptCounts({ database, logger }))
		),
		// Enclosure reminders: one digest per referrer per day (the digest row makes a second run, or instance, send nothing).
		job('enclosure-reminders', 60 * minute, 90_000, () =>
			import('./services/cases/enclosures').then(({ runEnclosureReminders }) => runEnclosureReminders(app))
		),
		...(redis ? [job('instance-heartbeat', HEARTBEAT_SECONDS * 1000, 0, () => instances.beat())] : []),
		job('share-figures', FLUSH_SECONDS * 1000, FLUSH_SECONDS * 1000, () => figures.flush()),
		...(provider.kind === 'acuity'
			? [
					job('catalogue-sync', 60 * minute, 5_000, () => scheduling.syncCatalogue()),
					job('reconcile', 5 * minute, 5_000, () =>
						scheduling.reconcile({ from: new Date(Date.now() - 7 * 86_400_000), to: new Date(Date.now() + 120 * 86_400_000) })
					)
				]
			: [])
	];
	if (options.startWorkers) {
		emf = startEmf(config.metrics.emf, metricSources, {
			onError: (err) => logger.error({ err: err instanceof Error ? err.message : String(err), job: 'emf-metrics' }, 'job failed')
		});
		outbox.start(config.mail.pollMs);
		for (const j of jobs) {
			const run = () =>
				j.run().catch((err) => logger.error({ err: err instanceof Error ? err.message : String(err), job: j.name }, 'job failed'));
			timers.push(setInterval(run, j.everyMs).unref());
			timers.push(setTimeout(run, j.firstAfterMs).unref());
		}
	}

	const app: App = {
		config,
		logger,
		database,
		cache,
		redis,
		cipher,
		auth,
		limiters,
		outbox,
		scheduling,
		documents,
		metrics,
		jobs,
		async close() {
			stopAuditStream();
			for (const t of timers) clearInterval(t);
			emf?.stop();
			if (options.startWorkers && redis) await instances.leave().catch(() => undefined);
			// What this instance counted since its last flush is not lost with it.
			if (options.startWorkers)
				await figures.flush().catch((err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'figures not shared'));
			store.close();
			await outbox.stop();
			smtp?.close();
			sns?.close();
			redis?.disconnect();
			await database.close();
		}
	};
	connectScheduling(app, scheduling);
	// A new deployment's first administrator (BOOTSTRAP_ADMIN_EMAIL), invited once.
	if (!options.database && config.bootstrapAdminEmail)
		await (await import('./services/accounts/first-admin')).inviteFirstAdminAtStart(app, config.bootstrapAdminEmail, logger);
	// Every audit record is also one PHI-free log line (msg 'audit') for an external audit system.
	const stopAuditStream = streamAuditTo(logger);
	return app;
}

/** Bookings follow changes made in Acuity (wired here: scheduling sits below booking). Tests that swap the service call it too. */
export function connectScheduling(app: App, scheduling: SchedulingService): SchedulingService {
	scheduling.follower = (tx, change) => followUpstream(tx, app, change);
	scheduling.conflictRecorder = (exec, c) => recordOverlap(exec, c);
	app.scheduling = scheduling;
	return scheduling;
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
