import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFromTrpc, formValues } from '$lib/server/form-errors';

export const load = async (event) => ({ types: await callerFor(event).admin.specialists.types().catch(pageErrorFrom) });

export const actions = {
	update: async (event) => {
		const f = await formValues(event.request);
		const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
		try {
			await callerFor(event).admin.specialists.updateType({
				id: one(f.id),
				label: one(f.label),
				displayOrder: Number(one(f.displayOrder) || 0),
				active: f.active === 'on'
			});
			return { ok: true, id: one(f.id), message: 'Saved.' };
		} catch (err) {
			return formFailFromTrpc(err, { id: one(f.id) });
		}
	}
};
