import { redirect } from '@sveltejs/kit';
import { signInSchema } from '$lib/schemas/account';
import { applyAuthCookies } from '$lib/server/auth/cookies';
import { homeOf, platformRoleOf, safeNext } from '$lib/server/auth/session';
import { formFail, parseForm } from '$lib/server/forms';
import { signInWithPassword } from '$lib/server/services/accounts/sign-in';

export const load = ({ locals, url }) => {
	if (locals.signedIn) redirect(303, safeNext(url.searchParams.get('next')) ?? homeOf(locals.signedIn.user.role));
	return { reset: url.searchParams.has('reset'), welcome: url.searchParams.has('welcome') };
};

export const actions = {
	default: async ({ request, locals, cookies, url }) => {
		const form = await parseForm(request, signInSchema);
		if (!form.ok) return form.failure;
		const { app, meta } = locals;
		const result = await signInWithPassword(app, meta, form.data.email, form.data.password);
		switch (result.kind) {
			case 'locked':
				return formFail(429, {
					message: `Too many attempts. Try again in ${Math.ceil(result.retrySeconds / 60)} minutes, or reset your password.`,
					fields: {},
					values: form.values
				});
			case 'invalid':
				return formFail(400, { message: 'The email or password is not right.', fields: {}, values: form.values });
			case 'deactivated':
				return formFail(403, {
					message: 'This account has been deactivated. Contact the booking service if you need access.',
					fields: {},
					values: form.values
				});
			case 'unverified':
				return formFail(400, { message: 'Confirm your email address first: we have sent you a link.', fields: {}, values: form.values });
			case 'second_factor':
				applyAuthCookies(cookies, result.setCookie);
				return redirect(303, `/two-factor${url.search}`);
			case 'signed_in': {
				applyAuthCookies(cookies, result.setCookie);
				redirect(303, safeNext(url.searchParams.get('next')) ?? homeOf(await platformRoleOf(app, result.userId)));
			}
		}
	}
};
