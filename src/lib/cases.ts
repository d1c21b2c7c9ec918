/**
 * Cases, enclosures and logistics: the values and their labels, without any schema library, so
 * pages that only show them ship no validator (the forms' schemas are in schemas/case.ts).
 */
import type { DocumentCategory } from './documents';

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

/** 'current' is open and on hold (the default view). */
export const CASE_STATUS_FILTERS = ['current', 'open', 'on_hold', 'closed', 'all'] as const;
export type CaseStatusFilter = (typeof CASE_STATUS_FILTERS)[number];
export const CASE_STATUS_FILTER_LABELS: Record<CaseStatusFilter, string> = {
	current: 'Current',
	open: 'Open',
	on_hold: 'On hold',
	closed: 'Closed',
	all: 'All'
};
