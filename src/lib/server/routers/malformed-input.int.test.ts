/**
 * Malformed JSON, wrong types, unknown and oversized fields thrown at every procedure through
 * the same HTTP handler production mounts: always an answer below 500, and every refusal says
 * what was wrong without a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RequestEvent } from '@sveltejs/kit';
import { createTRPCHandle } from 'trpc-sveltekit';
import { appRouter } from './_app';
import { createContext } from '../trpc';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed';
import { createTestApp, localsOf, requestFrom, signIn, type TestApp } from '../testing/app';
import type { SignedIn } from '../auth/session';
import type { RequestMeta } from '../services/accounts/request-meta';
import { listProcedures } from '../testing/procedures';

let app: TestApp;
let admin: { signedIn: SignedIn; meta: RequestMeta };
const handle = createTRPCHandle({ router: appRouter, url: '/api/trpc', createContext: (event) => createContext(event) });

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
});
afterAll(() => app.close());

async function send(path: string, type: string, raw: string, as: 'admin' | 'anonymous') {
	const url = new URL(`http://localhost:5173/api/trpc/${path}`);
	if (type === 'query') url.searchParams.set('input', raw);
	const request = new Request(url, {
		method: type === 'query' ? 'GET' : 'POST',
		headers: { 'content-type': 'application/json' },
		body: type === 'query' ? undefined : raw
	});
	const event = {
		url,
		request,
		locals: as === 'admin' ? localsOf(app, admin.meta, admin.signedIn) : localsOf(app, requestFrom(), null),
		setHeaders: () => {},
		cookies: { set: () => {}, delete: () => {} }
	} as unknown as RequestEvent;
	const response = await handle({ event, resolve: async () => new Response('not tRPC', { status: 599 }) });
	return { status: response.status, text: await response.text() };
}

const malformed = fc.oneof(
	fc.string({ maxLength: 40 }),
	fc.constantFrom('{', '{"json":', 'null', '[]', '{"json":{"__proto__":{"x":1}}}', '\u0000', '{"json":1e999}'),
	fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify({ json: v }) ?? 'undefined'),
	fc
		.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)))
		.map((o) => JSON.stringify({ json: { ...o, organizationId: 'not-a-uuid', role: 'admin', unknownField: true } })),
	fc.constant(JSON.stringify({ json: { email: 'x'.repeat(100_000) + '@example.com', name: 'y'.repeat(100_000), platformRole: 'user' } }))
);

describe('every procedure under malformed input', () => {
	for (const p of listProcedures()) {
		it(`${p.path} answers below 500 with a clear message`, async () => {
			await fc.assert(
				fc.asyncProperty(malformed, fc.constantFrom('admin' as const, 'anonymous' as const), async (raw, as) => {
					const { status, text } = await send(p.path, p.type, raw, as);
					expect(status, `${p.path} ${raw.slice(0, 80)}`).toBeLessThan(500);
					if (status >= 400) {
						const body = JSON.parse(text) as { error: { json: { message: string; data: { stack?: string } } } };
						expect(body.error.json.message.length).toBeGreaterThan(3);
						expect(body.error.json.data.stack).toBeUndefined();
						expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
					}
				}),
				{ numRuns: 40 }
			);
		});
	}

	it('names each bad field of a mutation in the answer', async () => {
		const { status, text } = await send(
			'admin.invitations.create',
			'mutation',
			JSON.stringify({ json: { email: 'not-an-email', name: '', platformRole: 'user', surprise: 1 } }),
			'admin'
		);
		expect(status).toBe(400);
		const data = (JSON.parse(text) as { error: { json: { message: string; data: { fields: Record<string, string> } } } }).error.json;
		expect(Object.keys(data.data.fields)).toEqual(expect.arrayContaining(['email', 'name']));
		expect(data.message).toMatch(/email/);
	});
});
