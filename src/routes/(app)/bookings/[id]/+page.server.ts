import { requireSignedIn, pageErrorFrom } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';
import { allowedActions } from '$lib/server/routers/booking-lifecycle';
import { lifecycleActions } from './lifecycle-actions.server';

/**
 * One booking. The page component is `+page@(app).svelte`: it resets to the (app) layout, so the
 * bookings layout's "specialists have their own area" guard does not apply here — a specialist
 * opens their appointments' details (the appointment notice links here). Who sees which booking
 * is decided by the procedure's scope: anything else is a 404, audited.
 */
export const load = async (event) => {
	const signedIn = requireSignedIn(event);
	const booking = await callerFor(event).bookings.get({ id: event.params.id }).catch(pageErrorFrom);
	return { booking, allowed: allowedActions(signedIn, booking) };
};

export const actions = { ...lifecycleActions };
