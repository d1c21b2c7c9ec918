import { redirect } from '@sveltejs/kit';
import { resetPasswordSchema } from '$lib/schemas/account';
import { formFailFrom, parseForm } from '$lib/server/forms';
import { resetPassword } from '$lib/server/services/accounts/password';

export const load = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions = {
	default: async ({ request, locals }) => {
		const form = await parseForm(request, resetPasswordSchema);
		if (!form.ok) return form.failure;
		try {
			await resetPassword(locals.app, locals.meta, form.data.token, form.data.password);
		} catch (err) {
			return formFailFrom(err, form.values);
		}
		redirect(303, '/sign-in?reset');
	}
};
