/**
 * The HTTP answer when the scheduling provider is down or busy. tRPC 10 maps its codes itself (and
 * has no 503), so a provider outage would go out as 408 — a client-timeout code that browsers may
 * silently resend. Here it becomes 503 with Retry-After, and the provider's own 429 becomes 429 with
 * the wait it asked for.
 */
import type { TRPCError } from '@trpc/server';
import { SchedulingError } from '../services/scheduling/errors';

const OUTAGE_RETRY_SECONDS = 30;

export function upstreamTrouble(errors: readonly TRPCError[]): { status?: number; headers?: Record<string, string> } {
	for (const e of errors) {
		const cause = e.cause;
		if (!(cause instanceof SchedulingError)) continue;
		if (cause.kind === 'upstream_unavailable')
			return { status: 503, headers: { 'retry-after': String(cause.retryAfterSeconds ?? OUTAGE_RETRY_SECONDS) } };
		if (cause.kind === 'rate_limited')
			return { status: 429, headers: { 'retry-after': String(Math.max(1, cause.retryAfterSeconds ?? 5)) } };
	}
	return {};
}

/** The HTTP status of a procedure's error, for pages and form actions: as above for provider trouble. */
export function httpStatusOf(err: TRPCError, tRPCStatus: (e: TRPCError) => number): number {
	return upstreamTrouble([err]).status ?? tRPCStatus(err);
}
