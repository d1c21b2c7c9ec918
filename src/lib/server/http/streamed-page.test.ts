import { describe, expect, it } from 'vitest';
import { streamedPage } from './streamed-page';

describe('streamedPage', () => {
	it('gives a GET page a settled late value (SvelteKit streams it instead of hashing it)', async () => {
		const data = streamedPage({ request: new Request('http://x.test/bookings') });
		expect(data.streamed).toBeInstanceOf(Promise);
		await expect(data.streamed).resolves.toBeNull();
	});

	it('gives a form action nothing: its answer keeps its status (a streamed page is always 200)', () => {
		expect(streamedPage({ request: new Request('http://x.test/bookings?/search', { method: 'POST' }) })).toEqual({});
	});
});
