import { redirect } from '@sveltejs/kit';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';
import { caseFormFail, readCaseForm } from '../../case-form.server';

export const load = async (event) => {
	const c = await callerFor(event).cases.get({ id: event.params.id }).catch(pageErrorFrom);
	const values: Record<string, string> = {
		givenNames: c.claimant.givenNames,
		familyName: c.claimant.familyName,
		dateOfBirth: c.claimant.dateOfBirth,
		phone: c.claimant.phone,
		email: c.claimant.email,
		address: c.claimant.address,
		dateOfInjury: c.claimant.dateOfInjury ?? '',
		interpreter: c.claimant.interpreter,
		language: c.claimant.language ?? '',
		claimNumber: c.details.claimNumber,
		scheme: c.scheme,
		insurer: c.details.insurer,
		matterReference: c.details.matterReference,
		notes: c.details.notes,
		ownerUserId: c.ownerUserId
	};
	const referrers = c.referrers.some((r) => r.userId === c.ownerUserId)
		? c.referrers
		: [{ userId: c.ownerUserId, name: c.ownerName ?? 'Current referrer' }, ...c.referrers];
	return { id: c.id, reference: c.reference, values, referrers };
};

export const actions = {
	default: async (event) => {
		const { input, values } = await readCaseForm(event.request);
		try {
			await callerFor(event).cases.update({ ...(input as object), id: event.params.id } as never);
		} catch (err) {
			return caseFormFail(err, values);
		}
		redirect(303, `/cases/${event.params.id}`);
	}
};
