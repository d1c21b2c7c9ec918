import { redirect } from '@sveltejs/kit';
import { homeOf } from '$lib/server/auth/session';

export const load = ({ locals }) => {
	redirect(303, locals.signedIn ? homeOf(locals.signedIn.user.role) : '/sign-in');
};
