import { redirect } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, readFields } from '$lib/server/forms';
import { isUuid } from '$lib/ids';

export const load = async (event) => {
	const draft = event.url.searchParams.get('draft');
	const caseParam = event.url.searchParams.get('case');
	const caller = callerFor(event);
	const types = await caller.scheduling.catalogue().catch(pageErrorFrom);
	const forWhom = draft && isUuid(draft) ? await caller.wizard.get({ draftId: draft }).catch(() => null) : null;
	// From a case (its "New examination"): the draft starts when the examination is chosen (a POST, so
	// following or preloading the link creates nothing); the case must be one the caller may book from.
	const fromCase = !forWhom && caseParam ? await caller.wizard.bookableCase({ caseId: caseParam }).catch(pageErrorFrom) : null;
	return {
		types,
		draft: forWhom ? draft : null,
		ownerName: forWhom?.forSomeoneElse ? forWhom.ownerName : null,
		caseReference: forWhom?.case?.kind === 'chosen' ? forWhom.case.reference : (fromCase?.reference ?? null),
		fromCase: fromCase ? fromCase.id : null
	};
};

export const actions = {
	/** An examination of a case chosen: a draft for it (examinee from the claimant), then the specialist. */
	fromCase: async (event) => {
		const { caseId, typeId } = await readFields(event.request);
		let draftId: string;
		try {
			({ draftId } = await callerFor(event).wizard.fromCase({ caseId: caseId ?? '' }));
		} catch (err) {
			return formFailFrom(err);
		}
		redirect(303, `/bookings/new/specialist?type=${isUuid(typeId ?? '') ? typeId : ''}&draft=${draftId}`);
	}
};
