/**
 * The examinee form's fields, by name (what a draft may keep), without any schema library: the
 * wizard's examinee page autosaves them and needs nothing else. `schemas/booking.ts` checks that
 * this list and its schema's keys are the same, in type and in a test.
 */
export const EXAMINEE_FIELDS = [
	'givenNames',
	'familyName',
	'dateOfBirth',
	'phone',
	'email',
	'address',
	'claimNumber',
	'dateOfInjury',
	'interpreter',
	'language',
	'matterReference'
] as const;
export type ExamineeField = (typeof EXAMINEE_FIELDS)[number];
