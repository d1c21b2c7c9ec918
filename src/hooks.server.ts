/**
 * Every request: load shedding (503 with Retry-After past this instance's limits), a request id, the client address, the session, the second-factor gate, the
 * cross-site refusal, the tRPC mount, security headers and one log line. Nothing else.
 */
import { error, isHttpError, isRedirect, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { createTRPCHandle } from 'trpc-sveltekit';
import { closeApp, getApp } from '$lib/server/app';
import { resolveSession } from '$lib/server/auth/session';
import { actorFor } from '$lib/server/auth/actor';
import { impersonationIdle, stopImpersonation } from '$lib/server/services/accounts/impersonation';
import { appRouter } from '$lib/server/routers/_app';
import { buildRequestMeta, resolveClientIp } from '$lib/server/services/accounts/request-meta';
import { createContext } from '$lib/server/trpc';
import { prefetchTimes } from '$lib/server/routers/scheduling/prefetch';
import { readCapped } from '$lib/server/web-stream';
import { crossSiteRefusal, ownOrigins, refusalResponse } from '$lib/server/http/cross-site';
import { upstreamTrouble } from '$lib/server/http/upstream-status';
import { ConcurrencyLimiter, isExemptFromShedding, overloadDefaults, overloadResponse } from '$lib/server/http/overload';

export const init: ServerInit = async () => {
	if (building) return;
	const app = await getApp();
	process.once('sveltekit:shutdown', () => {
		// Requests still at work finish first (5 s at most): the database closes after them, not under them.
		void (limiter?.drained(5000) ?? Promise.resolve(true)).then(() => closeApp());
	});
	app.logger.info({ database: app.database.kind, cache: app.cache.kind, origin: app.config.origin }, 'ready');
};

const trpc = createTRPCHandle({
	router: appRouter,
	url: '/api/trpc',
	createContext: (event) => createContext(event),
	// tRPC 10 knows no 503: the scheduling provider being down or busy is said here, with when to retry.
	responseMeta: ({ errors }) => upstreamTrouble(errors),
	onError: ({ error: err, ctx, path }) => {
		if (err.code === 'INTERNAL_SERVER_ERROR')
			ctx?.app.logger.error({ requestId: ctx.meta.requestId, path, err: err.cause?.message ?? err.message }, 'procedure failed');
	}
});

/** Bodies above this are refused, except document uploads (capped by DOCUMENT_MAX_BYTES while streaming). */
const MAX_BODY_BYTES = 1024 * 1024;
/** Acuity's webhook is a few form fields: anything bigger is not Acuity. */
const WEBHOOK_PATH = '/api/webhooks/acuity';
const WEBHOOK_MAX_BODY_BYTES = 4096;
/** Read and dropped (in the background) after a refused body, so a client still sending reads the 413; cut off beyond. */
const DRAIN_BYTES = 64 * MAX_BODY_BYTES;
const UPLOAD_PATH = /^\/api\/bookings\/[^/]+\/documents$/;
/** Reachable while a required second factor is not yet enrolled. */
const ENROLMENT_PATHS = ['/account/two-factor', '/sign-out', '/api/health', '/api/trpc/'];

function secure(response: Response, production: boolean, noStore: boolean) {
	const h = response.headers;
	try {
		h.set('X-Content-Type-Options', 'nosniff');
		h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
		h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
		h.set('X-Frame-Options', 'DENY');
		h.set('Cross-Origin-Opener-Policy', 'same-origin');
		if (!h.has('content-security-policy')) h.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
		if (production) h.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
		if (noStore) h.set('Cache-Control', 'no-store');
	} catch {
		// Immutable headers (a proxied fetch response): copy into a new response instead.
		const copy = new Response(response.body, response);
		return secure(copy, production, noStore);
	}
	return response;
}

/** Load shedding for this instance, set up from the first request's config. */
let limiter: ConcurrencyLimiter | undefined;

/** At most so many requests at once and so many waiting; past that, 503 with Retry-After at once. */
export const handle: Handle = async (input) => {
	const path = input.event.url.pathname;
	if (isExemptFromShedding(path)) return handleRequest(input);
	const app = await getApp();
	limiter ??= new ConcurrencyLimiter({ ...overloadDefaults(app.database.kind), ...definedOnly(app.config.overload) });
	if (!(await limiter.acquire())) {
		const requestId = crypto.randomUUID();
		app.metrics.recordRequest(input.event.request.method, input.event.route.id ?? null, 503, 0);
		const busy = secure(overloadResponse(path, requestId), app.config.production, true);
		busy.headers.set('X-Request-Id', requestId);
		return busy;
	}
	try {
		return await handleRequest(input);
	} finally {
		limiter.release();
	}
};

const definedOnly = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

const handleRequest: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const app = await getApp();
	const requestId = crypto.randomUUID();
	let socket = '127.0.0.1';
	try {
		socket = event.getClientAddress();
	} catch {
		// No socket in some server-side contexts.
	}
	const ip = resolveClientIp(event.request.headers, socket, app.config.auth.trustedProxyIpHeader);
	event.locals.app = app;
	event.locals.meta = buildRequestMeta(event.request, ip, requestId);
	event.locals.signedIn = null;
	event.locals.actor = actorFor(event.locals.meta, null);

	const path = event.url.pathname;
	let response: Response;
	try {
		const crossSite = crossSiteRefusal(event.request, path, ownOrigins(app.config.origin, event.url, app.config.allowLocalHosts));
		if (crossSite) throw refusalResponse(event.request, crossSite, app.config.origin);
		// One request, one handful of procedures: a batch of a thousand mutations is refused whole.
		if (path.startsWith('/api/trpc/') && path.slice(10).split(',').length > app.config.trpcMaxBatch)
			error(400, `At most ${app.config.trpcMaxBatch} procedures may be called in one request.`);
		// Every body but an upload's (capped by DOCUMENT_MAX_BYTES while it streams) is read here
		// under its cap, with or without Content-Length, and handed on from memory.
		if (event.request.body && event.request.method !== 'GET' && event.request.method !== 'HEAD' && !UPLOAD_PATH.test(path)) {
			const cap = path === WEBHOOK_PATH ? WEBHOOK_MAX_BODY_BYTES : MAX_BODY_BYTES;
			const bytes = await readCapped(event.request, cap, DRAIN_BYTES);
			if (!bytes)
				throw new Response(JSON.stringify({ message: 'The request is too large.', requestId }), {
					status: 413,
					headers: { 'content-type': 'application/json' }
				});
			event.request = new Request(event.request.url, {
				method: event.request.method,
				headers: event.request.headers,
				body: bytes.byteLength ? bytes : null,
				signal: event.request.signal
			});
		}
		// The wizard's times: their cache read goes out with the session query, used only after the guard.
		if (event.request.headers.get('cookie')?.includes('session_token='))
			event.locals.timesPrefetch = prefetchTimes(app, event.request.method, event.url);
		event.locals.signedIn = await resolveSession(app, event.locals.meta);
		const s = event.locals.signedIn;
		// Who is acting, once for the whole request: every procedure, route and service is handed this.
		event.locals.actor = actorFor(event.locals.meta, s);
		// Acting as someone ends after 30 idle minutes: back to the admin's own view.
		if (s?.impersonatedBy && (await impersonationIdle(app, s))) {
			const restore = await stopImpersonation(app, event.locals.meta, s, 'idle');
			const back = new Response(null, { status: 303, headers: { location: '/admin/users?idle' } });
			for (const c of restore.getSetCookie()) back.headers.append('set-cookie', c);
			throw back;
		}
		if (s?.mustEnrolSecondFactor && !ENROLMENT_PATHS.some((p) => path === p || path.startsWith(p)) && !path.startsWith('/_app/'))
			redirect(303, '/account/two-factor');
		response = await trpc({ event, resolve });
	} catch (err) {
		if (err instanceof Response) response = err;
		else if (isRedirect(err)) response = new Response(null, { status: err.status, headers: { location: err.location } });
		else if (isHttpError(err)) {
			const e = err;
			response = new Response(JSON.stringify({ message: e.body.message, requestId }), {
				status: e.status,
				headers: { 'content-type': 'application/json' }
			});
		} else throw err;
	}
	const signedIn = event.locals.signedIn !== null;
	response = secure(response, app.config.production, signedIn || path.startsWith('/api/') || event.request.headers.has('cookie'));
	response.headers.set('X-Request-Id', requestId);
	if (!path.startsWith('/_app/')) {
		const ms = performance.now() - started;
		app.logger.info(
			{
				requestId,
				userId: event.locals.signedIn?.user.id ?? null,
				method: event.request.method,
				route: event.route.id ?? path.replace(/\/[A-Za-z0-9_-]{20,}/g, '/:id'),
				status: response.status,
				ms: Math.round(ms)
			},
			'request'
		);
		// By route id only (a URL can hold ids); tRPC is one route (its batches are any mix of procedures),
		// and an unmatched path is one series, whatever it was.
		const routeId = event.route.id ?? (path.startsWith('/api/trpc/') ? '/api/trpc' : null);
		app.metrics.recordRequest(event.request.method, routeId, response.status, ms / 1000);
	}
	return response;
};

export const handleError: HandleServerError = async ({ error: err, event, status, message }) => {
	const requestId = event.locals.meta?.requestId;
	if (status >= 500)
		event.locals.app?.logger.error({ requestId, err: err instanceof Error ? err.message : String(err) }, 'unhandled error');
	return { message: status >= 500 ? `Something went wrong on our side. Reference ${requestId ?? 'unknown'}.` : message, requestId };
};
