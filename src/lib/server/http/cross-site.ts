/**
 * The cross-site rule, applied by the hook to every request that can change something. SvelteKit's
 * own form-origin check is switched off (svelte.config.js) because it runs before any hook and
 * cannot exempt a route; this is the same rule, plus every other content type, with one exemption:
 * routes authenticated by a signature over their body instead of a session cookie
 * (docs/decisions/009-webhooks-and-the-origin-check.md).
 */

import { isIP } from 'node:net';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What an HTML form can send: a browser posts these cross-site without asking first. */
const FORM_CONTENT_TYPES = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	'application/x-sveltekit-formdata'
]);

/**
 * Paths that answer to a signature, not a cookie: a cross-site caller gains nothing there, and the
 * sender (Acuity) posts a form with no Origin. Exact paths only, so nothing else slips through.
 */
export const SIGNED_PATHS: ReadonlySet<string> = new Set(['/api/webhooks/acuity']);

function contentTypeOf(request: Request): string {
	return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Why this request is refused as cross-site, or null. A form post must carry our own Origin
 * (none at all is refused, as SvelteKit does); any other body is refused when its Origin is
 * foreign, or when there is none and the browser says the request is cross-site.
 */
export function crossSiteRefusal(request: Request, path: string, ownOrigins: readonly string[]): string | null {
	if (SAFE_METHODS.has(request.method)) return null;
	if (request.method === 'POST' && SIGNED_PATHS.has(path)) return null;
	const origin = request.headers.get('origin');
	const ours = origin !== null && ownOrigins.includes(origin);
	if (FORM_CONTENT_TYPES.has(contentTypeOf(request))) return ours ? null : `Cross-site ${request.method} form submissions are forbidden.`;
	if (origin !== null) return ours ? null : 'Cross-site requests are refused.';
	return request.headers.get('sec-fetch-site') === 'cross-site' ? 'Cross-site requests are refused.' : null;
}

/**
 * A host that is an address, or a name only this network resolves: localhost, *.localhost, *.local,
 * or any IP literal (loopback, LAN, a test network). Never a DNS name someone else controls — that
 * is how DNS rebinding would get in (a rebound name arrives with its own name as the Host).
 */
export function isLocalHost(hostname: string): boolean {
	const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local')) return true;
	return isIP(h) !== 0;
}

/**
 * The origins a request may come from: the configured one, and — when local hosts are allowed —
 * the address this request was sent to, if it is an IP address or a local name (a public name
 * never: that is how DNS rebinding would get in), by host and either scheme.
 */
export function ownOrigins(configured: string, url: URL, allowLocalHosts: boolean): string[] {
	if (!allowLocalHosts || !isLocalHost(url.hostname)) return [configured];
	// Without ORIGIN, adapter-node calls every request https unless a proxy header says otherwise;
	// a demo on a local address is plain http, so either scheme of that host is ours.
	return [...new Set([configured, `http://${url.host}`, `https://${url.host}`])];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The refusal, said where the person will see it: an action result for an enhanced form (the page
 * shows it), a small page for a plain form post, JSON for everything else. When the page was opened
 * at another address than the service's, the message says which one to use.
 */
export function refusalResponse(request: Request, reason: string, configured: string): Response {
	const from = request.headers.get('origin');
	const message =
		from && /^https?:\/\/[^/]+$/.test(from) && from !== configured
			? `${reason} This page was opened at ${from}, but the service answers at ${configured}: open ${configured} and try again.`
			: reason;
	if (request.headers.get('x-sveltekit-action') === 'true') return Response.json({ type: 'error', error: { message } }, { status: 403 });
	if ((request.headers.get('accept') ?? '').includes('text/html'))
		return new Response(
			`<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><title>Not allowed · IME Bookings</title></head><body><main><h1>Not allowed</h1><p>${escapeHtml(message)}</p></main></body></html>`,
			{ status: 403, headers: { 'content-type': 'text/html; charset=utf-8' } }
		);
	return Response.json({ message }, { status: 403 });
}
