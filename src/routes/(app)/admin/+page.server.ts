import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';

export const load = async (event) => {
	const api = callerFor(event);
	const [stats, ops] = await Promise.all([api.admin.dashboard(), api.admin.operations()]).catch(pageErrorFrom);
	return { stats, ops };
};
