/**
 * Acuity Scheduling as the {@link SchedulingProvider} (see /work/shared/spec/ACUITY.md).
 *
 * - HTTP Basic auth, a timeout per request, every answer checked with zod (tolerant where the
 *   spec is unconfirmed); an answer of another shape is a logged, clear error, never a crash.
 * - Reads (GETs and check-times) are retried with exponential backoff and jitter on 5xx, 429,
 *   timeouts and network errors, honouring Retry-After. Writes are never retried: a write whose
 *   outcome is unknown surfaces as upstream_unavailable and the caller retries with the same
 *   idempotency key, which `create` honours by looking for its `[ref:…]` marker first.
 * - A circuit breaker: `failureThreshold` consecutive upstream failures (5xx, timeouts, network
 *   errors) open it; while open, calls fail fast without touching the network; after
 *   `openSeconds` one trial request goes through (half-open) and its outcome closes or reopens it.
 * - At most `rateLimitPerSecond` requests in any window of one second (padded for network
 *   jitter), shared by every app instance through Redis when given (a sliding-window log in a
 *   sorted set, updated atomically by a Lua script on Redis's clock), in-process otherwise or while
 *   Redis is unreachable. Callers queue for a slot; past `rateLimitMaxWaitMs` they get
 *   `rateLimited()`.
 * - No PHI in logs: method, path (no query string), status, duration, attempt, Acuity's error code.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../../logger';
import { invalidInput, notFound, rateLimited, slotUnavailable, upstreamUnavailable } from '../errors';
import {
	refMarker,
	type AvailabilityQuery,
	type CreateAppointmentInput,
	type FormFieldType,
	type ProviderAppointment,
	type ProviderAppointmentType,
	type ProviderCalendar,
	type ProviderForm,
	type SchedulingProvider,
	type Slot
} from '../provider';
import { addDays, formatOutgoingDateTime, isDate, isTimeZone, localDate, MONTH_RE, parseAcuityDateTime, utcDate } from './datetime';

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
	/** Waits between retries (tests inject a recorder). Rate-limit waits always use real timers. */
	sleep?: (ms: number) => Promise<void>;
	/** How long a caller may queue for a rate-limit slot before `rateLimited()`. Default 10000. */
	rateLimitMaxWaitMs?: number;
	/** The limiter's window: one second plus a margin for jitter and event-loop lag between our grant and Acuity's count. Default 1250. */
	rateLimitWindowMs?: number;
	/** Prefix of the Redis keys. Default `ime:acuity:`. */
	redisKeyPrefix?: string;
	/** Clock of the circuit breaker (tests). Default Date.now. */
	now?: () => number;
	/** Page size of GET /appointments; a full page splits the date range. Default 1000. */
	listPageSize?: number;
	/** How many app instances share the rate limit: each takes its share while Redis is down. */
	liveInstances?: () => number;
}

/** Longest Retry-After (or backoff) a read waits in place before giving up with rateLimited/unavailable. */
const MAX_RETRY_WAIT_MS = 30_000;
/**
 * Acuity's 429: waited out in place only when short (the user hears "busy" within about two seconds
 * otherwise); a longer Retry-After pauses every call of this instance until it has passed.
 */
const MAX_INLINE_429_WAIT_MS = 2_000;
const DEFAULT_429_PAUSE_SECONDS = 5;
const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 5_000;
const REDIS_OP_TIMEOUT_MS = 1_000;
const CALENDAR_ZONES_TTL_MS = 10 * 60_000;
const IDEMPOTENCY_KEY_RE = /^[A-Za-z0-9_-]{8,80}$/;

const UNEXPECTED_FORMAT = 'The scheduling service answered in an unexpected format.';

// ---------------------------------------------------------------------------------------------
// Response schemas (tolerant: extra keys pass, null where Acuity may send null)
// ---------------------------------------------------------------------------------------------

const idSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
const numberSchema = z.union([
	z.number(),
	z
		.string()
		.trim()
		.regex(/^-?\d+(\.\d+)?$/)
		.transform(Number)
]);
const textSchema = z
	.string()
	.nullish()
	.transform((v) => v ?? '');
