import { z } from 'zod';

const AU_ZONES = [
	'Australia/Sydney',
	'Australia/Melbourne',
	'Australia/Hobart',
	'Australia/Brisbane',
	'Australia/Adelaide',
	'Australia/Darwin',
	'Australia/Perth',
	'Australia/Lord_Howe',
	'Australia/Eucla',
	'Australia/Broken_Hill'
];

/** Zones already found valid: building a DateTimeFormat to check one costs ~0.3 ms, on every availability call. */
const knownZones = new Set<string>();

/** True when the runtime knows the IANA zone (or alias). */
export function isKnownTimeZone(tz: string): boolean {
	if (knownZones.has(tz)) return true;
	try {
		new Intl.DateTimeFormat('en-AU', { timeZone: tz });
	} catch {
		return false;
	}
	// Bounded: the names are at most 64 characters, and a flood of made-up valid spellings is not kept.
	if (knownZones.size < 2000) knownZones.add(tz);
	return true;
}

/** Any IANA zone the runtime knows (Australian ones first in the UI). */
export const timeZone = z.string().min(3).max(64).refine(isKnownTimeZone, 'Unknown time zone.');

export const AUSTRALIAN_TIME_ZONES = AU_ZONES;

export const directoryQuery = z
	.object({
		appointmentTypeId: z.string().uuid('Choose an exam type.'),
		specialty: z.string().trim().max(80).optional(),
		state: z.enum(['NSW', 'VIC', 'QLD', 'SA', 'WA', 'TAS', 'ACT', 'NT']).optional()
	})
	.strict();

export const datesQuery = z
	.object({
		specialistId: z.string().uuid(),
		appointmentTypeId: z.string().uuid(),
		month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'The month must look like 2026-03.'),
		timeZone,
		/** The caller's booking draft: the time it holds is offered to them, not hidden as held. */
		draftId: z.string().uuid('The draft must be a draft id.').optional()
	})
	.strict();

export const timesQuery = z
	.object({
		specialistId: z.string().uuid(),
		appointmentTypeId: z.string().uuid(),
		date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'The date must look like 2026-03-14.'),
		timeZone,
		/** As for the dates. */
		draftId: z.string().uuid('The draft must be a draft id.').optional()
	})
	.strict();
