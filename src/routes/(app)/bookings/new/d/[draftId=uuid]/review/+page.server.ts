import { redirect } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { examineeSchema } from '$lib/schemas/booking';
import { callerFor } from '$lib/server/caller';
import { formFailFrom, readFields } from '$lib/server/forms';

export const load = async ({ parent, params }) => {
	const { draft } = await parent();
	if (!draft.data.startsAt)
		redirect(
			303,
			draft.type && draft.specialist
				? `/bookings/new/slot?type=${draft.type.id}&specialist=${draft.specialist.id}&draft=${draft.id}`
				: `/bookings/new?draft=${draft.id}`
		);
	if (!examineeSchema.safeParse(draft.data.examinee ?? {}).success) redirect(303, `/bookings/new/d/${params.draftId}/examinee`);
	return {};
};

export const actions = {
	default: async (event) => {
		const draftId = event.params.draftId;
		const caller = callerFor(event);
		let bookingId: string;
		try {
			const { acceptLateFee } = await readFields(event.request);
			({ bookingId } = await caller.wizard.confirm({ draftId, acceptLateFee: acceptLateFee === 'on' }));
		} catch (err) {
			if (err instanceof TRPCError && err.code === 'CONFLICT') {
				const draft = await caller.wizard.get({ draftId }).catch(() => null);
				if (draft?.type && draft.specialist)
					redirect(303, `/bookings/new/slot?type=${draft.type.id}&specialist=${draft.specialist.id}&draft=${draftId}&taken`);
			}
			return formFailFrom(err);
		}
		redirect(303, `/bookings/${bookingId}/confirmed`);
	}
};
