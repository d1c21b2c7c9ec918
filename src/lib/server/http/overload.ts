/**
 * Load shedding, per instance: at most `maxInFlight` requests are worked on at once, at most
 * `maxQueued` more wait (first come, first served) for at most `maxWaitMs`; anything beyond is
 * answered at once with 503 and `Retry-After`, instead of queueing until the client gives up.
 * A newcomer who would wait longer than `maxWaitMs` by the current pace (the time between turns
 * while every place is taken, times the waiters ahead of it) is turned away at once too, rather
 * than after waiting `maxWaitMs` for nothing.
 * The embedded database runs one query at a time on the server's own thread, so a queue there
 * only adds latency; PostgreSQL takes more at once (defaults in `overloadDefaults`).
 */

export interface OverloadSettings {
	/** Requests worked on at once. */
	maxInFlight: number;
	/** Requests waiting for a turn; 0: none wait. */
	maxQueued: number;
	/** The longest a request waits for a turn before it is turned away. */
	maxWaitMs: number;
}

/** The defaults, by database: PGlite is single-threaded (and on the request thread), PostgreSQL is not. */
export function overloadDefaults(database: 'pglite' | 'postgres'): OverloadSettings {
	return database === 'pglite' ? { maxInFlight: 8, maxQueued: 128, maxWaitMs: 3000 } : { maxInFlight: 64, maxQueued: 256, maxWaitMs: 3000 };
}

/** A timer the limiter can cancel; injectable so tests decide when time passes. */
export type StartTimer = (fire: () => void, ms: number) => () => void;

const realTimer: StartTimer = (fire, ms) => {
	const t = setTimeout(fire, ms);
	t.unref?.();
	return () => clearTimeout(t);
};

/** A clock in milliseconds; injectable so tests decide when time passes. */
export type Clock = () => number;

/** Weight of the newest sample in the running estimate of the time between turns. */
const PACE_WEIGHT = 0.2;

interface Waiter {
	admit: (admitted: boolean) => void;
	cancel: () => void;
}

export class ConcurrencyLimiter {
	#inFlight = 0;
	readonly #queue: Waiter[] = [];
	/** Running estimate of the time between two turns while every place is taken; unknown at first. */
	#paceMs: number | undefined;
	/** When it was last measured: an estimate older than the longest wait is not used. */
	#pacedAt = 0;
	/** When the last turn passed straight to a waiter (every place stayed taken since); undefined otherwise. */
	#lastHandover: number | undefined;
	/** Shutting down: no more turns are given; `drained` waits for the ones given. */
	#closed = false;
	readonly #onIdle: (() => void)[] = [];

	constructor(
		readonly settings: OverloadSettings,
		private readonly startTimer: StartTimer = realTimer,
		private readonly now: Clock = () => performance.now()
	) {
		if (!(settings.maxInFlight >= 1) || !(settings.maxQueued >= 0) || !(settings.maxWaitMs >= 0))
			throw new RangeError('overload settings: maxInFlight ≥ 1, maxQueued ≥ 0, maxWaitMs ≥ 0');
	}

	get inFlight() {
		return this.#inFlight;
	}

	get queued() {
		return this.#queue.length;
	}

	/** How long a newcomer would wait for a turn at the current pace; 0 when a place is free or the pace is not known yet. */
	get expectedWaitMs(): number {
		if (this.#inFlight < this.settings.maxInFlight || this.#paceMs === undefined) return 0;
		if (this.now() - this.#pacedAt > this.settings.maxWaitMs) return 0;
		return (this.#queue.length + 1) * this.#paceMs;
	}

	/**
	 * A turn: true once the request may go ahead (then `release()` exactly once when done), false
	 * when it is turned away (the queue is full, its wait would be too long, or the wait ran out).
	 * Never rejects.
	 */
	acquire(): Promise<boolean> | boolean {
		if (this.#closed) return false;
		if (this.#inFlight < this.settings.maxInFlight && this.#queue.length === 0) {
			this.#inFlight++;
			return true;
		}
		if (this.#queue.length >= this.settings.maxQueued) return false;
		// Its turn would come too late anyway: say so now, not after the whole wait.
		if (this.expectedWaitMs > this.settings.maxWaitMs) return false;
		return new Promise<boolean>((resolve) => {
			const waiter: Waiter = {
				admit: resolve,
				cancel: this.startTimer(() => {
					const i = this.#queue.indexOf(waiter);
					if (i >= 0) this.#queue.splice(i, 1);
					resolve(false);
				}, this.settings.maxWaitMs)
			};
			this.#queue.push(waiter);
		});
	}

	/** The end of an admitted request: the next waiter (if any) takes its turn. */
	release(): void {
		this.#measurePace();
		const next = this.#queue.shift();
		if (next) {
			// The turn passes straight on: in flight stays the same.
			next.cancel();
			next.admit(true);
			return;
		}
		if (this.#inFlight === 0) throw new Error('release() without a matching acquire()');
		this.#inFlight--;
		if (this.#inFlight === 0) for (const idle of this.#onIdle.splice(0)) idle();
	}

	/**
	 * Shutting down: requests still waiting are turned away (503), none is admitted any more, and the
	 * answer comes once every admitted request has finished (true) or after `timeoutMs` (false). The
	 * database closes after this, not under requests still using it.
	 */
	drained(timeoutMs: number): Promise<boolean> {
		this.#closed = true;
		for (const waiter of this.#queue.splice(0)) {
			waiter.cancel();
			waiter.admit(false);
		}
		if (this.#inFlight === 0) return Promise.resolve(true);
		return new Promise((resolve) => {
			const done = (ok: boolean) => {
				stop();
				const i = this.#onIdle.indexOf(idle);
				if (i >= 0) this.#onIdle.splice(i, 1);
				resolve(ok);
			};
			const idle = () => done(true);
			const stop = this.startTimer(() => done(false), timeoutMs);
			this.#onIdle.push(idle);
		});
	}

	/** The time since the previous turn passed to a waiter (every place taken in between): how fast turns come under load. */
	#measurePace() {
		const now = this.now();
		if (this.#lastHandover !== undefined) {
			const sample = Math.max(0, now - this.#lastHandover);
			this.#paceMs = this.#paceMs === undefined ? sample : this.#paceMs + PACE_WEIGHT * (sample - this.#paceMs);
			this.#pacedAt = now;
		}
		this.#lastHandover = this.#queue.length > 0 ? now : undefined;
	}
}

/** Never shed: the health check (a load balancer must see the instance alive and busy, not dead) and metrics. */
export const isExemptFromShedding = (path: string) => path === '/api/health' || path === '/metrics' || path.startsWith('/_app/');

/** What a turned-away request is told: 503, try again in a second; JSON for the API, a short page otherwise. */
export function overloadResponse(path: string, requestId: string): Response {
	const message = 'The service is busy. Please try again in a moment.';
	const headers = { 'retry-after': '1', 'cache-control': 'no-store' };
	if (path.startsWith('/api/'))
		return new Response(JSON.stringify({ message, requestId }), {
			status: 503,
			headers: { ...headers, 'content-type': 'application/json' }
		});
	const html = `<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Busy, please try again</title></head><body><h1>Busy, please try again</h1><p>${message} Nothing you entered was sent.</p><p><a href="">Try again</a></p></body></html>`;
	return new Response(html, { status: 503, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}
