/**
 * Saving a form as it is typed, in the browser: the wizard's examinee step keeps what was typed in
 * the booking draft on the server (encrypted there), never in browser storage or a URL.
 *
 * `createAutosaver` is the timing, free of the DOM: a save goes about 800 ms after the last change,
 * at once on `flush` (a field loses focus), and at most one is in flight — changes made meanwhile go
 * in the next one, read from the form when it is sent, so the last value always wins. A value equal
 * to the one saved (or being saved) is not sent again, so `changed` may be called on any keystroke.
 * When the page is going away (`flush(true)`: hidden, closed, left) the save goes at once with
 * `keepalive`, even past one in flight, since nothing would be left to send it later.
 */

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

/** A failed save; `permanent` when trying again cannot help (the draft has expired, the session has ended). */
export class SaveError extends Error {
	constructor(
		message: string,
		readonly permanent = false
	) {
		super(message);
	}
}

export interface AutosaverOptions<T> {
	/** The value to save, read when a change is noticed and when a save is sent. */
	read: () => T;
	send: (value: T, options: { keepalive: boolean }) => Promise<void>;
	onState: (state: SaveState, message?: string) => void;
	/** Quiet time after the last change before saving. */
	delayMs?: number;
	/** Wait before trying a failed save again (unless it failed for good). */
	retryMs?: number;
	timers?: { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
}

export interface Autosaver {
	/** What the form holds now is what the server has (the page was just shown): nothing to save yet. */
	baseline(): void;
	/** The form may have changed: if it did, save after the quiet time. */
	changed(): void;
	/** Save now if anything is unsaved; `leaving` when the page is going away. Resolves when the save is done (or failed). */
	flush(leaving?: boolean): Promise<void>;
	/** The form is being submitted (which saves it): drop the pending save and wait for the one in flight. */
	settle(): Promise<void>;
	/** The form is gone: send what is unsaved (as when leaving) and do nothing more. */
	stop(): void;
}

export function createAutosaver<T>(options: AutosaverOptions<T>): Autosaver {
	const { read, send, onState, delayMs = 800, retryMs = 5000 } = options;
	const timers = options.timers ?? {
		set: (fn: () => void, ms: number) => setTimeout(fn, ms),
		clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>)
	};
	const keyOf = (v: T) => JSON.stringify(v);
	let timer: unknown = null;
	let stopped = false;
	let inFlight: Promise<void> | null = null;
	/** The value last saved, and the one being saved (serialised). */
	let stored: string | null = null;
	let sending: string | null = null;
	/** Bumped when `stored` is set from outside a save (baseline, submit): an older save finishing then does not overwrite it. */
	let epoch = 0;
	let savedOnce = false;
	const unsaved = (key: string) => key !== (sending ?? stored);

	const clearTimer = () => {
		if (timer !== null) timers.clear(timer);
		timer = null;
	};
	const wait = (ms: number) => {
		clearTimer();
		timer = timers.set(() => {
			timer = null;
			void flush();
		}, ms);
	};

	function flush(leaving = false): Promise<void> {
		clearTimer();
		if (stopped) return inFlight ?? Promise.resolve();
		const value = read();
		const key = keyOf(value);
		if (!unsaved(key)) return inFlight ?? Promise.resolve();
		// One save at a time: the next goes when this one is done, with whatever the form holds then.
		if (inFlight && !leaving) return inFlight.then(() => flush());
		sending = key;
		const at = epoch;
		onState('saving');
		const saving: Promise<void> = send(value, { keepalive: leaving }).then(
			() => {
				if (at === epoch) stored = key;
				savedOnce = true;
				if (inFlight !== saving) return;
				inFlight = null;
				sending = null;
				if (!stopped && !unsaved(keyOf(read()))) onState('saved');
			},
			(err: unknown) => {
				if (inFlight !== saving) return;
				inFlight = null;
				sending = null;
				const permanent = err instanceof SaveError && err.permanent;
				onState('error', err instanceof SaveError ? err.message : undefined);
				if (!permanent && !stopped && timer === null) wait(retryMs);
			}
		);
		inFlight = saving;
		return saving;
	}

	return {
		baseline() {
			epoch++;
			stored = keyOf(read());
		},
		changed() {
			if (stopped) return;
			if (unsaved(keyOf(read()))) {
				onState('pending');
				wait(delayMs);
			} else if (timer !== null && !inFlight) {
				// Typed back to what is saved: nothing to do.
				clearTimer();
				onState(savedOnce ? 'saved' : 'idle');
			}
		},
		flush,
		settle() {
			clearTimer();
			// The submit carries (and keeps) what the form holds.
			epoch++;
			stored = keyOf(read());
			return inFlight ?? Promise.resolve();
		},
		stop() {
			void flush(true);
			stopped = true;
			clearTimer();
		}
	};
}

/** The examinee step's fields as the draft keeps them (the `wizard.keep` procedure's input, without the draft id). */
export function keepPayload(form: FormData, examineeKeys: readonly string[]) {
	const text = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v : '');
	const examinee: Record<string, string> = {};
	for (const k of examineeKeys) examinee[k] = text(form.get(k)).slice(0, 2000);
	const intake: Record<string, string | string[]> = {};
	for (const k of new Set(form.keys())) {
		if (!/^q_[A-Za-z0-9_-]{1,60}$/.test(k)) continue;
		const all = form.getAll(k).map(text);
		intake[k] = all.length > 1 ? all.slice(0, 20).map((v) => v.slice(0, 200)) : (all[0] ?? '').slice(0, 2000);
	}
	return { examinee, intake };
}

/**
 * Keep the draft's typing through the `wizard.keep` procedure (the body, never the URL, carries it).
 * Rejects with a SaveError saying why.
 */
export async function keepDraft(
	draftId: string,
	payload: ReturnType<typeof keepPayload>,
	{ keepalive }: { keepalive: boolean },
	fetcher: typeof fetch = fetch
): Promise<void> {
	let res: Response;
	try {
		res = await fetcher('/api/trpc/wizard.keep', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ json: { draftId, ...payload } }),
			credentials: 'same-origin',
			keepalive
		});
	} catch {
		throw new SaveError('Not saved — check your connection.');
	}
	if (res.ok) return;
	if (res.status >= 500 || res.status === 408 || res.status === 429) throw new SaveError('Not saved — check your connection.');
	const body = (await res.json().catch(() => null)) as { error?: { json?: { message?: unknown } } } | null;
	const message = body?.error?.json?.message;
	throw new SaveError(
		res.status === 401
			? 'Not saved — you have been signed out. Sign in again to continue.'
			: `Not saved — ${typeof message === 'string' && message.length <= 200 ? message : 'the details could not be kept.'}`,
		true
	);
}
