/**
 * Cases (a claimant's matter), enclosures and the claimant's logistics: the values, their labels
 * and the forms' schemas, shared by the browser and the server that checks them again.
 */
import { z } from 'zod';
import type { DocumentCategory } from './document';

export const CASE_STATUSES = ['open', 'on_hold', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = { open: 'Open', on_hold: 'On hold', closed: 'Closed' };

/** Jurisdiction and scheme of the claim. */
export const CASE_SCHEMES = [
	'nsw_workers_comp',
	'nsw_ctp',
	'vic_workcover',
	'vic_tac',
	'qld_workcover',
	'qld_ctp',
	'comcare',
	'public_liability',
	'medical_negligence',
	'tpd_insurance',
	'other'
] as const;
export type CaseScheme = (typeof CASE_SCHEMES)[number];
export const CASE_SCHEME_LABELS: Record<CaseScheme, string> = {
	nsw_workers_comp: 'NSW workers compensation',
	nsw_ctp: 'NSW CTP (motor accident)',
	vic_workcover: 'VIC WorkCover',
	vic_tac: 'VIC TAC (transport accident)',
	qld_workcover: 'QLD WorkCover',
	qld_ctp: 'QLD CTP (motor accident)',
	comcare: 'Comcare',
	public_liability: 'Public liability',
	medical_negligence: 'Medical negligence',
	tpd_insurance: 'TPD / income protection',
	other: 'Other'
};

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

export const ENCLOSURE_STATES = ['pending', 'not_applicable'] as const;
export type EnclosureState = (typeof ENCLOSURE_STATES)[number];
/** What a reader sees: met (a document of its category is there), not applicable, due, due soon, overdue. */
export type EnclosureStanding = 'met' | 'not_applicable' | 'due' | 'due_soon' | 'overdue';
export const ENCLOSURE_STANDING_LABELS: Record<EnclosureStanding, string> = {
	met: 'Received',
	not_applicable: 'Not applicable',
	due: 'Due',
	due_soon: 'Due soon',
	overdue: 'Overdue'
};
/** Business days before an item's due date from which it counts as "due soon" (and a reminder goes). */
export const DUE_SOON_BUSINESS_DAYS = 3;
export const DEFAULT_BUSINESS_DAYS_BEFORE = 10;

export const notApplicableSchema = z.object({
	reason: z.string().trim().min(3, 'Say why it is not applicable.').max(500, 'Keep the reason under 500 characters.')
});

export const TECH_CHECK_STATES = ['not_done', 'done', 'failed'] as const;
export type TechCheckState = (typeof TECH_CHECK_STATES)[number];
export const TECH_CHECK_LABELS: Record<TechCheckState, string> = { not_done: 'Not done', done: 'Done', failed: 'Failed' };

export const BOOKED_BY = ['', 'service', 'claimant', 'referrer'] as const;
export const BOOKED_BY_LABELS: Record<(typeof BOOKED_BY)[number], string> = {
	'': 'Not arranged',
	service: 'The service',
	claimant: 'The claimant',
	referrer: 'The referrer'
};

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

/** One item of an examination's checklist, as a reader sees it (no PHI: the reason stays sealed). */
export interface EnclosureView {
	id: string;
	bookingId: string;
	category: DocumentCategory;
	label: string;
	/** YYYY-MM-DD, the last business day it may arrive (clinic's calendar). */
	dueOn: string;
	businessDaysBefore: number;
	standing: EnclosureStanding;
	/** Business days left until due (negative when overdue); null once met or not applicable. */
	businessDaysLeft: number | null;
}
