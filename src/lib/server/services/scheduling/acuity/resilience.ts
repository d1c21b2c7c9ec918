/**
 * How calls to Acuity survive a bad day, on cockatiel's policies:
 * - a circuit breaker: `failureThreshold` consecutive failures (5xx, timeouts, network errors)
 *   open it; while open, calls fail at once without touching the network; after `openMs` one
 *   trial request goes through (half-open; calls arriving meanwhile wait for its outcome) and its
 *   outcome closes or reopens it. Refusals (4xx) and "busy" (429) are not failures.
 * - retries for reads only, with the wait each failed attempt asks for (Acuity's Retry-After, or
 *   exponential backoff with jitter); never while the circuit is not closed.
 * Each attempt says whether it may be retried and after how long (`UpstreamFailure`): the rules
 * (which requests, how long a wait is worth it) are the provider's, the mechanics cockatiel's.
 */
import {
	BrokenCircuitError,
	CircuitState,
	ConsecutiveBreaker,
	DelegateBackoff,
	circuitBreaker,
	handleWhen,
	retry,
	type CircuitBreakerPolicy,
	type RetryPolicy
} from 'cockatiel';
import type { Logger } from '../../../logger';
import { upstreamUnavailable } from '../errors';

/** An attempt that did not get an answer worth reading. */
export class UpstreamFailure extends Error {
	constructor(
		/** `busy` is Acuity's 429: not a failure of the service, so it never opens the circuit. */
		readonly reason: 'server' | 'timeout' | 'network' | 'busy',
		/** How long to wait before the next attempt. */
		readonly waitMs: number,
		/** Whether another attempt is worth making (a read, attempts left, a wait short enough). */
		readonly retryable: boolean
	) {
		super(`Acuity request failed (${reason})`);
	}
}

export type CircuitStatus = 'closed' | 'open' | 'half_open';

export interface ResilienceOptions {
	failureThreshold: number;
	openMs: number;
	/** Extra attempts at most (reads). */
	maxRetries: number;
	logger: Logger;
	/** Told the wait before each retry (tests and metrics). */
	onRetry?: (waitMs: number) => void;
}

export class Resilience {
	private readonly breaker: CircuitBreakerPolicy;
	private readonly retry: RetryPolicy;

	constructor(options: ResilienceOptions) {
		const { logger } = options;
		this.breaker = circuitBreaker(
			handleWhen((err) => err instanceof UpstreamFailure && err.reason !== 'busy'),
			{ halfOpenAfter: options.openMs, breaker: new ConsecutiveBreaker(options.failureThreshold) }
		);
		this.breaker.onBreak(() =>
			logger.warn(
				{ upstream: 'acuity', openMs: options.openMs },
				`Acuity circuit opened after ${options.failureThreshold} consecutive failures, or a failed trial`
			)
		);
		this.breaker.onReset(() => logger.info({ upstream: 'acuity' }, 'Acuity circuit closed: the trial request succeeded'));
		this.retry = retry(
			handleWhen((err) => err instanceof UpstreamFailure && err.retryable && this.breaker.state === CircuitState.Closed),
			{
				maxAttempts: options.maxRetries,
				backoff: new DelegateBackoff((context) =>
					'error' in context.result && context.result.error instanceof UpstreamFailure ? context.result.error.waitMs : 0
				)
			}
		);
		if (options.onRetry) {
			const told = options.onRetry;
			this.retry.onRetry(({ delay }) => told(delay));
		}
	}

	get status(): CircuitStatus {
		const state = this.breaker.state;
		return state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half_open' : 'open';
	}

	/**
	 * Runs `attempt` (numbered from 0) until it answers or may not be retried; `before` runs ahead of
	 * each attempt, outside the breaker (the rate-limit slot). An open circuit and a last failure
	 * both end as upstreamUnavailable(); any other error passes through as it is.
	 */
	async run<T>(before: () => Promise<void>, attempt: (n: number) => Promise<T>): Promise<T> {
		try {
			return await this.retry.execute(async ({ attempt: n }) => {
				await before();
				return this.breaker.execute(() => attempt(n));
			});
		} catch (err) {
			if (err instanceof BrokenCircuitError || err instanceof UpstreamFailure) throw upstreamUnavailable();
			throw err;
		}
	}
}

/** Exponential backoff with jitter: half the ceiling plus up to half again. */
export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Retry-After as seconds (a number, or an HTTP date). */
export function parseRetryAfter(value: string | null): number | undefined {
	if (!value) return undefined;
	if (/^\d+$/.test(value.trim())) return Number(value.trim());
	const at = Date.parse(value);
	return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export const isTimeout = (err: unknown) => err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
