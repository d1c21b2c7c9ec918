import { applyAuthCookies } from '$lib/server/auth/cookies';
import { redirect } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { changePasswordSchema } from '$lib/schemas/account';
import { callerFor } from '$lib/server/caller';
import { requireSignedIn } from '$lib/server/auth/guards';
import { formFail, failFrom, parseForm } from '$lib/server/forms';
import { changePassword, signOutEverywhere } from '$lib/server/services/accounts/password';

export const load = async (event) => {
	requireSignedIn(event);
	return { sessions: await callerFor(event).account.sessions() };
};

export const actions = {
	password: async (event) => {
		const who = requireSignedIn(event);
		const form = await parseForm(event.request, changePasswordSchema);
		if (!form.ok) return form.failure;
		try {
			applyAuthCookies(
				event.cookies,
				await changePassword(event.locals.app, event.locals.meta, who, form.data.currentPassword, form.data.password)
			);
		} catch (err) {
			return failFrom(err);
		}
		return { passwordChanged: true };
	},
	revoke: async (event) => {
		requireSignedIn(event);
		const data = await event.request.formData();
		try {
			const result = await callerFor(event).account.revokeSession({ sessionId: String(data.get('sessionId') ?? '') });
			if (result.wasCurrent) redirect(303, '/sign-in');
		} catch (err) {
			if (err instanceof TRPCError) return formFail(404, { message: err.message });
			throw err;
		}
		return { revoked: true };
	},
	everywhere: async (event) => {
		const who = requireSignedIn(event);
		try {
			await signOutEverywhere(event.locals.app, event.locals.meta, who, event.cookies);
		} catch (err) {
			// Refused while acting as someone: a message on the page, not a crash.
			return failFrom(err, { formId: 'everywhere' });
		}
		redirect(303, '/sign-in');
	}
};
