import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';

export const load = async (event) => ({ messages: await callerFor(event).admin.outbox().catch(pageErrorFrom) });
