import { redirect } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, one, readForm } from '$lib/server/forms';
import { formFail } from '$lib/server/forms';
import { fieldErrors } from '$lib/server/trpc';
import { EXAMINEE_FIELDS, examineeSchema, intakeSchemaFor } from '$lib/schemas/booking';

export const load = async (event) => ({
	incoming: await callerFor(event).scheduling.admin.adoption({ appointmentId: event.params.id }).catch(pageErrorFrom)
});

const EXAMINEE_KEYS = EXAMINEE_FIELDS;

export const actions = {
	adopt: async (event) => {
		const f = await readForm(event.request);
		const caller = callerFor(event);
		const values = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, one(v)]));
		const incoming = await caller.scheduling.admin.adoption({ appointmentId: event.params.id }).catch(pageErrorFrom);
		const examinee = Object.fromEntries(EXAMINEE_KEYS.map((k) => [k, one(f[k])]));
		const intake = Object.fromEntries(Object.entries(f).filter(([k]) => k.startsWith('q_')));
		// The same schemas as the wizard, here too, so every field to fix is named at once.
		const e = examineeSchema.safeParse(examinee);
		const q = intakeSchemaFor(incoming.type.intakeFields).safeParse(intake);
		const fields = { ...(e.success ? {} : fieldErrors(e.error)), ...(q.success ? {} : fieldErrors(q.error)) };
		if (!one(f.memberId)) fields.memberId = 'Choose the referrer the booking is for.';
		if (Object.keys(fields).length) return formFail(400, { message: 'Please correct the highlighted fields.', fields, values });
		let bookingId: string;
		try {
			({ bookingId } = await caller.scheduling.admin.adopt({
				appointmentId: event.params.id,
				memberId: one(f.memberId),
				examinee,
				intake
			}));
		} catch (err) {
			return formFailFrom(err, values);
		}
		redirect(303, `/bookings/${bookingId}`);
	},
	match: async (event) => {
		const f = await readForm(event.request);
		let bookingId: string;
		try {
			({ bookingId } = await callerFor(event).scheduling.admin.match({ appointmentId: event.params.id, reference: one(f.reference) }));
		} catch (err) {
			return formFailFrom(err, { reference: one(f.reference), formId: 'match' });
		}
		redirect(303, `/bookings/${bookingId}`);
	}
};
