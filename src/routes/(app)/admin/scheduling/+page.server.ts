import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, one, readForm } from '$lib/server/forms';

export const load = async (event) => {
	const caller = callerFor(event);
	const [status, conflicts, holds] = await Promise.all([
		caller.scheduling.admin.status(),
		caller.scheduling.admin.conflicts(),
		caller.scheduling.admin.holds()
	]).catch(pageErrorFrom);
	return { status, conflicts, holds };
};

export const actions = {
	sync: async (event) => {
		try {
			return { synced: await callerFor(event).scheduling.admin.syncCatalogue() };
		} catch (err) {
			return formFailFrom(err);
		}
	},
	reconcile: async (event) => {
		try {
			return { reconciled: await callerFor(event).scheduling.admin.reconcile({ days: 60 }) };
		} catch (err) {
			return formFailFrom(err);
		}
	},
	release: async (event) => {
		const data = await readForm(event.request);
		try {
			await callerFor(event).scheduling.admin.releaseHold({ holderKey: one(data.holderKey) });
			return { released: true };
		} catch (err) {
			return formFailFrom(err);
		}
	},
	resolve: async (event) => {
		const data = await readForm(event.request);
		try {
			await callerFor(event).scheduling.admin.resolveConflict({ id: one(data.id) });
			return { resolved: true };
		} catch (err) {
			return formFailFrom(err);
		}
	}
};
