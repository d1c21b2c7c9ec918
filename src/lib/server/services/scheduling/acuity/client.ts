/**
 * The HTTP side of Acuity: Basic auth, a timeout per request, the rate-limit slot, retries and the
 * circuit breaker (`resilience.ts`), the 429 pause, and every answer checked with its zod schema.
 * Refusals (4xx) come back as `AcuityClientError` for the provider to map (`refusal`).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Logger } from '../../../logger';
import { invalidInput, notFound, rateLimited, SchedulingError, slotUnavailable, upstreamUnavailable } from '../errors';
import { delay, MemoryWindow, RedisWindow, REDIS_OP_TIMEOUT_MS, RELEASE_LOCK_LUA, UpstreamLimiter, withTimeout } from './rate-window';
import { backoffMs, isTimeout, parseRetryAfter, Resilience, UpstreamFailure } from './resilience';
import { errorBodySchema } from './wire';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

export interface AcuityProviderOptions {
	/** e.g. https://acuityscheduling.com/api/v1 */
	baseUrl: string;
	userId: string;
	apiKey: string;
	logger: Logger;
	/** Shares the upstream rate limit (and the create lock) between app instances. */
	redis?: Redis;
	/** Per request. Default 8000. */
	timeoutMs?: number;
	/** Extra attempts for reads. Default 3. */
	maxRetries?: number;
	/** Upstream requests per second, over all instances sharing `redis`. Default 10. */
	rateLimitPerSecond?: number;
	breaker?: { failureThreshold?: number; openSeconds?: number };
	/** Told the wait before each retry (tests record them). */
	onRetry?: (waitMs: number) => void;
	/** Exponential backoff between retries without a Retry-After. Default 200 ms doubling up to 5 s. */
	backoff?: { baseMs?: number; capMs?: number };
	/** How long a caller may queue for a rate-limit slot before `rateLimited()`. Default 10000. */
	rateLimitMaxWaitMs?: number;
	/** The limiter's window: one second plus a margin for jitter and event-loop lag between our grant and Acuity's count. Default 1250. */
	rateLimitWindowMs?: number;
	/** Prefix of the Redis keys. Default `ime:acuity:`. */
	redisKeyPrefix?: string;
	/** Clock of the 429 pause (tests). Default Date.now. The circuit breaker reads Date.now itself. */
	now?: () => number;
	/** Page size of GET /appointments; a full page splits the date range. Default 1000. */
	listPageSize?: number;
	/** How many app instances share the rate limit: each takes its share while Redis is down. */
	liveInstances?: () => number;
	/** Told each call's outcome after its retries (metrics): ok, refused (4xx), busy (429), unavailable, or error. */
	onCall?: (method: string, outcome: 'ok' | 'refused' | 'busy' | 'unavailable' | 'error') => void;
}

/** Longest Retry-After (or backoff) a read waits in place before giving up with rateLimited/unavailable. */
const MAX_RETRY_WAIT_MS = 30_000;
/**
 * Acuity's 429: waited out in place only when short (the user hears "busy" within about two seconds
 * otherwise); a longer Retry-After pauses every call of this instance until it has passed.
 */
const MAX_INLINE_429_WAIT_MS = 2_000;
const DEFAULT_429_PAUSE_SECONDS = 5;

const UNEXPECTED_FORMAT = 'The scheduling service answered in an unexpected format.';

// ---------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------

/** A 4xx other than 401/403/429, for the caller to map. */
export class AcuityClientError extends Error {
	constructor(
		readonly status: number,
		readonly code: string
	) {
		super(`Acuity answered ${status} ${code}`);
	}
}

export type Query = Record<string, string | number | boolean | (string | number)[] | undefined>;

export interface CallSpec<T> {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	path: string;
	query?: Query;
	body?: unknown;
	/** Safe to retry (GETs and check-times). */
	read: boolean;
	schema: z.ZodType<T>;
}

export const numericId = (id: string) => /^\d{1,15}$/.test(id);

export function requireId(id: string, what: string): number {
	if (!numericId(id)) throw invalidInput(`Unknown ${what}.`);
	return Number(id);
}

