import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, one, readForm } from '$lib/server/forms';

export const load = async (event) => ({ types: await callerFor(event).admin.specialists.types().catch(pageErrorFrom) });

export const actions = {
	update: async (event) => {
		const f = await readForm(event.request);
		try {
			await callerFor(event).admin.specialists.updateType({
				id: one(f.id),
				label: one(f.label),
				displayOrder: Number(one(f.displayOrder) || 0),
				active: f.active === 'on'
			});
			return { ok: true, id: one(f.id), message: 'Saved.' };
		} catch (err) {
			return formFailFrom(err, { id: one(f.id) });
		}
	}
};
