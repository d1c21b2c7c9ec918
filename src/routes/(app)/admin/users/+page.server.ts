import { redirect } from '@sveltejs/kit';
import { applyAuthCookies } from '$lib/server/auth/cookies';
import { startImpersonation } from '$lib/server/services/accounts/impersonation';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, one, readForm } from '$lib/server/forms';

export const load = async (event) => {
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 80);
	return { q, idle: event.url.searchParams.has('idle'), users: await callerFor(event).admin.users({ q }).catch(pageErrorFrom) };
};

export const actions = {
	/** Act as a referrer: the next pages are theirs, with a banner to exit. */
	impersonate: async (event) => {
		const form = await readForm(event.request);
		const admin = event.locals.signedIn;
		if (!admin) redirect(303, '/sign-in');
		try {
			applyAuthCookies(event.cookies, await startImpersonation(event.locals.app, event.locals.meta, admin, one(form.userId)));
		} catch (err) {
			return formFailFrom(err);
		}
		redirect(303, '/bookings');
	},
	setActive: async (event) => {
		const form = await readForm(event.request);
		try {
			await callerFor(event).admin.setActive({ userId: one(form.userId), active: one(form.active) === 'true' });
		} catch (err) {
			return formFailFrom(err);
		}
		return { changed: true };
	}
};
