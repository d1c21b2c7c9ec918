/**
 * The browser's zone, sent once by the app layout on the first page a signed-in person opens with
 * no zone stored (POST JSON `{ timeZone }`). It is kept only while none is stored: a zone chosen on
 * the Account page is never replaced by a detected one. An unknown zone is a 400 naming `timeZone`.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { requireApiRole, type ApiGuard } from '$lib/server/auth/guards';
import { AppError } from '$lib/server/errors';
import { setOwnTimeZone } from '$lib/server/services/accounts/time-zone';

export const _guard = 'signedIn' satisfies ApiGuard;

export const POST = async (event: RequestEvent) => {
	const session = await requireApiRole(event, 'user', _guard);
	if (session instanceof Response) return session;
	const body: unknown = await event.request.json().catch(() => null);
	const input = body && typeof body === 'object' && 'timeZone' in body ? body.timeZone : undefined;
	try {
		const { timeZone, changed } = await setOwnTimeZone(event.locals.app, session.signedIn, session.actor, input, 'detected');
		return json({ timeZone, changed });
	} catch (err) {
		if (err instanceof AppError)
			return json({ message: err.message, ...(err.field ? { fields: { [err.field]: err.message } } : {}) }, { status: err.status });
		throw err;
	}
};
