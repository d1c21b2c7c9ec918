import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';

export const load = async (event) => ({ types: await callerFor(event).scheduling.catalogue().catch(pageErrorFrom) });
