import { redirect } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, one, readForm } from '$lib/server/forms';

export const load = async (event) => {
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 80);
	return { q, referrers: await callerFor(event).wizard.referrers({ q }).catch(pageErrorFrom) };
};

export const actions = {
	/** Start a booking on behalf of the chosen referrer. */
	default: async (event) => {
		const form = await readForm(event.request);
		let draftId: string;
		try {
			({ draftId } = await callerFor(event).wizard.start({ forUserId: one(form.forUserId) }));
		} catch (err) {
			return formFailFrom(err);
		}
		redirect(303, `/bookings/new?draft=${draftId}`);
	}
};
