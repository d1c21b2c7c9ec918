import { requireSignedIn } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';

export const load = async (event) => {
	requireSignedIn(event);
	const me = await callerFor(event).account.me();
	return { me: me! };
};
