import { redirect } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFail } from '$lib/server/forms';

export const load = async (event) => {
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 80);
	return { q, referrers: await callerFor(event).wizard.referrers({ q }).catch(pageErrorFrom) };
};

export const actions = {
	/** Start a booking on behalf of the chosen referrer. */
	default: async (event) => {
		const form = await event.request.formData();
		let draftId: string;
		try {
			({ draftId } = await callerFor(event).wizard.start({ forUserId: String(form.get('forUserId') ?? '') }));
		} catch (err) {
			if (err instanceof TRPCError) return formFail(400, { message: err.message });
			throw err;
		}
		redirect(303, `/bookings/new?draft=${draftId}`);
	}
};
