/**
 * The cross-site rule, applied by the hook to every request that can change something. SvelteKit's
 * own form-origin check is switched off (svelte.config.js) because it runs before any hook and
 * cannot exempt a route; this is the same rule, plus every other content type, with one exemption:
 * routes authenticated by a signature over their body instead of a session cookie
 * (docs/decisions/009-webhooks-and-the-origin-check.md).
 */

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
