import { redirect } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, readForm } from '$lib/server/forms';
import { profileFrom } from './profile-form';

export const load = async (event) => ({ specialists: await callerFor(event).admin.specialists.list().catch(pageErrorFrom) });

export const actions = {
	create: async (event) => {
		const f = await readForm(event.request);
		let id: string;
		try {
			id = (await callerFor(event).admin.specialists.create(profileFrom(f))).id;
		} catch (err) {
			return formFailFrom(err, { displayName: f.displayName });
		}
		redirect(303, `/admin/specialists/${id}?created`);
	}
};
