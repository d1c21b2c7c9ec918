import { error } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, one, readForm } from '$lib/server/forms';
import { AppError } from '$lib/server/errors';
import { ENCLOSURE_CATEGORIES } from '$lib/server/services/cases/enclosures';

/** One exam type's enclosure checklist: which documents, their labels and how many business days before. */
export const load = async (event) => {
	const api = callerFor(event);
	const types = await api.admin.specialists.types().catch(pageErrorFrom);
	const type = types.find((t) => t.id === event.params.id);
	if (!type) error(404, 'No such examination type.');
	const template = await api.enclosures.template({ appointmentTypeId: type.id }).catch(pageErrorFrom);
	if (!template) error(404, 'No such examination type.');
	return {
		type: { id: type.id, name: type.label || type.name, category: type.category },
		template,
		categories: [...ENCLOSURE_CATEGORIES]
	};
};

export const actions = {
	save: async (event) => {
		const f = await readForm(event.request);
		// One row per category, in the order the form lists them; a row counts when "Needed" is ticked.
		const order = ENCLOSURE_CATEGORIES.map((c) => ({ c, at: Number(one(f[`position-${c}`]) || 0) })).sort((a, b) => a.at - b.at);
		const items = order
			.filter(({ c }) => one(f[`include-${c}`]) === 'on')
			.map(({ c }) => ({ category: c, label: one(f[`label-${c}`]), businessDaysBefore: one(f[`days-${c}`]) }));
		const values = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, one(v)]));
		if (items.length === 0)
			return formFailFrom(new AppError('BAD_REQUEST', 'Tick at least one document, or go back to the default.', 'items'), values);
		try {
			await callerFor(event).enclosures.saveTemplate({ appointmentTypeId: event.params.id, items });
			return { ok: true, message: 'Checklist saved. New bookings of this type use it.' };
		} catch (err) {
			return formFailFrom(err, values);
		}
	},
	reset: async (event) => {
		try {
			await callerFor(event).enclosures.saveTemplate({ appointmentTypeId: event.params.id, items: [] });
			return { ok: true, message: 'Back to the default checklist for this kind of examination.' };
		} catch (err) {
			return formFailFrom(err);
		}
	}
};
