/**
 * PostgreSQL's error codes that we turn into answers, and the one policy for running a write again
 * when the database says that doing so may succeed. The same codes come from PGlite.
 */
import { handleWhen, retry } from 'cockatiel';

export const UNIQUE_VIOLATION = '23505';
/** An exclusion constraint refused the row (the appointments' no-overlap constraint). */
export const EXCLUSION_VIOLATION = '23P01';
/** PostgreSQL aborted this transaction to break a deadlock; the other one goes on. */
export const DEADLOCK = '40P01';

/** The SQLSTATE of a database error, however deeply the driver or Drizzle wrapped it. */
export function pgCode(err: unknown): string | undefined {
	let e: unknown = err;
	for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
		e = (e as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * Runs a write (a statement, or a whole transaction that is safe to run twice) again when it fails
 * with one of `codes`, up to `retries` more times. A deadlock's victim, run again, now waits for the
 * other writer and sees what it did; so does a write that lost a race for a unique key.
 */
export function retryingOn(codes: readonly string[], retries = 2) {
	return retry(
		handleWhen((err) => codes.includes(pgCode(err) ?? '')),
		{ maxAttempts: retries }
	);
}
