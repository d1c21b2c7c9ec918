import { redirect } from '@sveltejs/kit';
import { applyAuthCookies } from '$lib/server/auth/cookies';
import { stopImpersonation } from '$lib/server/services/accounts/impersonation';

export const load = () => redirect(303, '/');

export const actions = {
	/** "Exit": back to the admin's own view. */
	default: async ({ locals, cookies }) => {
		const s = locals.signedIn;
		if (!s?.impersonatedBy) redirect(303, '/');
		applyAuthCookies(cookies, await stopImpersonation(locals.app, locals.meta, s, 'exit'));
		redirect(303, '/admin/users');
	}
};
