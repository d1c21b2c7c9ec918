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

/** "Sydney", "Lord Howe": an Australian zone's short name. */
export const zoneName = (tz: string) => tz.replace('Australia/', '').replace('_', ' ');

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
