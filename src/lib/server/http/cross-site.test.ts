import { describe, expect, it } from 'vitest';
import { crossSiteRefusal } from './cross-site';

const OWN = ['https://book.example.com.au'];
const post = (path: string, headers: Record<string, string>, method = 'POST') =>
	crossSiteRefusal(
		new Request(`https://book.example.com.au${path}`, { method, headers, body: method === 'GET' ? undefined : 'x=1' }),
		path,
		OWN
	);

describe('the cross-site rule', () => {
	it('accepts an Acuity webhook as Acuity sends it: a form, a signature header and no Origin', () => {
		expect(post('/api/webhooks/acuity', { 'content-type': 'application/x-www-form-urlencoded', 'x-acuity-signature': 'abc' })).toBeNull();
	});

	it('exempts the webhook path exactly, and only for POST', () => {
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		expect(post('/api/webhooks/acuity/', form)).not.toBeNull();
		expect(post('/api/webhooks/acuityx', form)).not.toBeNull();
		expect(post('/api/webhooks', form)).not.toBeNull();
		expect(post('/api/webhooks/acuity', form, 'PUT')).not.toBeNull();
	});

	for (const type of [
		'application/x-www-form-urlencoded',
		'multipart/form-data; boundary=x',
		'text/plain;charset=UTF-8',
		'application/x-sveltekit-formdata'
	]) {
		it(`refuses a ${type.split(';')[0]} post from another origin or with no Origin at all`, () => {
			expect(post('/sign-in', { 'content-type': type, origin: 'https://evil.example' })).toMatch(/form submissions are forbidden/);
			expect(post('/sign-in', { 'content-type': type })).toMatch(/form submissions are forbidden/);
			expect(post('/sign-in', { 'content-type': type, origin: OWN[0]! })).toBeNull();
		});
	}

	it('refuses other bodies from a foreign origin, or marked cross-site by the browser', () => {
		expect(post('/api/trpc/account.me', { 'content-type': 'application/json', origin: 'https://evil.example' })).not.toBeNull();
		expect(post('/api/trpc/account.me', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' })).not.toBeNull();
		expect(post('/api/trpc/account.me', { 'content-type': 'application/json' })).toBeNull();
		expect(post('/api/trpc/account.me', { 'content-type': 'application/json', origin: OWN[0]! })).toBeNull();
	});

	it('lets reads through', () => {
		expect(post('/sign-in', { origin: 'https://evil.example' }, 'GET')).toBeNull();
	});
});
