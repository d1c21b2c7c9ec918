import { redirect } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { applyAuthCookies } from '$lib/server/auth/cookies';
import { AppError } from '$lib/server/errors';
import { startImpersonation } from '$lib/server/services/accounts/impersonation';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFail } from '$lib/server/forms';

export const load = async (event) => {
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 80);
	return { q, idle: event.url.searchParams.has('idle'), users: await callerFor(event).admin.users({ q }).catch(pageErrorFrom) };
};

export const actions = {
	/** Act as a referrer: the next pages are theirs, with a banner to exit. */
	impersonate: async (event) => {
		const form = await event.request.formData();
		const admin = event.locals.signedIn;
		if (!admin) redirect(303, '/sign-in');
		try {
			applyAuthCookies(
				event.cookies,
				await startImpersonation(event.locals.app, event.locals.meta, admin, String(form.get('userId') ?? ''))
			);
		} catch (err) {
			if (err instanceof AppError) return formFail(err.status, { message: err.message });
			throw err;
		}
		redirect(303, '/bookings');
	},
	setActive: async (event) => {
		const form = await event.request.formData();
		try {
			await callerFor(event).admin.setActive({ userId: String(form.get('userId') ?? ''), active: form.get('active') === 'true' });
		} catch (err) {
			if (err instanceof TRPCError) return formFail(400, { message: err.message });
			throw err;
		}
		return { changed: true };
	}
};
