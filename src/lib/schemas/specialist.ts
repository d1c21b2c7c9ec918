/**
 * Specialists and appointment types as admins edit them. Opening hours are typed the way people
 * say them: "9:00-12:30, 13:30-17:00" (24-hour clock), one line per weekday; empty means closed.
 */
import { z } from 'zod';

import { AU_STATES, AU_ZONES } from '../places';

export { AU_STATES, AU_ZONES, WEEKDAYS } from '../places';

export interface MinuteRange {
	startMinute: number;
	endMinute: number;
}

const TIME = /^([01]?\d|2[0-4])[:.]([0-5]\d)$/;

/** "9:00-12:30, 13:30-17:00" → ranges; throws a message for the user on anything else. */
export function parseRanges(text: string): MinuteRange[] {
	const ranges: MinuteRange[] = [];
	for (const part of text
		.split(/[,;]/)
		.map((p) => p.trim())
		.filter(Boolean)) {
		const [a, b, ...rest] = part.split(/\s*[-–]\s*/);
		const ma = a?.match(TIME);
		const mb = b?.match(TIME);
		if (!ma || !mb || rest.length) throw new Error(`“${part}” is not a time range like 9:00-17:00.`);
		const start = Number(ma[1]) * 60 + Number(ma[2]);
		const end = Number(mb[1]) * 60 + Number(mb[2]);
		if (start >= end || end > 1440) throw new Error(`“${part}” must end after it starts, by midnight at the latest.`);
		ranges.push({ startMinute: start, endMinute: end });
	}
	ranges.sort((x, y) => x.startMinute - y.startMinute);
	for (let i = 1; i < ranges.length; i++)
		if (ranges[i]!.startMinute < ranges[i - 1]!.endMinute) throw new Error('The time ranges overlap.');
	return ranges;
}

const hhmm = (m: number) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
export const formatRanges = (ranges: readonly MinuteRange[]) => ranges.map((r) => `${hhmm(r.startMinute)}-${hhmm(r.endMinute)}`).join(', ');

const rangesText = z
	.string()
	.max(200, 'Keep it shorter.')
	.transform((v, ctx) => {
		try {
			return parseRanges(v);
		} catch (err) {
			ctx.addIssue({ code: 'custom', message: (err as Error).message });
			return z.NEVER;
		}
	});

export const specialistProfileSchema = z.object({
	displayName: z.string().trim().min(2, 'Enter the name as referrers should see it.').max(120),
	title: z.string().trim().max(60, 'Keep the title under 60 characters.').default(''),
	specialty: z.string().trim().max(120, 'Keep the specialty under 120 characters.').default(''),
	registrationNumber: z
		.string()
		.trim()
		.toUpperCase()
		.regex(/^([A-Z]{3}\d{10})?$/, 'An AHPRA registration number is three letters and ten digits, e.g. MED0001234567.')
		.default(''),
	location: z.string().trim().max(160).default(''),
	state: z.enum(AU_STATES, 'Choose a state.'),
	timeZone: z.enum(AU_ZONES, 'Choose the clinic’s time zone.'),
	modes: z.array(z.enum(['in_person', 'telehealth'])).min(1, 'Choose at least one way of examining.'),
	displayOrder: z.coerce.number().int('Enter a whole number.').min(-1000).max(1000).default(0),
	active: z.boolean().default(true)
});
export type SpecialistProfile = z.infer<typeof specialistProfileSchema>;

/** One entry per weekday, Monday first. */
export const weeklyHoursSchema = z.object({ days: z.array(rangesText).length(7) });

export const dateOverrideSchema = z.object({
	date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Choose a date.'),
	/** Empty: closed that day (leave). */
	hours: rangesText,
	note: z.string().trim().max(200, 'Keep the note under 200 characters.').default('')
});

export const appointmentTypeEditSchema = z.object({
	id: z.string().uuid('No such exam type.'),
	label: z
		.string()
		.trim()
		.max(120, 'Keep the label under 120 characters.')
		.transform((v) => v || null),
	displayOrder: z.coerce.number().int('Enter a whole number.').min(-1000).max(1000),
	active: z.boolean()
});
