import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';

export const load = async (event) => {
	const queue = await callerFor(event).documents.reportQueue().catch(pageErrorFrom);
	return { queue };
};
