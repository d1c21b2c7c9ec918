import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { createAndOpen } from '../create-action.server';

export const load = async (event) => ({ organizations: await callerFor(event).admin.orgs.list().catch(pageErrorFrom) });

export const actions = {
	create: createAndOpen('/admin/organizations', 'name', (event, f) =>
		callerFor(event).admin.orgs.create({ name: String(f.name ?? ''), require2fa: f.require2fa === 'on' })
	)
};
