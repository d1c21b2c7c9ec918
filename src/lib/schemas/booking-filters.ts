/**
 * The filters of a bookings list (status, specialists, dates, zone, sort), shared by the list
 * procedure, the list and calendar pages and the CSV export, and how they are written in and read
 * from a query string. The examinee search is a filter too, but never goes in a URL.
 */
import { z } from 'zod';
import { readTypedDate, TYPED_DATE_SUFFIX } from '../date-input';
import { timeZone } from './scheduling';

export const DEFAULT_VIEW_TIME_ZONE = 'Australia/Sydney';

/** How a list can be sorted. */
export const BOOKING_LIST_SORTS = ['startsAt', 'status', 'specialist'] as const;

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const dateString = (label: string) =>
	z
		.string()
		.regex(DATE, `Enter the ${label} as a date, e.g. 14/03/2027.`)
		.refine(
			(v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
			`Enter a real ${label}.`
		);

const fromNotAfterTo = (v: { from?: string; to?: string }) => !v.from || !v.to || v.from <= v.to;
const rangeIssue = { path: ['to'], message: 'The last date must be on or after the first date.' };

const filtersShape = z
	.object({
		status: z.enum(['active', 'closed', 'all']).default('active'),
		specialistIds: z.array(z.string().uuid('Choose specialists from the list.')).max(50, 'Choose at most 50 specialists.').default([]),
		/** Whole words of the examinee's name; never put it in a URL. */
		examinee: z.string().trim().max(100, 'Search with at most 100 characters.').optional(),
		from: dateString('first date').optional(),
		to: dateString('last date').optional(),
		/** The zone the dates are read in (the viewer's). */
		timeZone: timeZone.default(DEFAULT_VIEW_TIME_ZONE),
		/** Owners' and managers' lists: one team's bookings, or those one person made. */
		teamId: z.string().uuid('Choose a team from the list.').optional(),
		bookedBy: z.string().min(1).max(100, 'Choose a person from the list.').optional(),
		sort: z.enum(BOOKING_LIST_SORTS).default('startsAt'),
		dir: z.enum(['asc', 'desc']).default('asc')
	})
	.strict();

/** The filters of a list, shared by the list procedure, the list page and the CSV export. */
export const bookingFiltersSchema = filtersShape.refine(fromNotAfterTo, rangeIssue);
export type BookingFilters = z.infer<typeof filtersShape>;

export const bookingListInput = filtersShape
	.extend({
		cursor: z.string().max(1000).optional(),
		limit: z.number().int().min(1).max(100).default(25)
	})
	.strict()
	.refine(fromNotAfterTo, rangeIssue)
	// No input at all is the first page of active bookings (prefault: the defaults inside apply).
	.prefault({});

/** Bookings per local day of a month, in the viewer's zone, narrowed like a list. */
export const bookingCalendarInput = z
	.object({
		month: z.string().regex(MONTH, 'The month must look like 2027-03.'),
		timeZone: timeZone.default(DEFAULT_VIEW_TIME_ZONE),
		status: z.enum(['active', 'closed', 'all']).default('active'),
		specialistIds: z.array(z.string().uuid()).max(50).default([])
	})
	.strict();

/**
 * Query-string filters (list page, export): repeated `specialist`, empty values dropped. Dates may be
 * typed the en-AU way (dd/mm/yyyy), in `from`/`to` or, from a date field not yet hydrated, in
 * `from.dmy`/`to.dmy` ($lib/date-input.ts): both are read as ISO dates.
 */
export function filtersFromSearchParams(q: URLSearchParams): Record<string, unknown> {
	const one = (k: string) => q.get(k)?.trim() || undefined;
	const date = (k: string) => {
		const typed = one(k) ?? one(`${k}${TYPED_DATE_SUFFIX}`);
		return typed === undefined ? undefined : readTypedDate(typed);
	};
	const specialists = q.getAll('specialist').filter(Boolean);
	return Object.fromEntries(
		Object.entries({
			status: one('status'),
			specialistIds: specialists.length ? specialists : undefined,
			from: date('from'),
			to: date('to'),
			timeZone: one('tz'),
			teamId: one('team'),
			bookedBy: one('by'),
			sort: one('sort'),
			dir: one('dir')
		}).filter(([, v]) => v !== undefined)
	);
}

/** The opposite of `filtersFromSearchParams`, leaving defaults out. The examinee never goes in. */
export function searchParamsFromFilters(f: Partial<BookingFilters>): URLSearchParams {
	const q = new URLSearchParams();
	if (f.status && f.status !== 'active') q.set('status', f.status);
	for (const id of f.specialistIds ?? []) q.append('specialist', id);
	if (f.from) q.set('from', f.from);
	if (f.to) q.set('to', f.to);
	if (f.timeZone && f.timeZone !== DEFAULT_VIEW_TIME_ZONE) q.set('tz', f.timeZone);
	if (f.teamId) q.set('team', f.teamId);
	if (f.bookedBy) q.set('by', f.bookedBy);
	if (f.sort && f.sort !== 'startsAt') q.set('sort', f.sort);
	if (f.dir && f.dir !== 'asc') q.set('dir', f.dir);
	return q;
}
