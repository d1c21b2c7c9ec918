/**
 * A page that reads one booking through several procedures (the booking detail: the booking
 * itself, its documents, its logistics) would read the same row in the same scope once per
 * procedure. Inside `sharingBookingReads` those reads are made once: the first read's answer
 * (a fresh copy each time) is given to the others. Only for work that reads and does not write
 * the booking in between; a form action's change is made before the page's load starts its own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Executor } from './client';
import type { Scope } from '../auth/scope';

type Reads = Map<Executor, Map<string, Promise<unknown>>>;
const shared = new AsyncLocalStorage<Reads>();

/** Runs `work` with booking reads (same executor, scope and id) made once. */
export function sharingBookingReads<T>(work: () => Promise<T>): Promise<T> {
	return shared.run(new Map(), work);
}

/** `read()`, or the answer of the same read already made inside `sharingBookingReads`. */
export async function sharedBookingRead<Row extends object>(
	exec: Executor,
	scope: Scope,
	id: string,
	read: () => Promise<Row | null>
): Promise<Row | null> {
	const reads = shared.getStore();
	if (!reads) return read();
	let mine = reads.get(exec);
	if (!mine) reads.set(exec, (mine = new Map()));
	const key = `${JSON.stringify(scope)}|${id}`;
	let pending = mine.get(key) as Promise<Row | null> | undefined;
	if (!pending) {
		pending = read();
		mine.set(key, pending);
		// A failed read is not shared: the next one tries again.
		pending.catch(() => mine.delete(key));
	}
	const row = await pending;
	return row && { ...row };
}
