/**
 * The late-cancellation fee's action on the detail page (admins): mark it invoiced. Answers
 * `{ fee: FormOutcome }`; works without JavaScript. The procedure checks role, scope and that a
 * fee is still to invoice.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { refusalOf } from '$lib/server/forms';
import type { FormOutcome } from '$lib/form-outcome';

type Event = Pick<RequestEvent, 'locals' | 'request'> & { params: { id?: string } };

export const feeActions = {
	markFeeInvoiced: async (event: Event) => {
		try {
			await callerFor(event).lifecycle.markFeeInvoiced({ bookingId: event.params.id ?? '' });
			return { fee: { ok: true, message: 'The cancellation fee is marked invoiced.' } satisfies FormOutcome };
		} catch (err) {
			const { status, message } = refusalOf(err);
			return fail(status, { fee: { ok: false, message } satisfies FormOutcome });
		}
	}
};
