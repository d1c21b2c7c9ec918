/**
 * The booking as a calendar file (.ics), for "Add to calendar": whoever may see the booking gets
 * it; anyone else the same 404 as a missing booking (audited). The event names no examinee (ics.ts).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { requireBookingAccess } from '$lib/server/auth/access';
import { requireApiRole, type ApiGuard } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/auth/scope';
import { AppError } from '$lib/server/errors';
import { bookingCalendarEvent } from '$lib/server/services/booking/confirmation';
import { bookingIcs } from '$lib/server/services/booking/ics';

export const _guard = 'signedIn' satisfies ApiGuard;

export const GET = async (event: RequestEvent) => {
	const session = await requireApiRole(event, 'booking', _guard);
	if (session instanceof Response) return session;
	const { signedIn, actor } = session;
	const { app } = event.locals;
	try {
		const b = await requireBookingAccess(app, actor, scopeFor(signedIn.caller), event.params.id ?? '', 'booking.read', {
			operation: 'booking.calendar'
		});
		return new Response(bookingIcs(await bookingCalendarEvent(app, b)), {
			headers: {
				'content-type': 'text/calendar; charset=utf-8',
				'content-disposition': `attachment; filename="${b.reference}.ics"`,
				'cache-control': 'no-store',
				'x-content-type-options': 'nosniff'
			}
		});
	} catch (err) {
		if (err instanceof AppError) return Response.json({ message: err.message }, { status: err.status });
		throw err;
	}
};
