import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';

const UUID = /^[0-9a-f-]{36}$/i;

export const load = async (event) => {
	const draft = event.url.searchParams.get('draft');
	const caller = callerFor(event);
	const types = await caller.scheduling.catalogue().catch(pageErrorFrom);
	const forWhom = draft && UUID.test(draft) ? await caller.wizard.get({ draftId: draft }).catch(() => null) : null;
	return { types, draft: forWhom ? draft : null, ownerName: forWhom?.forSomeoneElse ? forWhom.ownerName : null };
};