const dateTimeSchema = z.string().transform((value, ctx) => {
	const date = parseAcuityDateTime(value);
	if (!date) {
		ctx.addIssue({ code: 'custom', message: 'Not a datetime with an offset' });
		return z.NEVER;
	}
	return date;
});

/** "1650.00", "990.5", 1650, "", null → cents. */
export function priceToCents(value: string | number | null | undefined): number | null {
	if (value === null || value === undefined || value === '') return 0;
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 100) : null;
	const m = /^\$?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
	if (!m) return null;
	return Number(m[1]!.replace(/,/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const priceSchema = z
	.union([z.string(), z.number()])
	.nullish()
	.transform((value, ctx) => {
		const cents = priceToCents(value);
		if (cents === null) {
			ctx.addIssue({ code: 'custom', message: 'Not a price' });
			return z.NEVER;
		}
		return cents;
	});

const appointmentTypeSchema = z.looseObject({
	id: idSchema,
	active: z
		.boolean()
		.nullish()
		.transform((v) => v ?? true),
	name: z.string(),
	description: textSchema,
	duration: numberSchema,
	price: priceSchema,
	category: textSchema,
	paddingBefore: numberSchema.nullish(),
	paddingAfter: numberSchema.nullish(),
	calendarIDs: z.array(idSchema).nullish(),
	formIDs: z.array(idSchema).nullish()
});

const calendarSchema = z.looseObject({
	id: idSchema,
	name: z.string(),
	email: textSchema,
	description: textSchema,
	location: textSchema,
	timezone: z.string().refine(isTimeZone, 'Not a time zone')
});

const FIELD_TYPES: readonly FormFieldType[] = ['textbox', 'textarea', 'dropdown', 'checkbox', 'checkboxlist', 'yesno', 'file', 'address'];

const formSchema = z.looseObject({
	id: idSchema,
	name: textSchema,
	description: textSchema,
	appointmentTypeIDs: z.array(idSchema).nullish(),
	fields: z
		.array(
			z.looseObject({
				id: idSchema,
				name: textSchema,
				required: z.boolean().nullish(),
				type: z.string().nullish(),
				options: z.array(z.union([z.string(), z.number()])).nullish()
			})
		)
		.nullish()
});

const appointmentSchema = z.looseObject({
	id: idSchema,
	datetime: dateTimeSchema,
	duration: numberSchema,
	calendarID: idSchema,
	appointmentTypeID: idSchema,
	calendarTimezone: z.string().nullish(),
	timezone: z.string().nullish(),
	firstName: textSchema,
	lastName: textSchema,
	email: textSchema,
	phone: textSchema,
	/** Not in ACUITY.md's list of appointment keys, but sent by Acuity and written by us. */
	notes: textSchema,
	canceled: z.boolean().nullish(),
	noShow: z.boolean().nullish(),
	forms: z
		.array(
			z.looseObject({
				values: z
					.array(
						z.looseObject({
							fieldID: idSchema,
							value: z.union([z.string(), z.number(), z.boolean()]).nullish()
						})
					)
					.nullish()
			})
		)
		.nullish(),
	datetimeCreated: dateTimeSchema
});
type AcuityAppointment = z.infer<typeof appointmentSchema>;

const datesSchema = z.array(z.looseObject({ date: z.string().refine(isDate, 'Not a date') }));
const timesSchema = z.array(z.looseObject({ time: dateTimeSchema, slotsAvailable: numberSchema.nullish() }));
const checkSchema = z.looseObject({ valid: z.boolean(), reason: z.unknown().optional() });
const checkResponseSchema = z.union([checkSchema, z.array(checkSchema).min(1)]);
const errorBodySchema = z.looseObject({ error: z.string().nullish(), message: z.string().nullish() });

// ---------------------------------------------------------------------------------------------
// Mapping
// ---------------------------------------------------------------------------------------------

const TELEHEALTH_RE = /tele-?health|video/i;

function toAppointmentType(t: z.infer<typeof appointmentTypeSchema>): ProviderAppointmentType {
	return {
		id: t.id,
		name: t.name,
		description: t.description,
		durationMinutes: t.duration,
		priceCents: t.price,
		category: t.category,
		mode: TELEHEALTH_RE.test(t.name) || TELEHEALTH_RE.test(t.category) ? 'telehealth' : 'in_person',
		paddingBeforeMinutes: t.paddingBefore ?? 0,
		paddingAfterMinutes: t.paddingAfter ?? 0,
		calendarIds: t.calendarIDs ?? [],
		formIds: t.formIDs ?? [],
		active: t.active
	};
}

function toCalendar(c: z.infer<typeof calendarSchema>): ProviderCalendar {
	return { id: c.id, name: c.name, email: c.email, description: c.description, location: c.location, timeZone: c.timezone };
}

function toForm(f: z.infer<typeof formSchema>): ProviderForm {
	return {
		id: f.id,
		name: f.name,
		description: f.description,
		appointmentTypeIds: f.appointmentTypeIDs ?? [],
		fields: (f.fields ?? []).map((x) => ({
			id: x.id,
			name: x.name,
			required: x.required ?? false,
			// An unknown field type is shown as a text box rather than refusing the whole form.
			type: FIELD_TYPES.includes(x.type as FormFieldType) ? (x.type as FormFieldType) : 'textbox',
			options: (x.options ?? []).map(String)
		}))
	};
}

function toAppointment(a: AcuityAppointment): ProviderAppointment {
	const timeZone = [a.calendarTimezone, a.timezone].find((z): z is string => Boolean(z && isTimeZone(z))) ?? 'UTC';
	const phone = a.phone.trim();
	return {
		id: a.id,
		calendarId: a.calendarID,
		appointmentTypeId: a.appointmentTypeID,
		startsAt: a.datetime,
		// Acuity's `endTime` is a clock time ("2:00pm"); the end is the start plus the duration.
		endsAt: new Date(a.datetime.getTime() + a.duration * 60_000),
		durationMinutes: a.duration,
		timeZone,
		canceled: a.canceled ?? false,
		noShow: a.noShow ?? false,
		client: { firstName: a.firstName, lastName: a.lastName, email: a.email, ...(phone ? { phone } : {}) },
		notes: a.notes,
		fields: (a.forms ?? [])
			.flatMap((f) => f.values ?? [])
			.filter((v) => v.value !== null && v.value !== undefined && String(v.value) !== '')
			.map((v) => ({ fieldId: v.fieldID, value: String(v.value) })),
		createdAt: a.datetimeCreated
	};
}

// ---------------------------------------------------------------------------------------------
// Circuit breaker
// ---------------------------------------------------------------------------------------------

interface Admission {
	trial: boolean;
}

export class CircuitBreaker {
	private state: 'closed' | 'open' | 'half_open' = 'closed';
	private failures = 0;
	private openedAt = 0;
	private trialInFlight = false;

	constructor(
		private readonly threshold: number,
		private readonly openMs: number,
		private readonly now: () => number,
		private readonly logger: Logger
	) {}

	get status() {
		return this.state;
	}

	/** Lets a request through, or throws upstreamUnavailable() while open. */
	admit(): Admission {
		if (this.state === 'closed') return { trial: false };
		if (this.state === 'open') {
			if (this.now() - this.openedAt < this.openMs) throw upstreamUnavailable();
			this.state = 'half_open';
		}
		if (this.trialInFlight) throw upstreamUnavailable();
		this.trialInFlight = true;
		return { trial: true };
	}

	/** The upstream answered (any status below 500). */
	success(a: Admission) {
		if (a.trial) {
			this.trialInFlight = false;
			this.logger.info({ upstream: 'acuity' }, 'Acuity circuit closed: the trial request succeeded');
		} else if (this.state !== 'closed') return; // a late answer to a request admitted before it opened
		this.state = 'closed';
		this.failures = 0;
	}

	/** The upstream failed (5xx, timeout, network). */
	failure(a: Admission) {
		if (a.trial) {
			this.trialInFlight = false;
			this.open('the trial request failed');
			return;
		}
		if (this.state !== 'closed') return;
		this.failures += 1;
		if (this.failures >= this.threshold) this.open(`${this.failures} consecutive failures`);
	}

	/** The admitted request never reached the upstream (e.g. it gave up waiting for a rate-limit slot). */
	abandon(a: Admission) {
		if (a.trial) this.trialInFlight = false;
	}

	private open(why: string) {
		this.state = 'open';
		this.openedAt = this.now();
		this.failures = 0;
		this.logger.warn({ upstream: 'acuity', openMs: this.openMs }, `Acuity circuit opened: ${why}`);
	}
}

// ---------------------------------------------------------------------------------------------
// Upstream rate limit: a sliding-window log, shared through Redis when given
// ---------------------------------------------------------------------------------------------

interface WindowStore {
	/** Takes a slot: 0 when granted, else the ms until one may be free. */
	take(): Promise<number>;
}

class MemoryWindow implements WindowStore {
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

const RELEASE_LOCK_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	return Promise.race([
		promise,
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('timed out')), ms);
		})
	]).finally(() => clearTimeout(timer));
}

