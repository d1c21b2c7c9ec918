import { describe, expect, it } from 'vitest';
import { crossSiteRefusal, isLocalHost, ownOrigins, refusalResponse } from './cross-site';

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

describe('the hosts a demo answers on', () => {
	it('takes addresses and local names, never a public name', () => {
		for (const h of [
			'localhost',
			'127.0.0.1',
			'10.0.0.7',
			'172.16.4.1',
			'192.168.1.20',
			'192.0.2.2',
			'[::1]',
			'[fd12::1]',
			'mac.local',
			'app.localhost'
		])
			expect(isLocalHost(h), h).toBe(true);
		for (const h of ['book.example.com.au', 'localhost.evil.example', 'evil.example', '127.0.0.1.nip.io'])
			expect(isLocalHost(h), h).toBe(false);
	});

	it('adds the address a request was sent to only when local hosts are allowed and it is one', () => {
		const configured = 'http://localhost:3000';
		// adapter-node without ORIGIN calls the request https: the host counts under either scheme.
		expect(ownOrigins(configured, new URL('https://192.168.1.20:3000/sign-in'), true)).toEqual([
			configured,
			'http://192.168.1.20:3000',
			'https://192.168.1.20:3000'
		]);
		expect(ownOrigins(configured, new URL('http://192.168.1.20:3000/sign-in'), false)).toEqual([configured]);
		// A public name pointed at the machine (DNS rebinding) never counts.
		expect(ownOrigins(configured, new URL('http://rebind.evil.example:3000/sign-in'), true)).toEqual([configured]);
		expect(ownOrigins(configured, new URL('http://localhost:3000/sign-in'), true)).toEqual([configured, 'https://localhost:3000']);
	});

	it('says why a form was refused, and which address to use, in the shape the page can show', async () => {
		const request = (headers: Record<string, string>) =>
			new Request('http://localhost:3000/sign-in', { method: 'POST', headers: { origin: 'http://127.0.0.1:3000', ...headers } });
		const enhanced = refusalResponse(request({ 'x-sveltekit-action': 'true' }), 'Refused.', 'http://localhost:3000');
		expect(enhanced.status).toBe(403);
		expect(await enhanced.json()).toEqual({
			type: 'error',
			error: { message: expect.stringContaining('opened at http://127.0.0.1:3000, but the service answers at http://localhost:3000') }
		});
		const plain = refusalResponse(request({ accept: 'text/html' }), 'Refused.', 'http://localhost:3000');
		expect(plain.headers.get('content-type')).toContain('text/html');
		expect(await plain.text()).toContain('open http://localhost:3000 and try again');
		// An Origin that is not a plain origin is never echoed.
		const odd = refusalResponse(
			new Request('http://localhost:3000/x', { method: 'POST', headers: { origin: '<script>', accept: 'text/html' } }),
			'Refused.',
			'http://localhost:3000'
		);
		expect(await odd.text()).not.toContain('<script>');
	});
});
