/**
 * The case form (new and edit): its fields as the procedures' input, and a refusal as the failure
 * the page reads, each message on its field (the procedures name `claimant.givenNames`, the form
 * `givenNames`).
 */
import { formFail, readForm, refusalOf, one } from '$lib/server/forms';

const CLAIMANT = [
	'givenNames',
	'familyName',
	'dateOfBirth',
	'phone',
	'email',
	'address',
	'dateOfInjury',
	'interpreter',
	'language'
] as const;
const DETAILS = ['claimNumber', 'scheme', 'insurer', 'matterReference', 'notes'] as const;

export async function readCaseForm(request: Request) {
	const raw = await readForm(request);
	const values: Record<string, string> = Object.fromEntries([...CLAIMANT, ...DETAILS, 'ownerUserId'].map((k) => [k, one(raw[k])]));
	const pick = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, values[k]]));
	return {
		values,
		input: {
			claimant: pick(CLAIMANT),
			details: pick(DETAILS),
			ownerUserId: values.ownerUserId || undefined
		} as never
	};
}

/** The refusal with each field's message under the form's own field name. */
export function caseFormFail(err: unknown, values: Record<string, string>) {
	const { status, message, fields } = refusalOf(err);
	// The shared examinee schema's wording, in this form's terms.
	const named = Object.fromEntries(
		Object.entries(fields).map(([k, v]) => [k.replace(/^(claimant|details)\./, ''), v.replace(/examinee’s/g, 'claimant’s')])
	);
	return formFail(status, { message, fields: named, values });
}