class RedisWindow implements WindowStore {
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
				this.redis.eval(SLIDING_WINDOW_LUA, 1, this.key, this.limit, this.windowMs, randomUUID()) as Promise<unknown>,
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

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Waiter {
	resolve(): void;
	reject(err: unknown): void;
	timer: NodeJS.Timeout;
}

/** A FIFO of callers in front of the window: only the head polls the store. */
class UpstreamLimiter {
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

// ---------------------------------------------------------------------------------------------
// The provider
// ---------------------------------------------------------------------------------------------

/** A 4xx other than 401/403/429, for the caller to map. */
class AcuityClientError extends Error {
	constructor(
		readonly status: number,
		readonly code: string
	) {
		super(`Acuity answered ${status} ${code}`);
	}
}

type Query = Record<string, string | number | boolean | (string | number)[] | undefined>;

interface CallSpec<T> {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	path: string;
	query?: Query;
	body?: unknown;
	/** Safe to retry (GETs and check-times). */
	read: boolean;
	schema: z.ZodType<T>;
}

function parseRetryAfter(value: string | null): number | undefined {
	if (!value) return undefined;
	if (/^\d+$/.test(value.trim())) return Number(value.trim());
	const at = Date.parse(value);
	return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

const isTimeout = (err: unknown) => err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');

const numericId = (id: string) => /^\d{1,15}$/.test(id);

function requireId(id: string, what: string): number {
	if (!numericId(id)) throw invalidInput(`Unknown ${what}.`);
	return Number(id);
}

function daysBetween(from: string, to: string) {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export class AcuityProvider implements SchedulingProvider {
	readonly kind = 'acuity' as const;

	private readonly baseUrl: string;
	private readonly authorization: string;
	private readonly logger: Logger;
	private readonly redis: Redis | undefined;
	private readonly timeoutMs: number;
	private readonly maxRetries: number;
	private readonly clock: () => number;
	/** Acuity said 429 with a wait: until then every call answers "busy" without asking again. */
	private busyUntil = 0;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly prefix: string;
	private readonly listPageSize: number;
	readonly breaker: CircuitBreaker;
	private readonly limiter: UpstreamLimiter;
	private readonly creating = new Map<string, Promise<ProviderAppointment>>();
	private zones: { at: number; byId: Map<string, string> } | null = null;
	private zonesLoading: Promise<Map<string, string>> | null = null;

	constructor(options: AcuityProviderOptions) {
		this.baseUrl = options.baseUrl.replace(/\/+$/, '');
		this.authorization = `Basic ${Buffer.from(`${options.userId}:${options.apiKey}`).toString('base64')}`;
		this.logger = options.logger;
		this.redis = options.redis;
		this.timeoutMs = options.timeoutMs ?? 8000;
		this.maxRetries = Math.max(0, options.maxRetries ?? 3);
		this.sleep = options.sleep ?? delay;
		this.prefix = options.redisKeyPrefix ?? 'ime:acuity:';
		this.listPageSize = options.listPageSize ?? 1000;
		this.clock = options.now ?? Date.now;
		this.breaker = new CircuitBreaker(
			Math.max(1, options.breaker?.failureThreshold ?? 5),
			(options.breaker?.openSeconds ?? 30) * 1000,
			options.now ?? Date.now,
			this.logger
		);
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

	private backoff(attempt: number) {
		const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
		return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
	}

	private async call<T>(spec: CallSpec<T>): Promise<T> {
		const { method, path } = spec;
		const url = this.url(path, spec.query);
		const maxAttempts = spec.read ? this.maxRetries + 1 : 1;
		const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
		if (spec.body !== undefined) headers['content-type'] = 'application/json';
		const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);

		for (let attempt = 1; ; attempt++) {
			const pausedMs = this.busyUntil - this.clock();
			if (pausedMs > 0) throw rateLimited(Math.ceil(pausedMs / 1000));
			const admission = this.breaker.admit();
			try {
				await this.limiter.acquire();
			} catch (err) {
				this.breaker.abandon(admission);
				throw err;
			}
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
				this.breaker.failure(admission);
				this.logger.warn({ upstream: 'acuity', method, path, ms: Date.now() - started, attempt, error }, 'Acuity request failed');
				if (attempt < maxAttempts && this.breaker.status === 'closed') {
					await this.sleep(this.backoff(attempt));
					continue;
				}
				throw upstreamUnavailable();
			}
			const ms = Date.now() - started;

			if (status >= 500 || status === 429) {
				if (status >= 500) this.breaker.failure(admission);
				else this.breaker.success(admission);
				this.logger.warn({ upstream: 'acuity', method, path, status, ms, attempt, retryAfter }, 'Acuity request failed');
				const busy = status === 429;
				if (attempt < maxAttempts && this.breaker.status === 'closed' && (!busy || attempt === 1)) {
					const wait = retryAfter !== undefined ? retryAfter * 1000 + Math.round(Math.random() * 100) : this.backoff(attempt);
					if (wait <= (busy ? MAX_INLINE_429_WAIT_MS + 100 : MAX_RETRY_WAIT_MS)) {
						await this.sleep(wait);
						continue;
					}
				}
				if (busy) {
					const seconds = Math.max(1, retryAfter ?? DEFAULT_429_PAUSE_SECONDS);
					this.busyUntil = Math.max(this.busyUntil, this.clock() + seconds * 1000);
					throw rateLimited(seconds);
				}
				throw upstreamUnavailable();
			}

			this.breaker.success(admission);
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
		}
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
	private refusal(err: unknown): never {
		if (!(err instanceof AcuityClientError)) throw err;
		if (err.status === 404) throw notFound();
		const code = err.code;
		if (/^cancel_/.test(code)) throw invalidInput('This appointment can no longer be canceled.');
		if (/^reschedule_/.test(code)) throw invalidInput('This appointment can no longer be rescheduled.');
		if (err.status === 409 || /not_available|unavailable|no_available|overlap|already_booked|time_taken/.test(code))
			throw slotUnavailable();
		throw invalidInput(`The scheduling service refused the request (${code}).`);
	}

	private async guard<T>(fn: () => Promise<T>): Promise<T> {
		try {
			return await fn();
		} catch (err) {
			this.refusal(err);
		}
	}

	// --- catalogue ---------------------------------------------------------------------------------

	appointmentTypes(): Promise<ProviderAppointmentType[]> {
		return this.guard(async () =>
			(await this.call({ method: 'GET', path: '/appointment-types', read: true, schema: z.array(appointmentTypeSchema) })).map(
				toAppointmentType
			)
		);
	}

	calendars(): Promise<ProviderCalendar[]> {
		return this.guard(async () => {
			const calendars = (await this.call({ method: 'GET', path: '/calendars', read: true, schema: z.array(calendarSchema) })).map(
				toCalendar
			);
			this.zones = { at: Date.now(), byId: new Map(calendars.map((c) => [c.id, c.timeZone])) };
			return calendars;
		});
	}

	forms(): Promise<ProviderForm[]> {
		return this.guard(async () =>
			(await this.call({ method: 'GET', path: '/forms', read: true, schema: z.array(formSchema) })).map(toForm)
		);
	}

	/** The calendar's zone, from a short-lived cache of GET /calendars; undefined for an unknown calendar. */
	private async calendarZone(calendarId: string): Promise<string | undefined> {
		if (this.zones && Date.now() - this.zones.at < CALENDAR_ZONES_TTL_MS && this.zones.byId.has(calendarId))
			return this.zones.byId.get(calendarId);
		this.zonesLoading ??= this.calendars()
			.then(() => this.zones?.byId ?? new Map<string, string>())
			.finally(() => {
				this.zonesLoading = null;
			});
		return (await this.zonesLoading).get(calendarId);
	}

	// --- availability ------------------------------------------------------------------------------

	private validateQuery(q: AvailabilityQuery) {
		requireId(q.appointmentTypeId, 'appointment type');
		requireId(q.calendarId, 'calendar');
		if (!isTimeZone(q.timeZone)) throw invalidInput('Unknown time zone.');
	}

	async availableDates(query: AvailabilityQuery & { month: string }): Promise<string[]> {
		this.validateQuery(query);
		if (!MONTH_RE.test(query.month)) throw invalidInput('The month must be YYYY-MM.');
		return this.guard(async () => {
			const rows = await this.call({
				method: 'GET',
				path: '/availability/dates',
				read: true,
				query: { month: query.month, appointmentTypeID: query.appointmentTypeId, calendarID: query.calendarId, timezone: query.timeZone },
				schema: datesSchema
			});
			return [...new Set(rows.map((r) => r.date).filter((d) => d.startsWith(`${query.month}-`)))].sort();
		});
	}

	/** Free start instants on `date` in `timeZone`, ascending. */
	private async times(query: AvailabilityQuery & { date: string; ignoreAppointmentIds?: string[] }): Promise<Date[]> {
		const rows = await this.call({
			method: 'GET',
			path: '/availability/times',
			read: true,
			query: {
				date: query.date,
				appointmentTypeID: query.appointmentTypeId,
				calendarID: query.calendarId,
				timezone: query.timeZone,
				'ignoreAppointmentIDs[]': query.ignoreAppointmentIds?.filter(numericId)
			},
			schema: timesSchema
		});
		const unique = new Map<number, Date>();
		// The contract is "times on `date` in `timeZone`": drop any that fall on another date.
		for (const r of rows) if (localDate(r.time, query.timeZone) === query.date) unique.set(r.time.getTime(), r.time);
		return [...unique.values()].sort((a, b) => a.getTime() - b.getTime());
	}

	async availableTimes(query: AvailabilityQuery & { date: string; ignoreAppointmentIds?: string[] }): Promise<Slot[]> {
		this.validateQuery(query);
		if (!isDate(query.date)) throw invalidInput('The date must be YYYY-MM-DD.');
		return this.guard(async () => {
			const times = await this.times(query);
			// The calendar's zone is for display beside the user's: if it cannot be looked up, the asked zone will do.
			const zone = times.length
				? await this.calendarZone(query.calendarId).catch(() => {
						this.logger.warn({ upstream: 'acuity', path: '/calendars' }, 'Acuity: calendar zone unavailable, slots carry the asked zone');
						return undefined;
					})
				: undefined;
			const timeZone = zone ?? query.timeZone;
			return times.map((startsAt) => ({ startsAt, timeZone }));
		});
	}

	async checkTime(query: { startsAt: Date; appointmentTypeId: string; calendarId: string }): Promise<{ valid: boolean; reason?: string }> {
		const typeId = requireId(query.appointmentTypeId, 'appointment type');
		const calendarId = requireId(query.calendarId, 'calendar');
		if (Number.isNaN(query.startsAt.getTime())) throw invalidInput('Invalid start time.');
		return this.guard(async () => {
			const answer = await this.call({
				method: 'POST',
				path: '/availability/check-times',
				read: true,
				body: { datetime: formatOutgoingDateTime(query.startsAt), appointmentTypeID: typeId, calendarID: calendarId },
				schema: checkResponseSchema
			});
			const first = Array.isArray(answer) ? answer[0]! : answer;
			return first.valid
				? { valid: true }
				: { valid: false, ...(typeof first.reason === 'string' && first.reason ? { reason: first.reason } : {}) };
		});
	}

	// --- appointments ------------------------------------------------------------------------------

	async get(id: string): Promise<ProviderAppointment | null> {
		if (!numericId(id)) return null;
		try {
			return toAppointment(await this.call({ method: 'GET', path: `/appointments/${id}`, read: true, schema: appointmentSchema }));
		} catch (err) {
			if (err instanceof AcuityClientError && err.status === 404) return null;
			this.refusal(err);
		}
	}

	async list(query: { from: Date; to: Date; calendarId?: string; includeCanceled?: boolean }): Promise<ProviderAppointment[]> {
		if (Number.isNaN(query.from.getTime()) || Number.isNaN(query.to.getTime()) || query.to < query.from)
			throw invalidInput('Invalid date range.');
		if (query.calendarId !== undefined) requireId(query.calendarId, 'calendar');
		// Acuity reads minDate/maxDate as dates in its own zone: ask for a day more each side, then cut exactly.
		const minDate = addDays(utcDate(query.from), -1);
		const maxDate = addDays(utcDate(query.to), 1);
		return this.guard(async () => {
			const sets = await Promise.all(
				(query.includeCanceled ? [false, true] : [false]).map((canceled) => this.listRange(minDate, maxDate, query.calendarId, canceled))
			);
			const byId = new Map<string, ProviderAppointment>();
			for (const a of sets.flat()) if (a.startsAt >= query.from && a.startsAt < query.to) byId.set(a.id, a);
			return [...byId.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || Number(a.id) - Number(b.id));
		});
	}

	/** GET /appointments over [minDate, maxDate]; a full page (Acuity caps results at `max`) splits the range. */
	private async listRange(
		minDate: string,
		maxDate: string,
		calendarId: string | undefined,
		canceled: boolean
	): Promise<ProviderAppointment[]> {
		const rows = await this.call({
			method: 'GET',
			path: '/appointments',
			read: true,
			query: { minDate, maxDate, calendarID: calendarId, canceled, max: this.listPageSize },
			schema: z.array(appointmentSchema)
		});
		const appointments = rows.map(toAppointment);
		if (appointments.length < this.listPageSize) return appointments;
		const span = daysBetween(minDate, maxDate);
		if (span < 1) {
			this.logger.warn(
				{ upstream: 'acuity', path: '/appointments', pageSize: this.listPageSize },
				'Acuity: a single day fills a page; the list may be incomplete'
			);
			return appointments;
		}
		const mid = addDays(minDate, Math.floor(span / 2));
		const [left, right] = await Promise.all([
			this.listRange(minDate, mid, calendarId, canceled),
			this.listRange(addDays(mid, 1), maxDate, calendarId, canceled)
		]);
		return [...left, ...right];
	}

	create(input: CreateAppointmentInput): Promise<ProviderAppointment> {
		if (!IDEMPOTENCY_KEY_RE.test(input.idempotencyKey)) return Promise.reject(invalidInput('Invalid idempotency key.'));
		const running = this.creating.get(input.idempotencyKey);
		if (running) return running;
		const promise = this.withCreateLock(input.idempotencyKey, () => this.createOnce(input)).finally(() => {
			this.creating.delete(input.idempotencyKey);
		});
		this.creating.set(input.idempotencyKey, promise);
		return promise;
	}

	private async createOnce(input: CreateAppointmentInput): Promise<ProviderAppointment> {
		const typeId = requireId(input.appointmentTypeId, 'appointment type');
		const calendarId = requireId(input.calendarId, 'calendar');
		if (Number.isNaN(input.startsAt.getTime())) throw invalidInput('Invalid start time.');
		if (!input.client.firstName.trim() || !input.client.lastName.trim()) throw invalidInput('The client needs a first and last name.');
		const fields = (input.fields ?? []).map((f) => ({ id: requireId(f.fieldId, 'form field'), value: f.value }));
		const marker = refMarker(input.idempotencyKey);

		const existing = await this.findByRef(input, marker);
		if (existing) return existing;

		const check = await this.checkTime(input);
		if (!check.valid) throw slotUnavailable();

		const notes = [input.notes?.trim(), marker].filter(Boolean).join('\n\n');
		return this.guard(async () =>
			toAppointment(
				await this.call({
					method: 'POST',
					path: '/appointments',
					read: false,
					query: { admin: true, noEmail: true },
					body: {
						datetime: formatOutgoingDateTime(input.startsAt),
						appointmentTypeID: typeId,
						calendarID: calendarId,
						firstName: input.client.firstName,
						lastName: input.client.lastName,
						email: input.client.email,
						...(input.client.phone ? { phone: input.client.phone } : {}),
						notes,
						fields
					},
					schema: appointmentSchema
				})
			)
		);
	}

	/** The appointment an earlier attempt with this key made: same calendar, same start, the marker in its notes. */
	private async findByRef(input: CreateAppointmentInput, marker: string): Promise<ProviderAppointment | null> {
		const day = utcDate(input.startsAt);
		const candidates = await this.guard(() => this.listRange(addDays(day, -1), addDays(day, 1), input.calendarId, false));
		const mine = candidates.filter((a) => a.notes.includes(marker));
		const match = mine.find((a) => a.startsAt.getTime() === input.startsAt.getTime() && a.calendarId === input.calendarId);
		if (match) {
			this.logger.info({ upstream: 'acuity', appointmentId: match.id }, 'Acuity: idempotent create returned the existing appointment');
			return match;
		}
		if (mine.length) throw invalidInput('That booking reference was already used for a different time.');
		return null;
	}

	/** One create per key across instances (Redis SET NX); in-process single flight covers the rest. */
	private async withCreateLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
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
			await withTimeout(redis.eval(RELEASE_LOCK_LUA, 1, lockKey, token) as Promise<unknown>, REDIS_OP_TIMEOUT_MS).catch(() => undefined);
		}
	}

	async reschedule(id: string, input: { startsAt: Date; calendarId?: string }): Promise<ProviderAppointment> {
		if (!numericId(id)) throw notFound();
		if (Number.isNaN(input.startsAt.getTime())) throw invalidInput('Invalid start time.');
		if (input.calendarId !== undefined) requireId(input.calendarId, 'calendar');
		const current = await this.get(id);
		if (!current) throw notFound();
		if (current.canceled) throw invalidInput('A canceled appointment cannot be rescheduled.');
		const calendarId = input.calendarId ?? current.calendarId;
		if (calendarId === current.calendarId && current.startsAt.getTime() === input.startsAt.getTime()) return current;

		// admin=true skips Acuity's own check, so check first: the free times of that day, this appointment ignored.
		const timeZone = calendarId === current.calendarId ? current.timeZone : await this.guard(() => this.calendarZone(calendarId));
		if (!timeZone) throw invalidInput('Unknown calendar.');
		const free = await this.guard(() =>
			this.times({
				appointmentTypeId: current.appointmentTypeId,
				calendarId,
				timeZone,
				date: localDate(input.startsAt, timeZone),
				ignoreAppointmentIds: [id]
			})
		);
		if (!free.some((t) => t.getTime() === input.startsAt.getTime())) throw slotUnavailable();

		return this.guard(async () =>
			toAppointment(
				await this.call({
					method: 'PUT',
					path: `/appointments/${id}/reschedule`,
					read: false,
					query: { admin: true, noEmail: true },
					body: {
						datetime: formatOutgoingDateTime(input.startsAt),
						...(calendarId !== current.calendarId ? { calendarID: Number(calendarId) } : {})
					},
					schema: appointmentSchema
				})
			)
		);
	}

	async updateFields(id: string, fields: { fieldId: string; value: string }[]): Promise<ProviderAppointment> {
		if (!numericId(id)) throw notFound();
		const body = { fields: fields.map((f) => ({ id: requireId(f.fieldId, 'form field'), value: f.value })) };
		try {
			return toAppointment(
				await this.call({
					method: 'PUT',
					path: `/appointments/${id}`,
					read: false,
					query: { admin: true, noEmail: true },
					body,
					schema: appointmentSchema
				})
			);
		} catch (err) {
			this.refusal(err);
		}
	}

	async cancel(id: string, input: { note?: string; noShow?: boolean } = {}): Promise<ProviderAppointment> {
		if (!numericId(id)) throw notFound();
		try {
			return toAppointment(
				await this.call({
					method: 'PUT',
					path: `/appointments/${id}/cancel`,
					read: false,
					query: { admin: true, noEmail: true },
					body: { ...(input.note ? { cancelNote: input.note } : {}), ...(input.noShow ? { noShow: true } : {}) },
					schema: appointmentSchema
				})
			);
		} catch (err) {
			// Canceling twice is not an error for us: answer with the canceled appointment.
			if (err instanceof AcuityClientError && err.status === 400) {
				const current = await this.get(id);
				if (current?.canceled) return current;
			}
			this.refusal(err);
		}
	}
}
