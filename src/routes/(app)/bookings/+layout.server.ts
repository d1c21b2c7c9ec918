import { redirect } from '@sveltejs/kit';
import { requireSignedIn } from '$lib/server/auth/guards';

export const load = (event) => {
	const s = requireSignedIn(event);
	// Specialists have their own list (appointments); they open a booking's page from there.
	if (s.user.role === 'specialist' && String(event.route.id) !== '/(app)/bookings/[id=uuid]') redirect(303, '/appointments');
	return {};
};
