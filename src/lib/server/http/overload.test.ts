import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter, isExemptFromShedding, overloadDefaults, overloadResponse, type StartTimer } from './overload';

/** Timers that fire only when the test says so. */
function fakeTimers() {
	const pending = new Set<{ fire: () => void; ms: number }>();
	const start: StartTimer = (fire, ms) => {
		const t = { fire, ms };
		pending.add(t);
		return () => pending.delete(t);
	};
	const fireAll = () => {
		for (const t of [...pending]) {
			pending.delete(t);
			t.fire();
		}
	};
	return { start, pending, fireAll };
}

/** Whether a promise has settled yet, without waiting for time to pass. */
async function settled<T>(p: Promise<T> | T): Promise<{ done: boolean; value?: T }> {
	const marker = Symbol();
	const value = await Promise.race([p, Promise.resolve(marker)]);
	return value === marker ? { done: false } : { done: true, value: value as T };
}

describe('ConcurrencyLimiter', () => {
	it('admits up to maxInFlight at once without waiting', () => {
		const l = new ConcurrencyLimiter({ maxInFlight: 2, maxQueued: 0, maxWaitMs: 1000 }, fakeTimers().start);
		expect(l.acquire()).toBe(true);
		expect(l.acquire()).toBe(true);
		expect(l.inFlight).toBe(2);
	});

	it('turns a request away at once when the queue is full', () => {
		const l = new ConcurrencyLimiter({ maxInFlight: 1, maxQueued: 1, maxWaitMs: 1000 }, fakeTimers().start);
		expect(l.acquire()).toBe(true);
		const waiting = l.acquire();
		expect(waiting).toBeInstanceOf(Promise);
		expect(l.acquire()).toBe(false);
		expect(l.queued).toBe(1);
	});

	it('passes a released turn to the oldest waiter, first come first served', async () => {
		const timers = fakeTimers();
		const l = new ConcurrencyLimiter({ maxInFlight: 1, maxQueued: 5, maxWaitMs: 1000 }, timers.start);
		expect(l.acquire()).toBe(true);
		const first = l.acquire();
		const second = l.acquire();
		expect(await settled(first)).toEqual({ done: false });
		l.release();
		expect(await settled(first)).toEqual({ done: true, value: true });
		expect(await settled(second)).toEqual({ done: false });
		expect(l.inFlight).toBe(1);
		// The admitted waiter's timer is cancelled: only the second one's is left.
		expect(timers.pending.size).toBe(1);
		l.release();
		expect(await settled(second)).toEqual({ done: true, value: true });
		l.release();
		expect(l.inFlight).toBe(0);
		expect(l.queued).toBe(0);
	});

	it('turns a waiter away when its wait runs out, with the configured wait', async () => {
		const timers = fakeTimers();
		const l = new ConcurrencyLimiter({ maxInFlight: 1, maxQueued: 5, maxWaitMs: 2500 }, timers.start);
		expect(l.acquire()).toBe(true);
		const waiting = l.acquire();
		expect([...timers.pending].map((t) => t.ms)).toEqual([2500]);
		timers.fireAll();
		expect(await settled(waiting)).toEqual({ done: true, value: false });
		expect(l.queued).toBe(0);
		// The running request's release frees its slot (nobody waits any more).
		l.release();
		expect(l.inFlight).toBe(0);
	});

	it('does not let a newcomer overtake waiters when a slot frees', async () => {
		const l = new ConcurrencyLimiter({ maxInFlight: 1, maxQueued: 5, maxWaitMs: 1000 }, fakeTimers().start);
		expect(l.acquire()).toBe(true);
		const waiting = l.acquire();
		l.release();
		// The slot went to the waiter; a newcomer queues behind nobody but still has to wait.
		expect(await settled(waiting)).toEqual({ done: true, value: true });
		expect(l.acquire()).toBeInstanceOf(Promise);
	});

	it('turns a newcomer away at once when its wait at the current pace would pass the limit', async () => {
		const timers = fakeTimers();
		let now = 0;
		const l = new ConcurrencyLimiter({ maxInFlight: 1, maxQueued: 100, maxWaitMs: 1000 }, timers.start, () => now);
		expect(l.acquire()).toBe(true);
		const waiters = [l.acquire(), l.acquire(), l.acquire()];
		// Turns come every 300 ms: the first waiter is let in at 300, the second at 600.
		now = 300;
		l.release();
		now = 600;
		l.release();
		expect(await settled(waiters[0]!)).toEqual({ done: true, value: true });
		expect(await settled(waiters[1]!)).toEqual({ done: true, value: true });
		// One waits (its turn ~300 ms away); a newcomer behind it would wait ~600 ms, then ~900 ms: queued.
		expect(l.expectedWaitMs).toBe(600);
		const fourth = l.acquire();
		const fifth = l.acquire();
		expect(fourth).toBeInstanceOf(Promise);
		expect(fifth).toBeInstanceOf(Promise);
		// Behind three waiters it would be ~1200 ms: refused at once, without starting a wait.
		const pendingTimers = timers.pending.size;
		expect(l.acquire()).toBe(false);
		expect(timers.pending.size).toBe(pendingTimers);
		expect(l.queued).toBe(3);
	});

	it('does not count time with a free place as the pace of turns', async () => {
		let now = 0;
		const l = new ConcurrencyLimiter({ maxInFlight: 1, maxQueued: 10, maxWaitMs: 1000 }, fakeTimers().start, () => now);
		expect(l.acquire()).toBe(true);
		const waiting = l.acquire();
		now = 100;
		l.release(); // the turn passes to the waiter
		expect(await settled(waiting)).toEqual({ done: true, value: true });
		now = 200;
		l.release(); // 100 ms after the last handover: the pace is 100 ms; the place is now free
		// An idle minute, then a new burst: the gap is not a turn.
		now = 60_200;
		expect(l.acquire()).toBe(true);
		const [c, d] = [l.acquire(), l.acquire()];
		now = 60_300;
		l.release();
		now = 60_400;
		l.release();
		expect(await settled(c)).toEqual({ done: true, value: true });
		expect(await settled(d)).toEqual({ done: true, value: true });
		// Still 100 ms a turn (a minute counted as a turn would make it ~12 s): a newcomer waits ~100 ms.
		expect(l.expectedWaitMs).toBe(100);
	});

	it('forgets a pace older than the longest wait (a past stall does not refuse the next burst)', async () => {
		let now = 0;
		const l = new ConcurrencyLimiter({ maxInFlight: 1, maxQueued: 10, maxWaitMs: 1000 }, fakeTimers().start, () => now);
		expect(l.acquire()).toBe(true);
		const [a, b] = [l.acquire(), l.acquire()];
		now = 5000;
		l.release();
		now = 10_000; // a stall: turns 5 s apart
		l.release();
		expect(await settled(a)).toEqual({ done: true, value: true });
		expect(await settled(b)).toEqual({ done: true, value: true });
		expect(l.acquire()).toBe(false); // ~5 s away: refused at once
		now = 11_001;
		expect(l.expectedWaitMs).toBe(0);
		expect(l.acquire()).toBeInstanceOf(Promise);
	});

	it('refuses a release without an acquire and nonsense settings', () => {
		const l = new ConcurrencyLimiter({ maxInFlight: 1, maxQueued: 0, maxWaitMs: 0 }, fakeTimers().start);
		expect(() => l.release()).toThrow(/without a matching acquire/);
		expect(() => new ConcurrencyLimiter({ maxInFlight: 0, maxQueued: 0, maxWaitMs: 0 })).toThrow(RangeError);
	});
});

