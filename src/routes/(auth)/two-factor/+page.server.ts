import { redirect } from '@sveltejs/kit';
import { secondFactorSchema } from '$lib/schemas/account';
import { applyAuthCookies } from '$lib/server/auth/cookies';
import { homeOf, platformRoleOf, safeNext } from '$lib/server/auth/session';
import { formFail, parseForm } from '$lib/server/forms';
import { pendingUserId, sendSignInCode, verifySecondFactor } from '$lib/server/services/accounts/sign-in';

export const load = async ({ locals }) => {
	if (locals.signedIn) redirect(303, homeOf(locals.signedIn.user.role));
	if (!(await pendingUserId(locals.app, locals.meta.headers))) redirect(303, '/sign-in');
	return {};
};

export const actions = {
	verify: async ({ request, locals, cookies, url }) => {
		const form = await parseForm(request, secondFactorSchema);
		if (!form.ok) return form.failure;
		const result = await verifySecondFactor(locals.app, locals.meta, form.data.method, form.data.code);
		if (result.kind === 'expired') redirect(303, '/sign-in');
		if (result.kind === 'locked')
			return formFail(429, { message: 'Too many wrong codes. Wait 15 minutes and sign in again.', fields: {}, values: form.values });
		if (result.kind === 'invalid')
			return formFail(400, {
				message: 'That code is not right, or was already used.',
				fields: { code: 'Check the code and try again.' },
				values: form.values
			});
		applyAuthCookies(cookies, result.setCookie);
		redirect(303, safeNext(url.searchParams.get('next')) ?? homeOf(await platformRoleOf(locals.app, result.userId)));
	},
	send: async ({ locals }) => {
		const outcome = await sendSignInCode(locals.app, locals.meta);
		if (outcome === 'expired') redirect(303, '/sign-in');
		if (outcome === 'limited')
			return formFail(429, { message: 'Too many codes requested. Use your authenticator app or a backup code.', fields: {}, values: {} });
		return { sent: true };
	}
};
