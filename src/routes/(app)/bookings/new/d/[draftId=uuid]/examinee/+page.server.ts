import { redirect } from '@sveltejs/kit';
import { EXAMINEE_FIELDS, examineeSchema, intakeSchemaFor } from '$lib/schemas/booking';
import { callerFor } from '$lib/server/caller';
import { fieldErrors } from '$lib/server/trpc';
import { formFail, formFailFrom, one, readForm } from '$lib/server/forms';

const EXAMINEE_KEYS = EXAMINEE_FIELDS;

export const load = async ({ parent, url }) => {
	const { draft } = await parent();
	// No time held (it was let go to change specialist or time): back to choosing one, same draft.
	if (!draft.data.startsAt)
		redirect(
			303,
			draft.type && draft.specialist
				? `/bookings/new/slot?type=${draft.type.id}&specialist=${draft.specialist.id}&draft=${draft.id}`
				: `/bookings/new?draft=${draft.id}`
		);
	// Booked from a case: the examinee is the claimant, so the step is done unless asked to change it
	// (or an answer this examination needs is missing).
	if (
		draft.case?.kind === 'chosen' &&
		!url.searchParams.has('edit') &&
		examineeSchema.safeParse(draft.data.examinee ?? {}).success &&
		intakeSchemaFor(draft.type?.intakeFields ?? []).safeParse(draft.data.intake ?? {}).success
	)
		redirect(303, `/bookings/new/d/${draft.id}/review`);
	return {};
};

export const actions = {
	default: async (event) => {
		const draftId = event.params.draftId;
		const form = await readForm(event.request);
		const examinee: Record<string, string> = {};
		for (const k of EXAMINEE_KEYS) examinee[k] = one(form[k]).slice(0, 2000);
		const intake: Record<string, string | string[]> = {};
		for (const [k, v] of Object.entries(form)) {
			if (k.startsWith('q_')) intake[k] = Array.isArray(v) ? v.map((x) => x.slice(0, 200)) : v.slice(0, 2000);
		}
		const caller = callerFor(event);
		// Keep what was typed first, valid or not: a reload must lose nothing. A draft that is gone
		// (expired, or not this person's) is a 404 with a message, never a crash.
		let draft;
		try {
			await caller.wizard.keep({ draftId, examinee, intake });
			// "Open a case for this claimant" (shown when the booking is not from a case).
			if (one(form.caseChoice) === 'shown') await caller.wizard.caseChoice({ draftId, openCase: one(form.openCase) === 'on' });
			draft = await caller.wizard.get({ draftId });
		} catch (err) {
			return formFailFrom(err);
		}
		const e = examineeSchema.safeParse(examinee);
		const i = intakeSchemaFor(draft.type?.intakeFields ?? []).safeParse(intake);
		if (!e.success || !i.success) {
			const fields = { ...(e.success ? {} : fieldErrors(e.error)), ...(i.success ? {} : fieldErrors(i.error)) };
			return formFail(400, { message: 'Please correct the highlighted fields.', fields });
		}
		try {
			await caller.wizard.details({ draftId, examinee: e.data, intake: i.data as Record<string, string | string[]> });
		} catch (err) {
			return formFailFrom(err);
		}
		redirect(303, `/bookings/new/d/${draftId}/review`);
	}
};
