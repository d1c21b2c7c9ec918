import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { createAndOpen } from '../create-action.server';
import { profileFrom } from './profile-form';

export const load = async (event) => ({ specialists: await callerFor(event).admin.specialists.list().catch(pageErrorFrom) });

export const actions = {
	create: createAndOpen('/admin/specialists', 'displayName', (event, f) => callerFor(event).admin.specialists.create(profileFrom(f)))
};
