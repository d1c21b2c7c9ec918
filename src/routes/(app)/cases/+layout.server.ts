import { redirect } from '@sveltejs/kit';
import { requireSignedIn } from '$lib/server/auth/guards';

export const load = (event) => {
	const s = requireSignedIn(event);
	// Specialists see no cases: they see their examinations.
	if (s.user.role === 'specialist') redirect(303, '/appointments');
	return {};
};
