import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { isUuid } from '$lib/ids';

export const load = async (event) => {
	const draft = event.url.searchParams.get('draft');
	const caller = callerFor(event);
	const types = await caller.scheduling.catalogue().catch(pageErrorFrom);
	const forWhom = draft && isUuid(draft) ? await caller.wizard.get({ draftId: draft }).catch(() => null) : null;
	return { types, draft: forWhom ? draft : null, ownerName: forWhom?.forSomeoneElse ? forWhom.ownerName : null };
};
