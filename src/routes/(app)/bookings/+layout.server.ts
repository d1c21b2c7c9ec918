import { error } from '@sveltejs/kit';
import { requireSignedIn } from '$lib/server/auth/guards';

export const load = (event) => {
	const s = requireSignedIn(event);
	// Specialists have their own area; admins reach bookings through the admin console.
	if (s.user.role === 'specialist') error(403, 'This page is not part of your role.');
	return {};
};
