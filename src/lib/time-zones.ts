/**
 * The zones a person may read times in: any IANA zone the runtime knows (a referrer may sit in
 * Auckland), written as the runtime names it, and the Account page's list of them with the
 * Australian ones first ("Perth (AWST, UTC+8)").
 */
import { AUSTRALIAN_TIME_ZONES } from './schemas/scheduling';
import { utcOffset, zoneAbbreviation, zoneName, type TimeReader } from './format';

let known: Set<string> | null = null;
/** Every zone the runtime lists, and UTC (which it does not always list). */
function knownZones(): Set<string> {
	known ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
	return known;
}

/**
 * The zone as the runtime names it ("australia/perth" → "Australia/Perth", "Etc/UTC" → "UTC"), or
 * null when it is not a zone the runtime knows.
 */
export function canonicalTimeZone(input: unknown): string | null {
	if (typeof input !== 'string' || input.length < 1 || input.length > 64) return null;
	let name: string;
	try {
		name = new Intl.DateTimeFormat('en-AU', { timeZone: input }).resolvedOptions().timeZone;
	} catch {
		return null;
	}
	return knownZones().has(name) ? name : null;
}

/** "Perth (AWST, UTC+8)", "Pacific/Auckland (NZDT, UTC+13)", "America/New York (UTC−5)" at `now`. */
export function timeZoneLabel(tz: string, now: Date = new Date()): string {
	const abbreviation = zoneAbbreviation(now, tz);
	const offset = utcOffset(now, tz);
	const place = AUSTRALIAN_TIME_ZONES.includes(tz) ? zoneName(tz) : tz.replace(/_/g, ' ');
	const detail = abbreviation && abbreviation !== offset ? `${abbreviation}, ${offset}` : offset;
	return place === detail ? place : `${place} (${detail})`;
}

export interface TimeZoneChoice {
	value: string;
	label: string;
}

type Choices = { australia: TimeZoneChoice[]; elsewhere: TimeZoneChoice[] };
/** The last list made, kept for its hour: a label changes only when its zone changes its clocks, and may lag that by under an hour. */
let cached: { hour: number; choices: Choices } | null = null;

/** The Account page's choices: the Australian zones, then every other zone by name, labelled as at `now`. */
export function timeZoneChoices(now: Date = new Date()): Choices {
	const hour = Math.floor(now.getTime() / 3_600_000);
	if (cached?.hour !== hour) cached = { hour, choices: makeChoices(now) };
	return cached.choices;
}

function makeChoices(now: Date): Choices {
	const choice = (value: string) => ({ value, label: timeZoneLabel(value, now) });
	const australia = AUSTRALIAN_TIME_ZONES.filter((z) => knownZones().has(z)).map(choice);
	const elsewhere = [...knownZones()]
		.filter((z) => !AUSTRALIAN_TIME_ZONES.includes(z))
		.sort()
		.map(choice);
	return { australia, elsewhere };
}

/** The zone a page's dates are read in when its address names none: a referrer's own once known, else `fallback`. */
export const defaultViewZone = (reader: TimeReader | null | undefined, fallback: string): string =>
	reader?.role === 'user' && reader.timeZone ? reader.timeZone : fallback;

/** The zones a page's "in … time" select offers: the Australian ones, then any of `zones` that is another. */
export const zonesWith = (...zones: (string | null | undefined)[]): string[] => [
	...AUSTRALIAN_TIME_ZONES,
	...new Set(zones.filter((z): z is string => Boolean(z) && !AUSTRALIAN_TIME_ZONES.includes(z!)))
];
