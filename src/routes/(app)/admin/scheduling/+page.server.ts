import { TRPCError } from '@trpc/server';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFail } from '$lib/server/forms';

export const load = async (event) => {
	const caller = callerFor(event);
	const [status, organizations] = await Promise.all([caller.scheduling.admin.status(), caller.admin.organizations()]).catch(pageErrorFrom);
	return { status, organizations };
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
	attach: async (event) => {
		const data = await event.request.formData();
		try {
			await callerFor(event).scheduling.admin.attach({ appointmentId: String(data.get('appointmentId') ?? ''), organizationId: String(data.get('organizationId') ?? '') });
			return { attached: true };
		} catch (err) {
			return asFailure(err);
		}
	}
};