describe('ConcurrencyLimiter at shutdown', () => {
	it('turns waiters away, admits nobody new, and answers once the admitted requests have finished', async () => {
		const timers = fakeTimers();
		const l = new ConcurrencyLimiter({ maxInFlight: 2, maxQueued: 5, maxWaitMs: 1000 }, timers.start);
		expect(l.acquire()).toBe(true);
		expect(l.acquire()).toBe(true);
		const waiting = l.acquire();
		const drained = l.drained(5000);
		expect(await settled(waiting)).toEqual({ done: true, value: false });
		expect(l.acquire()).toBe(false);
		l.release();
		expect(await settled(drained)).toEqual({ done: false });
		l.release();
		expect(await settled(drained)).toEqual({ done: true, value: true });
		expect(timers.pending.size).toBe(0);
	});

	it('answers at once when nothing is at work, and gives up after its time when something hangs', async () => {
		const timers = fakeTimers();
		const idle = new ConcurrencyLimiter({ maxInFlight: 1, maxQueued: 0, maxWaitMs: 1000 }, timers.start);
		expect(await idle.drained(5000)).toBe(true);
		const busy = new ConcurrencyLimiter({ maxInFlight: 1, maxQueued: 0, maxWaitMs: 1000 }, timers.start);
		expect(busy.acquire()).toBe(true);
		const drained = busy.drained(5000);
		expect(await settled(drained)).toEqual({ done: false });
		timers.fireAll();
		expect(await settled(drained)).toEqual({ done: true, value: false });
		// The hung request may still finish later without harm.
		busy.release();
		expect(busy.inFlight).toBe(0);
	});
});

describe('overload answers', () => {
	it('are 503 with Retry-After, JSON for the API', async () => {
		const api = overloadResponse('/api/trpc/account.me', 'req-1');
		expect(api.status).toBe(503);
		expect(api.headers.get('retry-after')).toBe('1');
		expect(api.headers.get('content-type')).toBe('application/json');
		expect(await api.json()).toEqual({ message: 'The service is busy. Please try again in a moment.', requestId: 'req-1' });
	});

	it('are a short page for a page', async () => {
		const page = overloadResponse('/bookings', 'req-2');
		expect(page.status).toBe(503);
		expect(page.headers.get('retry-after')).toBe('1');
		expect(page.headers.get('cache-control')).toBe('no-store');
		expect(await page.text()).toContain('Busy, please try again');
	});

	it('never apply to the health check or metrics', () => {
		expect(isExemptFromShedding('/api/health')).toBe(true);
		expect(isExemptFromShedding('/metrics')).toBe(true);
		expect(isExemptFromShedding('/api/trpc/account.me')).toBe(false);
		expect(isExemptFromShedding('/bookings')).toBe(false);
	});

	it('default to little concurrency on the embedded database and more on PostgreSQL', () => {
		expect(overloadDefaults('pglite').maxInFlight).toBeLessThan(overloadDefaults('postgres').maxInFlight);
	});
});
