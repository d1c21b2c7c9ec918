import { requireSignedIn, pageErrorFrom } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';
import { allowedActions } from '$lib/server/routers/booking-lifecycle';
import { lifecycleActions } from './lifecycle-actions.server';

/**
 * One booking, for every role: specialists reach it from their appointments (the bookings layout
 * lets them through to this page only). Who sees which booking is decided by the procedure's
 * scope: anything else is a 404, audited. The lifecycle forms post to this page's actions.
 */
export const load = async (event) => {
	const signedIn = requireSignedIn(event);
	const booking = await callerFor(event).bookings.get({ id: event.params.id }).catch(pageErrorFrom);
	return { booking, allowed: allowedActions(signedIn, booking) };
};

export const actions = { ...lifecycleActions };
