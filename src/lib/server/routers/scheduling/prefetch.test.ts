import { describe, expect, it, vi } from 'vitest';
import type { App } from '../../app';
import { prefetchTimes, TIMES_PATH } from './prefetch';

const SPECIALIST = '7d2c3a1e-5b4f-4c6d-8e9f-0a1b2c3d4e5f';
const TYPE = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const input = { specialistId: SPECIALIST, appointmentTypeId: TYPE, date: '2027-05-03', timeZone: 'Australia/Sydney' };
const urlOf = (envelope: unknown, path = TIMES_PATH) =>
	new URL(`http://localhost${path}?input=${encodeURIComponent(typeof envelope === 'string' ? envelope : JSON.stringify(envelope))}`);

function fakeApp() {
	const handle = { keys: 'k', values: Promise.resolve(null) };
	const prefetch = vi.fn(() => handle);
	return { app: { scheduling: { prefetchTimes: prefetch } } as unknown as App, prefetch, handle };
}

describe('reading scheduling.times ahead', () => {
	it('starts the read for a GET of scheduling.times alone with a valid input', () => {
		const { app, prefetch, handle } = fakeApp();
		expect(prefetchTimes(app, 'GET', urlOf({ json: input }))).toBe(handle);
		expect(prefetch).toHaveBeenCalledWith(SPECIALIST, TYPE, '2027-05-03', 'Australia/Sydney');
	});

	it('starts nothing for anything else: another method or procedure, a batch, an input not valid or not plain', () => {
		const { app, prefetch } = fakeApp();
		for (const [method, url] of [
			['POST', urlOf({ json: input })],
			['GET', urlOf({ json: input }, '/api/trpc/scheduling.dates')],
			['GET', urlOf({ json: input }, `${TIMES_PATH},scheduling.dates`)],
			['GET', new URL(`http://localhost${TIMES_PATH}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: input } }))}`)],
			['GET', urlOf('{not json')],
			['GET', urlOf(null)],
			['GET', urlOf({ json: { ...input, date: '2027-13-01' } })],
			['GET', urlOf({ json: { ...input, timeZone: 'Mars/Olympus' } })],
			['GET', urlOf({ json: { ...input, extra: 1 } })],
			['GET', urlOf({ json: input, meta: { values: {} } })],
			['GET', new URL(`http://localhost${TIMES_PATH}`)]
		] as const)
			expect(prefetchTimes(app, method, url)).toBeNull();
		expect(prefetch).not.toHaveBeenCalled();
	});
});
