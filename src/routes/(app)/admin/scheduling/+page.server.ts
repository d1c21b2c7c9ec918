import type { RequestEvent } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, one, readForm } from '$lib/server/forms';

type Event = Pick<RequestEvent, 'locals' | 'request'>;

export const load = async (event) => {
	const caller = callerFor(event);
	const [status, conflicts, holds] = await Promise.all([
		caller.scheduling.admin.status(),
		caller.scheduling.admin.conflicts(),
		caller.scheduling.admin.holds()
	]).catch(pageErrorFrom);
	return { status, conflicts, holds };
};

/** One operation from a button's form: its answer, or its refusal as the form's failure. */
const operation =
	<T>(run: (event: Event, data: Record<string, string | string[]>) => Promise<T>) =>
	async (event: Event) => {
		const data = await readForm(event.request);
		try {
			return await run(event, data);
		} catch (err) {
			return formFailFrom(err);
		}
	};

export const actions = {
	sync: operation(async (event) => ({ synced: await callerFor(event).scheduling.admin.syncCatalogue() })),
	reconcile: operation(async (event) => ({ reconciled: await callerFor(event).scheduling.admin.reconcile({ days: 60 }) })),
	release: operation(async (event, data) => {
		await callerFor(event).scheduling.admin.releaseHold({ holderKey: one(data.holderKey) });
		return { released: true };
	}),
	resolve: operation(async (event, data) => {
		await callerFor(event).scheduling.admin.resolveConflict({ id: one(data.id) });
		return { resolved: true };
	})
};
