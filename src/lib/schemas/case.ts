/**
 * Cases (a claimant's matter), enclosures and the claimant's logistics: the values, their labels
 * and the forms' schemas, shared by the browser and the server that checks them again.
 */
import { z } from 'zod';
import { BOOKED_BY, CASE_SCHEMES, TECH_CHECK_STATES } from '../cases';

export * from '../cases';

/** The case's own details beside the claimant (all encrypted at rest: they may name the claimant). */
export const caseDetailsSchema = z.object({
	claimNumber: z.string().trim().max(60, 'Keep the claim number under 60 characters.').default(''),
	scheme: z.enum(CASE_SCHEMES, 'Choose the jurisdiction or scheme.').default('other'),
	insurer: z.string().trim().max(120, 'Keep the insurer or defendant under 120 characters.').default(''),
	matterReference: z.string().trim().max(80, 'Keep the matter reference under 80 characters.').default(''),
	notes: z.string().trim().max(4000, 'Keep the notes under 4,000 characters.').default('')
});
export type CaseDetails = z.infer<typeof caseDetailsSchema>;
/** What is sealed in claim_case.details_encrypted (the scheme is a plain column). */
export type SealedCaseDetails = Omit<CaseDetails, 'scheme'>;

export const notApplicableSchema = z.object({
	reason: z.string().trim().min(3, 'Say why it is not applicable.').max(500, 'Keep the reason under 500 characters.')
});

/** The claimant's logistics for one examination (encrypted at rest, every field). */
export const logisticsSchema = z.object({
	interpreterLanguage: z.string().trim().max(60, 'Keep the language under 60 characters.').default(''),
	interpreterDialect: z.string().trim().max(60, 'Keep the dialect under 60 characters.').default(''),
	interpreterBookedBy: z.enum(BOOKED_BY, 'Choose who books the interpreter.').default(''),
	accessibilityNote: z.string().trim().max(1000, 'Keep the accessibility note under 1,000 characters.').default(''),
	supportPerson: z.string().trim().max(200, 'Keep the support person under 200 characters.').default(''),
	travelDistanceKm: z
		.union(
			[
				z.literal(''),
				z.coerce
					.number('Enter the distance in kilometres.')
					.int('Enter the distance in whole kilometres.')
					.min(0, 'The distance cannot be negative.')
					.max(5000, 'Enter a distance under 5,000 km.')
			],
			// Neither empty nor a number ("many", 1.5): zod would only say "Invalid input".
			{ error: (iss) => (iss.code === 'invalid_union' ? 'Enter the distance in whole kilometres.' : undefined) }
		)
		.default(''),
	travelBookedBy: z.enum(BOOKED_BY, 'Choose who books the travel.').default(''),
	reimbursementNote: z.string().trim().max(500, 'Keep the reimbursement note under 500 characters.').default(''),
	joinLink: z.union([z.literal(''), z.string().trim().max(500).url('Enter the join link as a web address (https://…).')]).default(''),
	techCheck: z.enum(TECH_CHECK_STATES, 'Choose the technology check status.').default('not_done'),
	contactForTechnology: z.string().trim().max(200, 'Keep who to call under 200 characters.').default('')
});
export type Logistics = z.infer<typeof logisticsSchema>;
