import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';

export const load = async (event) => {
	const stats = await callerFor(event).admin.dashboard().catch(pageErrorFrom);
	return { stats };
};
