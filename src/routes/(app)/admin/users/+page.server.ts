import { TRPCError } from '@trpc/server';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFail } from '$lib/server/forms';

export const load = async (event) => {
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 80);
	return { q, users: await callerFor(event).admin.users({ q }).catch(pageErrorFrom) };
};

export const actions = {
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
