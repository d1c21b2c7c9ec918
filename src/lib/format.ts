/**
 * How the portal writes dates, times, zones and money, in the browser and on the server alike
 * (en-AU). Instants are shown in a named zone (the clinic's, or the viewer's); calendar dates
 * (YYYY-MM-DD) are plain dates with no zone. Date arithmetic on calendar dates goes through
 * @internationalized/date, so it never slips a day at a daylight-saving change.
 */
import { parseDate, today } from '@internationalized/date';

/** The zone the service works in when nothing says otherwise. */
export const SERVICE_TIME_ZONE = 'Australia/Sydney';

const formatters = new Map<string, Intl.DateTimeFormat>();
/** One Intl formatter per set of options: building them is the slow part. */
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = JSON.stringify(options);
	let f = formatters.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat('en-AU', options);
		formatters.set(key, f);
	}
	return f;
}

type Instant = Date | string;
const asDate = (d: Instant) => (d instanceof Date ? d : new Date(d));
/** A calendar date as the instant of its UTC midnight, formatted in UTC: the date never shifts. */
const calendar = (date: string) => new Date(`${date}T00:00:00Z`);

/** "Sydney", "Lord Howe", "Auckland", "UTC": a zone's place (the last part of its IANA name). */
export const zoneName = (tz: string) => (tz.split('/').pop() ?? tz).replace(/_/g, ' ');

/** "26 Nov 2026, 9:30 am" in `tz` (the service's zone by default); "—" for nothing. */
export const formatDateTime = (d: Instant | null | undefined, tz = SERVICE_TIME_ZONE) =>
	d ? formatter({ dateStyle: 'medium', timeStyle: 'short', timeZone: tz }).format(asDate(d)) : '—';

/** "26 Nov 2026" in `tz`; "—" for nothing. */
export const formatDate = (d: Instant | null | undefined, tz = SERVICE_TIME_ZONE) =>
	d ? formatter({ dateStyle: 'medium', timeZone: tz }).format(asDate(d)) : '—';

/** "Thursday 26 November 2026 at 9:30 am AEDT": an appointment, in full, in `tz`. */
export const formatAppointment = (d: Instant, tz: string) =>
	formatter({
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: 'numeric',
		minute: '2-digit',
		timeZone: tz,
		timeZoneName: 'short'
	}).format(asDate(d));

/** "Thursday, 26 November 2026 at 9:30 am (Sydney time)": the wording of emails and notices. */
export const formatForNotice = (d: Instant, tz: string) =>
	`${formatter({ dateStyle: 'full', timeStyle: 'short', timeZone: tz }).format(asDate(d))} (${zoneName(tz)} time)`;

/** "Thu 26 Nov, 9:30 am" in `tz`: a time in a list. */
export const formatShortDateTime = (d: Instant, tz: string) =>
	formatter({ weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZone: tz }).format(asDate(d));

