import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { listCursor, listSize } from '$lib/list-params';

/** Newest first, a keyset page at a time. */
export const load = async (event) => {
	const page = await callerFor(event)
		.admin.outboxPage({ cursor: listCursor(event.url), limit: listSize(event.url) })
		.catch(pageErrorFrom);
	return { messages: page.rows, nextCursor: page.nextCursor };
};
