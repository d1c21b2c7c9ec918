import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';

export const load = async (event) => {
	const before = Number(event.url.searchParams.get('before'));
	const rows = await callerFor(event)
		.admin.audit({ limit: 50, beforeSeq: Number.isInteger(before) && before > 0 ? before : undefined })
		.catch(pageErrorFrom);
	return { rows };
};