/** "Thursday 26 November, 9:30 am" in `tz`: a time chosen in the booking wizard. */
export const formatDayAndTime = (d: Instant, tz: string) =>
	formatter({ weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit', timeZone: tz }).format(asDate(d));

/** "9:30 am" in `tz`. */
export const formatTime = (d: Instant, tz: string) => formatter({ hour: 'numeric', minute: '2-digit', timeZone: tz }).format(asDate(d));

/** "GMT+08:00" (or "GMT"): the zone's offset from UTC at that instant; equal strings, equal offsets. */
const offsetAt = (d: Date, tz: string) =>
	formatter({ timeZone: tz, timeZoneName: 'longOffset' })
		.formatToParts(d)
		.find((p) => p.type === 'timeZoneName')?.value ?? tz;

/** Whether two zones read the same clock at that instant (Brisbane and Sydney agree in winter, not in summer). */
export const sameClock = (d: Instant, a: string, b: string) => a === b || offsetAt(asDate(d), a) === offsetAt(asDate(d), b);

/** "UTC+8", "UTC+10:30", "UTC−5", "UTC": the zone's offset at that instant, plainly. */
export function utcOffset(d: Instant, tz: string): string {
	const m = /([+-])(\d{2}):?(\d{2})?/.exec(offsetAt(asDate(d), tz));
	if (!m || (m[2] === '00' && (m[3] ?? '00') === '00')) return 'UTC';
	return `UTC${m[1] === '-' ? '−' : '+'}${Number(m[2])}${m[3] && m[3] !== '00' ? `:${m[3]}` : ''}`;
}

/** "AWST", "AEDT", "NZDT": the zone's abbreviation at that instant, or null where it has none (only "GMT+5:30"). */
export function zoneAbbreviation(d: Instant, tz: string): string | null {
	const name = formatter({ timeZone: tz, timeZoneName: 'short' })
		.formatToParts(asDate(d))
		.find((p) => p.type === 'timeZoneName')?.value;
	return name && !/^(GMT|UTC)[+\-−]/.test(name) ? name : null;
}

/**
 * How a time is written by `formatInZones`: `short` "Tue, 8 Dec, 11:30 am AWST", `list` with the
 * year, `long` "Tuesday 8 December 2026 at 11:30 am AWST", `notice` (emails, deadlines)
 * "Tuesday, 8 December 2026 at 11:30 am (Perth time)".
 */
export type ZonesStyle = 'short' | 'list' | 'long' | 'notice';

const ZONES_STYLES: Record<Exclude<ZonesStyle, 'notice'>, Intl.DateTimeFormatOptions> = {
	short: { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
	list: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
	long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }
};

const localDay = (d: Date, tz: string) => formatter({ year: 'numeric', month: '2-digit', day: '2-digit', timeZone: tz }).format(d);

/**
 * A time in `zone`, and the other zone's clock where the two differ at that instant (offsets are
 * compared, not names), naming its day too when it is another one: { first: "Tue, 8 Dec, 11:30 am
 * AWST", beside: "2:30 pm in Sydney" }; `beside` is null for `other` null or the same clock.
 */
export function timeInZones(d: Instant, zone: string, other: string | null | undefined, style: ZonesStyle = 'short') {
	const at = asDate(d);
	// The same instants come back on every view of a page (and twice in a page: cards and table).
	const key = `${at.getTime()}|${zone}|${other ?? ''}|${style}`;
	const known = zonesCache.get(key);
	if (known) return { ...known };
	const parts = zonesOf(at, zone, other, style);
	if (zonesCache.size >= ZONES_CACHE_MAX) zonesCache.clear();
	zonesCache.set(key, parts);
	return { ...parts };
}

/** Recent `timeInZones` answers (a pure function of its arguments: an instant and zones, nothing about anyone). */
const zonesCache = new Map<string, { first: string; beside: string | null }>();
const ZONES_CACHE_MAX = 5000;

function zonesOf(at: Date, zone: string, other: string | null | undefined, style: ZonesStyle) {
	let beside: string | null = null;
	if (other && !sameClock(at, zone, other)) {
		const clock =
			localDay(at, zone) === localDay(at, other)
				? formatTime(at, other)
				: formatter({ weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZone: other }).format(at);
		beside = `${clock} in ${zoneName(other)}`;
	}
	const first =
		style === 'notice'
			? formatter({ dateStyle: 'full', timeStyle: 'short', timeZone: zone }).format(at)
			: formatter({ ...ZONES_STYLES[style], timeZone: zone }).format(at);
	return { first, beside };
}

/**
 * A time in the reader's zone first, with the other zone's clock beside it only where they differ:
 * "Tue, 8 Dec, 11:30 am AWST (2:30 pm in Sydney)"; `notice` style "Tuesday, 8 December 2026 at
 * 11:30 am (Perth time; 2:30 pm in Sydney)". `other` null or the same clock: one time.
 */
export function formatInZones(d: Instant, zone: string, other: string | null | undefined, style: ZonesStyle = 'short'): string {
	const { first, beside } = timeInZones(d, zone, other, style);
	if (style === 'notice') return `${first} (${zoneName(zone)} time${beside ? `; ${beside}` : ''})`;
	return beside ? `${first} (${beside})` : first;
}

/** Who reads a time: their platform role and their zone (null until known). */
export interface TimeReader {
	role: string;
	timeZone: string | null;
}

/**
 * The zones a time at a clinic is written in for `reader`, first one leading: a referrer's own zone
 * with the clinic's beside it; an admin the clinic's with their own beside it; a specialist (and
 * anyone whose zone is not known yet) the clinic's alone.
 */
export function readerZones(reader: TimeReader | null | undefined, clinicZone: string): [zone: string, other: string] {
	if (!reader?.timeZone || reader.role === 'specialist') return [clinicZone, clinicZone];
	return reader.role === 'admin' ? [clinicZone, reader.timeZone] : [reader.timeZone, clinicZone];
}

/** The parts of a time at a clinic as `reader` reads it (see `timeInZones`, `readerZones`). */
export const timeForReader = (d: Instant, reader: TimeReader | null | undefined, clinicZone: string, style: ZonesStyle = 'short') =>
	timeInZones(d, ...readerZones(reader, clinicZone), style);

/** A time at a clinic in `clinicZone`, as `reader` reads it (see `readerZones`). */
export const formatForReader = (d: Instant, reader: TimeReader | null | undefined, clinicZone: string, style: ZonesStyle = 'short') =>
	formatInZones(d, ...readerZones(reader, clinicZone), style);

/** "Thursday 26 November" for a calendar date. */
export const formatDayOfMonth = (date: string) =>
	formatter({ weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(calendar(date));

/** "26 November 2026" for a calendar date; "—" for none. */
export const formatLongDate = (date: string | null | undefined) =>
	date ? formatter({ day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(calendar(date)) : '—';

/** "Thu 26 Nov 2026" for a calendar date. */
export const formatShortDate = (date: string) =>
	formatter({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(calendar(date));

/** "November 2026" for a month (YYYY-MM). */
export const formatMonth = (month: string) =>
	formatter({ month: 'long', year: 'numeric', timeZone: 'UTC' }).format(calendar(`${month}-01`));

/** Today's calendar date (YYYY-MM-DD) in `tz`. */
export const todayIn = (tz: string) => today(tz).toString();

/** The calendar date `days` after `date` (negative: before). */
export const addDays = (date: string, days: number) => parseDate(date).add({ days }).toString();

const aud = new Intl.NumberFormat('en-AU', { style: 'currency', currency: 'AUD' });
/** "$1,650.00" from cents. */
export const formatAud = (cents: number) => aud.format(cents / 100);
