import { TRPCError } from '@trpc/server';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFail } from '$lib/server/forms';

export const load = async (event) => {
	const caller = callerFor(event);
	const [status, conflicts, holds] = await Promise.all([
		caller.scheduling.admin.status(),
		caller.scheduling.admin.conflicts(),
		caller.scheduling.admin.holds()
	]).catch(pageErrorFrom);
	return { status, conflicts, holds };
};

const asFailure = (err: unknown) => {
	if (err instanceof TRPCError) return formFail(err.code === 'NOT_FOUND' ? 404 : 400, { message: err.message });
	throw err;
};

export const actions = {
	sync: async (event) => {
		try {
			return { synced: await callerFor(event).scheduling.admin.syncCatalogue() };
		} catch (err) {
			return asFailure(err);
		}
	},
	reconcile: async (event) => {
		try {
			return { reconciled: await callerFor(event).scheduling.admin.reconcile({ days: 60 }) };
		} catch (err) {
			return asFailure(err);
		}
	},
	release: async (event) => {
		const data = await event.request.formData().catch(() => new FormData());
		try {
			await callerFor(event).scheduling.admin.releaseHold({ holderKey: String(data.get('holderKey') ?? '') });
			return { released: true };
		} catch (err) {
			return asFailure(err);
		}
	},
	resolve: async (event) => {
		const data = await event.request.formData().catch(() => new FormData());
		try {
			await callerFor(event).scheduling.admin.resolveConflict({ id: String(data.get('id') ?? '') });
			return { resolved: true };
		} catch (err) {
			return asFailure(err);
		}
	}
};
