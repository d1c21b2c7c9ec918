/**
 * PGlite runs each query synchronously on the server's own thread and settles its promise at once,
 * so the queries of the requests being worked on follow one another as microtasks: Node does not get
 * back to its event loop until every one of them is done or waiting on real I/O. Under load that
 * took seconds at a time, while new connections waited unaccepted and new requests unread in the
 * kernel — before the overload gate (http/overload.ts) could see them — until clients gave up
 * (issue #18: timeouts at 100 connections with no 503). One turn of the event loop before each
 * query and each transaction lets sockets be accepted, read and written in between, so every
 * request reaches the gate and waits (or is turned away) there.
 *
 * Queries inside a transaction do not wait for a turn: the transaction holds PGlite for itself
 * anyway, and it should end as soon as it can.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** The methods of a PGlite client that start work on it. */
const ENTRY_POINTS = ['query', 'exec', 'transaction'] as const;

type EntryPoints = Record<(typeof ENTRY_POINTS)[number], (...args: never[]) => Promise<unknown>>;

/** The same client, its query, exec and transaction each starting after one turn of the event loop. */
export function withEventLoopTurns<T extends EntryPoints>(client: T): T {
	const methods = client as unknown as Record<(typeof ENTRY_POINTS)[number], (...args: unknown[]) => Promise<unknown>>;
	for (const name of ENTRY_POINTS) {
		const original = methods[name].bind(client);
		methods[name] = async (...args: unknown[]) => {
			await nextTurn();
			return original(...args);
		};
	}
	return client;
}
