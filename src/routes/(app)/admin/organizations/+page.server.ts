import { redirect } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, readForm } from '$lib/server/forms';

export const load = async (event) => ({ organizations: await callerFor(event).admin.orgs.list().catch(pageErrorFrom) });

export const actions = {
	create: async (event) => {
		const f = await readForm(event.request);
		let id: string;
		try {
			id = (await callerFor(event).admin.orgs.create({ name: String(f.name ?? ''), require2fa: f.require2fa === 'on' })).id;
		} catch (err) {
			return formFailFrom(err, { name: f.name });
		}
		redirect(303, `/admin/organizations/${id}?created`);
	}
};
