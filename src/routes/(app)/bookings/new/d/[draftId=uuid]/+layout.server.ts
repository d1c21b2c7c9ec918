import { error } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';

export const load = async (event) => {
	const draft = await callerFor(event)
		.wizard.get({ draftId: event.params.draftId })
		.catch(() => null);
	if (!draft) error(404, 'This booking draft has expired or is not yours. Please start a new booking.');
	return { draft };
};
