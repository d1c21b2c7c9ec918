import { pageErrorFrom } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';
import { formFail, formFailFrom, one, readForm } from '$lib/server/forms';
import { CASE_STATUSES, type CaseStatus } from '$lib/schemas/case';

export const load = async (event) => {
	const c = await callerFor(event).cases.get({ id: event.params.id }).catch(pageErrorFrom);
	return { case: c };
};

export const actions = {
	status: async (event) => {
		const form = await readForm(event.request);
		const status = one(form.status) as CaseStatus;
		const note = one(form.note).trim();
		if (!(CASE_STATUSES as readonly string[]).includes(status))
			return formFail(400, {
				message: 'Choose open, on hold or closed.',
				fields: { status: 'Choose open, on hold or closed.' },
				values: { note }
			});
		try {
			const res = await callerFor(event).cases.setStatus({ id: event.params.id, status, note: note || undefined });
			return {
				ok: true,
				message: res.changed ? 'Status changed.' : 'The case already has that status.',
				fields: {} as Record<string, string>,
				values: {} as Record<string, string>
			};
		} catch (err) {
			return formFailFrom(err, { note });
		}
	}
};
