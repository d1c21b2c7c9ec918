/**
 * The logistics card's form action: works without JavaScript and answers `{ logistics: FormOutcome }`
 * (the values sent back on a failure, so nothing typed is lost; they go to the same person only).
 * The procedure does every check (scope, role, validation).
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { readFields, refusalOf } from '$lib/server/forms';
import { logisticsSchema } from '$lib/schemas/case';
import type { FormOutcome } from '$lib/form-outcome';

type Event = Pick<RequestEvent, 'locals' | 'request'> & { params: { id?: string } };

const FIELDS = Object.keys(logisticsSchema.shape) as (keyof typeof logisticsSchema.shape)[];

export const logisticsActions = {
	saveLogistics: async (event: Event) => {
		const form = await readFields(event.request);
		const values = Object.fromEntries(FIELDS.filter((k) => k in form).map((k) => [k, form[k]!]));
		try {
			await callerFor(event).logistics.save({ ...values, bookingId: event.params.id ?? '' });
			return { logistics: { ok: true, message: 'Logistics saved.', fields: {}, values: {} } satisfies FormOutcome };
		} catch (err) {
			const { status, message, fields } = refusalOf(err);
			return fail(status, { logistics: { ok: false, message, fields, values } satisfies FormOutcome });
		}
	}
};
