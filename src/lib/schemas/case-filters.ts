/**
 * The cases list's filters (status, responsible referrer, overdue enclosures), shared by the list
 * procedure, the list page and the CSV export, and their query-string form. The claimant search is
 * a filter too, but never goes in a URL (a name in a URL is PHI in history and logs).
 */
import { z } from 'zod';
import { CASE_STATUS_FILTERS, type CaseStatus, type CaseStatusFilter } from '../cases';

export { CASE_STATUS_FILTERS, CASE_STATUS_FILTER_LABELS, type CaseStatusFilter } from '../cases';

/** The statuses a filter value stands for (undefined: all). */
export function statusesOf(f: CaseStatusFilter): CaseStatus[] | undefined {
	if (f === 'all') return undefined;
	return f === 'current' ? ['open', 'on_hold'] : [f];
}

/** A user id (better-auth's: letters, digits, - and _). */
export const userIdSchema = (message: string) =>
	z
		.string()
		.trim()
		.min(1, message)
		.max(64, message)
		.regex(/^[\w-]+$/, message);

export const caseFiltersSchema = z
	.object({
		status: z.enum(CASE_STATUS_FILTERS, 'Choose a status from the list.').default('current'),
		referrer: userIdSchema('Choose the referrer from the list.').optional(),
		overdue: z.boolean('Say whether to show only cases with overdue enclosures.').default(false),
		/** Whole words of the claimant's name; never put it in a URL. */
		claimant: z.string().trim().max(100, 'Search with at most 100 characters.').optional()
	})
	.strict();
export type CaseFilters = z.infer<typeof caseFiltersSchema>;

export const caseListInput = caseFiltersSchema
	.extend({
		cursor: z.string().max(1000, 'This page link is out of date.').optional(),
		limit: z.number().int().min(1).max(100, 'Ask for at most 100 cases a page.').default(25)
	})
	.strict()
	.prefault({});

/** Query-string filters (list page, export): empty values dropped. */
export function caseFiltersFromSearchParams(q: URLSearchParams): Record<string, unknown> {
	const one = (k: string) => q.get(k)?.trim() || undefined;
	const overdue = one('overdue');
	return Object.fromEntries(
		Object.entries({
			status: one('status'),
			referrer: one('referrer'),
			overdue: overdue === undefined ? undefined : overdue === '1' || overdue === 'on' || overdue === 'true'
		}).filter(([, v]) => v !== undefined)
	);
}

/** The opposite of `caseFiltersFromSearchParams`, leaving defaults out. The claimant never goes in. */
export function searchParamsFromCaseFilters(f: Partial<CaseFilters>): URLSearchParams {
	const q = new URLSearchParams();
	if (f.status && f.status !== 'current') q.set('status', f.status);
	if (f.referrer) q.set('referrer', f.referrer);
	if (f.overdue) q.set('overdue', '1');
	return q;
}
