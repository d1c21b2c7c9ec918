import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { SaveError, createAutosaver, keepDraft, keepPayload, type SaveState } from './autosave';

/** An autosaver over a value the test changes, whose sends the test answers one by one. */
function harness(options: { retryMs?: number } = {}) {
	let value = '';
	const sends: { value: string; keepalive: boolean; resolve: () => void; reject: (e: unknown) => void }[] = [];
	const states: SaveState[] = [];
	let open = 0;
	let maxOpen = 0;
	const saver = createAutosaver({
		read: () => value,
		send: (v, { keepalive }) =>
			new Promise<void>((resolve, reject) => {
				open++;
				maxOpen = Math.max(maxOpen, open);
				const done = () => open--;
				sends.push({
					value: v,
					keepalive,
					resolve: () => (done(), resolve()),
					reject: (e) => (done(), reject(e))
				});
			}),
		onState: (s) => states.push(s),
		...options
	});
	return {
		saver,
		sends,
		states,
		type: (v: string) => {
			value = v;
			saver.changed();
		},
		get maxOpen() {
			return maxOpen;
		}
	};
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createAutosaver', () => {
	it('saves once, 800 ms after the last change, with the last value', async () => {
		const h = harness();
		h.type('J');
		await vi.advanceTimersByTimeAsync(500);
		h.type('Jo');
		await vi.advanceTimersByTimeAsync(799);
		expect(h.sends).toHaveLength(0);
		expect(h.states.at(-1)).toBe('pending');
		await vi.advanceTimersByTimeAsync(1);
		expect(h.sends.map((s) => s.value)).toEqual(['Jo']);
		expect(h.states.at(-1)).toBe('saving');
		h.sends[0]!.resolve();
		await vi.advanceTimersByTimeAsync(0);
		expect(h.states.at(-1)).toBe('saved');
	});

	it('keeps one save in flight; what was typed meanwhile goes next, read when it is sent', async () => {
		const h = harness();
		h.type('a');
		await vi.advanceTimersByTimeAsync(800);
		h.type('ab');
		await vi.advanceTimersByTimeAsync(800);
		h.type('abc');
		await vi.advanceTimersByTimeAsync(2000);
		expect(h.sends).toHaveLength(1);
		h.sends[0]!.resolve();
		await vi.advanceTimersByTimeAsync(0);
		expect(h.sends.map((s) => s.value)).toEqual(['a', 'abc']);
		expect(h.states.at(-1)).toBe('saving');
		h.sends[1]!.resolve();
		await vi.advanceTimersByTimeAsync(0);
		expect(h.states.at(-1)).toBe('saved');
		expect(h.maxOpen).toBe(1);
	});

	it('saves at once on flush (a field loses focus), and not at all when nothing changed', async () => {
		const h = harness();
		h.saver.baseline();
		await h.saver.flush();
		h.type('');
		await vi.advanceTimersByTimeAsync(5000);
		expect(h.sends).toHaveLength(0);
		expect(h.states).toEqual([]);
		h.type('x');
		void h.saver.flush();
		expect(h.sends.map((s) => [s.value, s.keepalive])).toEqual([['x', false]]);
		await vi.advanceTimersByTimeAsync(5000);
		expect(h.sends).toHaveLength(1);
	});

	it('does nothing when the typing goes back to what is saved', async () => {
		const h = harness();
		h.saver.baseline();
		h.type('Jo');
		h.type('');
		await vi.advanceTimersByTimeAsync(5000);
		expect(h.sends).toHaveLength(0);
		expect(h.states).toEqual(['pending', 'idle']);
		h.type('Jo');
		await vi.advanceTimersByTimeAsync(800);
		h.sends[0]!.resolve();
		await vi.advanceTimersByTimeAsync(0);
		h.type('Jon');
		h.type('Jo');
		await vi.advanceTimersByTimeAsync(5000);
		expect(h.sends).toHaveLength(1);
		expect(h.states.at(-1)).toBe('saved');
	});

	it('sends with keepalive at once when the page is going away, even past a save in flight', async () => {
		const h = harness();
		h.type('first');
		void h.saver.flush();
		h.type('second');
		void h.saver.flush(true);
		expect(h.sends.map((s) => [s.value, s.keepalive])).toEqual([
			['first', false],
			['second', true]
		]);
		// The older save finishing does not claim the newer one is saved.
		h.sends[0]!.resolve();
		await vi.advanceTimersByTimeAsync(0);
		expect(h.states.at(-1)).toBe('saving');
		h.sends[1]!.resolve();
		await vi.advanceTimersByTimeAsync(0);
		expect(h.states.at(-1)).toBe('saved');
	});

	it('says a save failed and tries again later, unless it failed for good', async () => {
		const h = harness({ retryMs: 5000 });
		h.type('v1');
		void h.saver.flush();
		h.sends[0]!.reject(new SaveError('Not saved — check your connection.'));
		await vi.advanceTimersByTimeAsync(0);
		expect(h.states.at(-1)).toBe('error');
		await vi.advanceTimersByTimeAsync(5000);
		expect(h.sends.map((s) => s.value)).toEqual(['v1', 'v1']);
		h.sends[1]!.reject(new SaveError('Not saved — the draft has expired.', true));
		await vi.advanceTimersByTimeAsync(60_000);
		expect(h.sends).toHaveLength(2);
		expect(h.states.at(-1)).toBe('error');
	});

	it('drops the pending save when the form is submitted, and waits for the one in flight', async () => {
		const h = harness();
		h.type('a');
		void h.saver.flush();
		h.type('ab');
		let settled = false;
		void h.saver.settle().then(() => (settled = true));
		await vi.advanceTimersByTimeAsync(0);
		expect(settled).toBe(false);
		h.sends[0]!.resolve();
		await vi.advanceTimersByTimeAsync(2000);
		expect(settled).toBe(true);
		expect(h.sends).toHaveLength(1);
		// Nothing is left to send when the page then goes.
		h.saver.stop();
		expect(h.sends).toHaveLength(1);
	});

	it('sends what is unsaved when stopped, then nothing more', async () => {
		const h = harness();
		h.type('last words');
		h.saver.stop();
		expect(h.sends.map((s) => [s.value, s.keepalive])).toEqual([['last words', true]]);
		h.type('ignored');
		await vi.advanceTimersByTimeAsync(5000);
		expect(h.sends).toHaveLength(1);
	});

	it('whatever the typing and the network do, one save at a time and the last value is the one kept', async () => {
		const step = fc.oneof(
			fc.record({ kind: fc.constant('type' as const), text: fc.string({ maxLength: 4 }) }),
			fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 1500 }) }),
			fc.record({ kind: fc.constant('answer' as const), ok: fc.boolean() }),
			fc.record({ kind: fc.constant('blur' as const) })
		);
		await fc.assert(
			fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
				const h = harness({ retryMs: 1000 });
				let typed = '';
				const stored: string[] = [];
				const answered = new Set<number>();
				const answer = (i: number, ok: boolean) => {
					answered.add(i);
					if (ok) {
						stored.push(h.sends[i]!.value);
						h.sends[i]!.resolve();
					} else h.sends[i]!.reject(new SaveError('offline'));
				};
				for (const s of steps) {
					if (s.kind === 'type') h.type((typed += s.text));
					else if (s.kind === 'wait') await vi.advanceTimersByTimeAsync(s.ms);
					else if (s.kind === 'blur') void h.saver.flush();
					else {
						const i = h.sends.findIndex((_, k) => !answered.has(k));
						if (i >= 0) answer(i, s.ok);
					}
					await vi.advanceTimersByTimeAsync(0);
				}
				// Then the network comes back: answer everything until the saver is quiet.
				for (let n = 0; n < 50; n++) {
					const i = h.sends.findIndex((_, k) => !answered.has(k));
					if (i >= 0) answer(i, true);
					await vi.advanceTimersByTimeAsync(1000);
				}
				expect(h.maxOpen).toBeLessThanOrEqual(1);
				if (typed !== '' || h.sends.length) expect(stored.at(-1) ?? '').toBe(typed);
				if (h.sends.length) expect(h.states.at(-1)).toBe('saved');
			}),
			{ numRuns: 150 }
		);
	});
});

