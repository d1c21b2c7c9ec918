/** What a page's forms share in the browser: reading an action's outcome, and keeping values after a save. */

/** An action's answer as the admin pages read it: a success message, or a failure naming fields. */
export interface FormOutcome {
	ok?: boolean;
	message?: string;
	formId?: string;
	fields?: Record<string, string>;
	values?: Record<string, string>;
}

/** The outcome if it answers the form `id` (pages with several forms tag each with a `formId`). */
export function outcomeFor(form: unknown, id: string): FormOutcome | null {
	const outcome = form as FormOutcome | null | undefined;
	return outcome && (outcome.formId === id || outcome.values?.formId === id) ? outcome : null;
}

/** For `use:enhance`: after a save, keep what the fields show (the reload brings the saved values). */
export const keepValues =
	() =>
	async ({ update }: { update: (o?: { reset?: boolean }) => Promise<void> }) =>
		update({ reset: false });
