import { redirect } from '@sveltejs/kit';
import { examineeSchema, intakeSchemaFor } from '$lib/schemas/booking';
import { callerFor } from '$lib/server/caller';
import { fieldErrors } from '$lib/server/trpc';
import { formFail } from '$lib/server/forms';

const EXAMINEE_KEYS = ['givenNames', 'familyName', 'dateOfBirth', 'phone', 'email', 'address', 'claimNumber', 'dateOfInjury', 'interpreter', 'language', 'matterReference'];

export const load = async ({ parent }) => {
	const { draft } = await parent();
	if (!draft.data.startsAt) redirect(303, '/bookings/new');
	return {};
};

export const actions = {
	default: async (event) => {
		const draftId = event.params.draftId;
		const form = await event.request.formData();
		const examinee: Record<string, string> = {};
		for (const k of EXAMINEE_KEYS) examinee[k] = String(form.get(k) ?? '').slice(0, 2000);
		const intake: Record<string, string | string[]> = {};
		for (const [k, v] of form.entries()) {
			if (!k.startsWith('q_') || typeof v !== 'string') continue;
			const prev = intake[k];
			intake[k] = prev === undefined ? v.slice(0, 2000) : ([] as string[]).concat(prev, v.slice(0, 200));
		}
		const caller = callerFor(event);
		// Keep what was typed first, valid or not: a reload must lose nothing.
		await caller.wizard.keep({ draftId, examinee, intake });
		const draft = await caller.wizard.get({ draftId });
		const e = examineeSchema.safeParse(examinee);
		const i = intakeSchemaFor(draft.type?.intakeFields ?? []).safeParse(intake);
		if (!e.success || !i.success) {
			const fields = { ...(e.success ? {} : fieldErrors(e.error)), ...(i.success ? {} : fieldErrors(i.error)) };
			return formFail(400, { message: 'Please correct the highlighted fields.', fields });
		}
		await caller.wizard.details({ draftId, examinee: e.data, intake: i.data as Record<string, string | string[]> });
		redirect(303, `/bookings/new/d/${draftId}/review`);
	}
};
