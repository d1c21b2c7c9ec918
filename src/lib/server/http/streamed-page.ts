/**
 * A page's data with a value given late (already settled): SvelteKit then streams the page
 * instead of hashing the whole of its HTML for an ETag (djb2 over every character: about a tenth
 * of the bookings list's CPU). Signed-in pages are sent `Cache-Control: no-store`, so that ETag is
 * never asked for again: nothing is lost. The browser gets the HTML at once, then a one-line script.
 *
 * GET only: SvelteKit sends a streamed page as 200 whatever its status, so a form action's answer
 * (a 400 from `fail`) keeps its whole, hashed page. An error in a load renders the error page
 * without this page's data: not streamed, its status kept.
 */
const SETTLED = Promise.resolve(null);

export function streamedPage(event: { request: Request }): { streamed?: Promise<null> } {
	return event.request.method === 'GET' ? { streamed: SETTLED } : {};
}
