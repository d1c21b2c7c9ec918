import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/services/accounts/password';

export const load = () => redirect(303, '/');

export const actions = {
	default: async ({ locals, cookies }) => {
		await signOut(locals.app, locals.meta, locals.signedIn, cookies);
		redirect(303, '/sign-in');
	}
};
