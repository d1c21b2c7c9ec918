/** The "create" form action of the admin lists (organisations, specialists). */
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { formFailFrom, readForm } from '$lib/server/forms';

type Form = Record<string, string | string[]>;

/**
 * Makes a record from the form with `create`, then opens its page (`<path>/<id>?created`); a
 * refusal is shown on the form, with the `kept` field filled in again.
 */
export function createAndOpen(
	path: string,
	kept: string,
	create: (event: Pick<RequestEvent, 'locals'>, form: Form) => Promise<{ id: string }>
) {
	return async (event: Pick<RequestEvent, 'locals' | 'request'>) => {
		const form = await readForm(event.request);
		let id: string;
		try {
			id = (await create(event, form)).id;
		} catch (err) {
			return formFailFrom(err, { [kept]: form[kept] });
		}
		redirect(303, `${path}/${id}?created`);
	};
}