describe('keepPayload', () => {
	it('takes the examinee fields as typed, and the intake answers, several values as a list', () => {
		const f = new FormData();
		f.set('givenNames', 'Jordan ');
		f.set('phone', 'call me');
		f.set('q_123', 'Lower back');
		f.append('q_multi', 'a');
		f.append('q_multi', 'b');
		f.set('q_bad key', 'x');
		f.set('somethingElse', 'y');
		expect(keepPayload(f, ['givenNames', 'familyName', 'phone'])).toEqual({
			examinee: { givenNames: 'Jordan ', familyName: '', phone: 'call me' },
			intake: { q_123: 'Lower back', q_multi: ['a', 'b'] }
		});
	});

	it('cuts values to what the procedure accepts', () => {
		const f = new FormData();
		f.set('address', 'x'.repeat(3000));
		f.set('q_long', 'y'.repeat(3000));
		const p = keepPayload(f, ['address']);
		expect(p.examinee.address).toHaveLength(2000);
		expect(p.intake.q_long).toHaveLength(2000);
	});
});

describe('keepDraft', () => {
	const payload = { examinee: { givenNames: 'Jordan' }, intake: {} };
	const draftId = '11111111-1111-4111-8111-111111111111';

	it('posts the typing in the body of wizard.keep, never in the URL', async () => {
		const calls: [string, RequestInit][] = [];
		const fetcher = (async (url: string, init: RequestInit) => {
			calls.push([url, init]);
			return new Response('{"result":{"data":{"json":{"ok":true}}}}', { status: 200 });
		}) as unknown as typeof fetch;
		await keepDraft(draftId, payload, { keepalive: true }, fetcher);
		const [url, init] = calls[0]!;
		expect(url).toBe('/api/trpc/wizard.keep');
		expect(url).not.toContain('Jordan');
		expect(init.keepalive).toBe(true);
		expect(JSON.parse(init.body as string)).toEqual({ json: { draftId, ...payload } });
	});

	it('names why a save failed, and whether trying again can help', async () => {
		const answering = (status: number, body = '') => (async () => new Response(body, { status })) as unknown as typeof fetch;
		const offline = (async () => {
			throw new TypeError('Failed to fetch');
		}) as unknown as typeof fetch;
		await expect(keepDraft(draftId, payload, { keepalive: false }, offline)).rejects.toMatchObject({
			message: 'Not saved — check your connection.',
			permanent: false
		});
		await expect(keepDraft(draftId, payload, { keepalive: false }, answering(503))).rejects.toMatchObject({ permanent: false });
		await expect(
			keepDraft(draftId, payload, { keepalive: false }, answering(404, '{"error":{"json":{"message":"This booking draft has expired."}}}'))
		).rejects.toMatchObject({ message: 'Not saved — This booking draft has expired.', permanent: true });
		await expect(keepDraft(draftId, payload, { keepalive: false }, answering(401))).rejects.toMatchObject({
			message: expect.stringContaining('signed out'),
			permanent: true
		});
	});
});
