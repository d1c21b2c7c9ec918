/**
 * The wizard asks for available times more than anything else: hooks.server.ts starts that call's
 * cache read while the request's session is still being read (one round trip to the database and
 * one to the cache at once, instead of one after the other). What is read is handed to the
 * procedure, which runs after its guard as always and uses it only when asking for the very same
 * keys; a request refused, or one this does not recognise, just never uses it.
 */
import { timesQuery } from '$lib/schemas/scheduling';
import type { App } from '../../app';
import type { PrefetchedRead } from '../../services/scheduling/availability-cache';

export const TIMES_PATH = '/api/trpc/scheduling.times';

/** For a GET of `scheduling.times` alone (not in a batch) with a valid input: its cache read, started now; else null. */
export function prefetchTimes(app: App, method: string, url: URL): PrefetchedRead | null {
	if (method !== 'GET' || url.pathname !== TIMES_PATH) return null;
	const raw = url.searchParams.get('input');
	if (!raw || raw.length > 1000) return null;
	let envelope: unknown;
	try {
		envelope = JSON.parse(raw);
	} catch {
		return null;
	}
	if (envelope === null || typeof envelope !== 'object' || 'meta' in envelope) return null;
	const input = timesQuery.safeParse((envelope as { json?: unknown }).json);
	if (!input.success) return null;
	const { specialistId, appointmentTypeId, date, timeZone } = input.data;
	return app.scheduling.prefetchTimes(specialistId, appointmentTypeId, date, timeZone);
}
