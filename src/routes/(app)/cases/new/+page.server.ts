import { redirect } from '@sveltejs/kit';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';
import { caseFormFail, readCaseForm } from '../case-form.server';

export const load = async (event) => {
	const referrers = await callerFor(event).cases.referrers().catch(pageErrorFrom);
	const me = event.locals.signedIn?.user.id ?? '';
	// A referrer is responsible for their own new cases unless they choose someone else.
	return { referrers, defaultOwner: referrers.some((r) => r.userId === me) ? me : '' };
};

export const actions = {
	default: async (event) => {
		const { input, values } = await readCaseForm(event.request);
		let created: { id: string };
		try {
			created = await callerFor(event).cases.create(input);
		} catch (err) {
			return caseFormFail(err, values);
		}
		redirect(303, `/cases/${created.id}`);
	}
};
