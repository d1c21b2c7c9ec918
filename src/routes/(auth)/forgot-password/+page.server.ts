import { forgotPasswordSchema } from '$lib/schemas/account';
import { formFail, parseForm } from '$lib/server/forms';
import { requestPasswordReset } from '$lib/server/services/accounts/password';

export const actions = {
	default: async ({ request, locals }) => {
		const form = await parseForm(request, forgotPasswordSchema);
		if (!form.ok) return form.failure;
		const outcome = await requestPasswordReset(locals.app, locals.meta, form.data.email);
		if (outcome === 'limited')
			return formFail(429, { message: 'Too many requests. Try again in an hour.', fields: {}, values: form.values });
		// The same answer whether or not the address has an account.
		return { sent: true };
	}
};