export function daysBetween(from: string, to: string) {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export class AcuityClient {
	readonly logger: Logger;
	readonly redis: Redis | undefined;
	readonly timeoutMs: number;
	readonly maxRetries: number;
	readonly prefix: string;
	readonly listPageSize: number;
	/** The circuit breaker and retries; `breaker.status` is shown on the operations dashboard. */
	readonly breaker: Resilience;
	private readonly baseUrl: string;
	private readonly authorization: string;
	private readonly clock: () => number;
	/** Acuity said 429 with a wait: until then every call answers "busy" without asking again. */
	private busyUntil = 0;
	private readonly backoff: (attempt: number) => number;
	private readonly limiter: UpstreamLimiter;
	private readonly onCall: AcuityProviderOptions['onCall'];

	constructor(options: AcuityProviderOptions) {
		this.onCall = options.onCall;
		this.baseUrl = options.baseUrl.replace(/\/+$/, '');
		this.authorization = `Basic ${Buffer.from(`${options.userId}:${options.apiKey}`).toString('base64')}`;
		this.logger = options.logger;
		this.redis = options.redis;
		this.timeoutMs = options.timeoutMs ?? 8000;
		this.maxRetries = Math.max(0, options.maxRetries ?? 3);
		const baseMs = options.backoff?.baseMs ?? 200;
		const capMs = options.backoff?.capMs ?? 5_000;
		this.backoff = (attempt) => backoffMs(attempt, baseMs, capMs);
		this.prefix = options.redisKeyPrefix ?? 'ime:acuity:';
		this.listPageSize = options.listPageSize ?? 1000;
		this.clock = options.now ?? Date.now;
		this.breaker = new Resilience({
			failureThreshold: Math.max(1, options.breaker?.failureThreshold ?? 5),
			openMs: (options.breaker?.openSeconds ?? 30) * 1000,
			maxRetries: this.maxRetries,
			logger: this.logger,
			onRetry: options.onRetry
		});
		const perSecond = Math.max(1, Math.floor(options.rateLimitPerSecond ?? 10));
		const windowMs = Math.max(1000, options.rateLimitWindowMs ?? 1250);
		const memory = new MemoryWindow(perSecond, windowMs);
		// With Redis down, each instance keeps to its share, so together they stay within the limit.
		const liveInstances = options.liveInstances;
		const share = new MemoryWindow(() => Math.max(1, Math.floor(perSecond / Math.max(1, liveInstances?.() ?? 1))), windowMs);
		const store = options.redis
			? new RedisWindow(options.redis, `${this.prefix}rl:${options.userId}`, perSecond, windowMs, share, this.logger)
			: memory;
		this.limiter = new UpstreamLimiter(store, options.rateLimitMaxWaitMs ?? 10_000);
	}

	// --- HTTP ------------------------------------------------------------------------------------

	private url(path: string, query?: Query) {
		const params = new URLSearchParams();
		for (const [key, value] of Object.entries(query ?? {})) {
			if (value === undefined) continue;
			if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
			else params.append(key, String(value));
		}
		const qs = params.toString();
		return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
	}

	async call<T>(spec: CallSpec<T>): Promise<T> {
		if (!this.onCall) return this.attempts(spec);
		const told = this.onCall;
		try {
			const answer = await this.attempts(spec);
			told(spec.method, 'ok');
			return answer;
		} catch (err) {
			told(
				spec.method,
				err instanceof AcuityClientError
					? 'refused'
					: err instanceof SchedulingError && err.kind === 'rate_limited'
						? 'busy'
						: err instanceof SchedulingError && err.kind === 'upstream_unavailable'
							? 'unavailable'
							: 'error'
			);
			throw err;
		}
	}

	private async attempts<T>(spec: CallSpec<T>): Promise<T> {
		const { method, path } = spec;
		const url = this.url(path, spec.query);
		const lastAttempt = spec.read ? this.maxRetries : 0;
		const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
		if (spec.body !== undefined) headers['content-type'] = 'application/json';
		const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);

		const beforeEach = async () => {
			const pausedMs = this.busyUntil - this.clock();
			if (pausedMs > 0) throw rateLimited(Math.ceil(pausedMs / 1000));
			await this.limiter.acquire();
		};
		return this.breaker.run(beforeEach, async (n) => {
			const attempt = n + 1;
			const mayRetry = n < lastAttempt;
			const started = Date.now();
			let status: number;
			let text: string;
			let retryAfter: number | undefined;
			try {
				const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
				status = res.status;
				retryAfter = parseRetryAfter(res.headers.get('retry-after'));
				text = await res.text();
			} catch (err) {
				const error = isTimeout(err) ? 'timeout' : 'network';
				this.logger.warn({ upstream: 'acuity', method, path, ms: Date.now() - started, attempt, error }, 'Acuity request failed');
				throw new UpstreamFailure(error, this.backoff(attempt), mayRetry);
			}
			const ms = Date.now() - started;

			if (status >= 500 || status === 429) {
				this.logger.warn({ upstream: 'acuity', method, path, status, ms, attempt, retryAfter }, 'Acuity request failed');
				const busy = status === 429;
				const wait = retryAfter !== undefined ? retryAfter * 1000 + Math.round(Math.random() * 100) : this.backoff(attempt);
				const retryable = mayRetry && (!busy || n === 0) && wait <= (busy ? MAX_INLINE_429_WAIT_MS + 100 : MAX_RETRY_WAIT_MS);
				if (busy && !retryable) {
					const seconds = Math.max(1, retryAfter ?? DEFAULT_429_PAUSE_SECONDS);
					this.busyUntil = Math.max(this.busyUntil, this.clock() + seconds * 1000);
					throw rateLimited(seconds);
				}
				throw new UpstreamFailure(busy ? 'busy' : 'server', wait, retryable);
			}

			if (status === 401 || status === 403) {
				this.logger.error(
					{ upstream: 'acuity', method, path, status, ms },
					'Acuity refused our credentials: check ACUITY_USER_ID and ACUITY_API_KEY'
				);
				throw upstreamUnavailable();
			}
			if (status >= 400) {
				const code = this.errorCode(text);
				this.logger.info({ upstream: 'acuity', method, path, status, ms, acuityError: code }, 'Acuity refused the request');
				throw new AcuityClientError(status, code);
			}

			this.logger.debug({ upstream: 'acuity', method, path, status, ms, attempt }, 'Acuity request');
			let json: unknown = null;
			if (text.trim()) {
				try {
					json = JSON.parse(text);
				} catch {
					this.logger.error({ upstream: 'acuity', method, path, status, ms }, 'Acuity answered with something other than JSON');
					throw upstreamUnavailable(UNEXPECTED_FORMAT);
				}
			}
			const parsed = spec.schema.safeParse(json);
			if (!parsed.success) {
				// Issue paths and codes only: never the values, which may be PHI.
				const issues = parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), code: i.code }));
				this.logger.error({ upstream: 'acuity', method, path, status, issues }, 'Acuity answered in an unexpected format');
				throw upstreamUnavailable(UNEXPECTED_FORMAT);
			}
			return parsed.data;
		});
	}

	private errorCode(text: string): string {
		try {
			const body = errorBodySchema.safeParse(JSON.parse(text));
			const code = body.success ? body.data.error : undefined;
			return code && /^[a-z0-9_.-]{1,64}$/i.test(code) ? code : 'unknown';
		} catch {
			return 'unknown';
		}
	}

	/** Maps a refusal to the error callers act on. */
	refusal(err: unknown): never {
		if (!(err instanceof AcuityClientError)) throw err;
		if (err.status === 404) throw notFound();
		const code = err.code;
		if (/^cancel_/.test(code)) throw invalidInput('This appointment can no longer be canceled.');
		if (/^reschedule_/.test(code)) throw invalidInput('This appointment can no longer be rescheduled.');
		if (err.status === 409 || /not_available|unavailable|no_available|overlap|already_booked|time_taken/.test(code))
			throw slotUnavailable();
		throw invalidInput(`The scheduling service refused the request (${code}).`);
	}

	async guard<T>(fn: () => Promise<T>): Promise<T> {
		try {
			return await fn();
		} catch (err) {
			this.refusal(err);
		}
	}

	/** One create per key across instances (Redis SET NX); in-process single flight covers the rest. */
	async withCreateLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
		const redis = this.redis;
		if (!redis) return fn();
		const lockKey = `${this.prefix}create:${key}`;
		const token = randomUUID();
		const ttlMs = 4 * this.timeoutMs * (this.maxRetries + 1) + 5_000;
		const deadline = Date.now() + Math.min(ttlMs, 3 * this.timeoutMs + 5_000);
		let locked = false;
		for (;;) {
			try {
				locked = (await withTimeout(redis.set(lockKey, token, 'PX', ttlMs, 'NX'), REDIS_OP_TIMEOUT_MS)) === 'OK';
			} catch {
				this.logger.warn({ upstream: 'acuity' }, 'Acuity create lock: Redis unavailable, continuing without it');
				return fn();
			}
			if (locked) break;
			if (Date.now() > deadline) throw upstreamUnavailable('This booking is already being made. Please try again shortly.');
			await delay(100);
		}
		try {
			return await fn();
		} finally {
			await withTimeout(redis.eval(RELEASE_LOCK_LUA, 1, lockKey, token), REDIS_OP_TIMEOUT_MS).catch(() => undefined);
		}
	}
}
