/**
 * "Add to calendar" links for Google Calendar and Outlook.com: they open the calendar's new-event
 * screen, filled in. The whole event travels in the link's query string to another company, and
 * from there into calendars we do not control: it carries no PHI — no examinee, ever — only the
 * exam type, the specialist, the reference, the place and the booking's page (sign-in required),
 * the same as the .ics file (server/services/booking/ics.ts). The input type has no room for more.
 *
 * Neither link is documented by its vendor; the parameters are the ones in common use:
 * Google `calendar/render?action=TEMPLATE` (`text`, `dates` as UTC basic format start/end, `details`,
 * `location`); Outlook `calendar/0/action/compose` (`rru=addevent`, `subject`, `startdt`/`enddt` as
 * ISO 8601 UTC, `body`, `location`).
 */

export interface CalendarEvent {
	reference: string;
	/** The exam type's name, e.g. "IME — in person". */
	examType: string;
	specialist: string;
	/** The clinic's address, "Telehealth", or empty when unknown. */
	place: string;
	startsAt: Date | string;
	endsAt: Date | string;
	/** The booking's page in the portal. */
	link: string;
}

const asDate = (d: Date | string) => (d instanceof Date ? d : new Date(d));

/** 20270330T230000Z: UTC in the basic format (RFC 5545), as Google's `dates` wants it. */
export const utcBasic = (d: Date | string) =>
	asDate(d)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');

/** 2027-03-30T23:00:00Z: ISO 8601 in UTC, without milliseconds. */
export const utcIso = (d: Date | string) =>
	asDate(d)
		.toISOString()
		.replace(/\.\d{3}/, '');

/** What the event is called in a calendar: the same words as the .ics file's summary. */
export const eventTitle = (e: CalendarEvent) => `${e.examType} with ${e.specialist} (${e.reference})`;

/** The event's description: the reference and where the details are (behind sign-in). */
export const eventDetails = (e: CalendarEvent) => `Booking reference ${e.reference}.\nDetails (sign-in required): ${e.link}`;

/** Every value percent-encoded, spaces as `%20` (not every reader of a query string takes `+` for a space). */
const query = (params: [string, string][]) => params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

export function googleCalendarLink(e: CalendarEvent): string {
	const place: [string, string][] = e.place ? [['location', e.place]] : [];
	// The dates stay readable: digits, T, Z and the slash between start and end.
	const dates = `${utcBasic(e.startsAt)}/${utcBasic(e.endsAt)}`;
	const text = query([['text', eventTitle(e)]]);
	return `https://calendar.google.com/calendar/render?action=TEMPLATE&${text}&dates=${dates}&${query([['details', eventDetails(e)], ...place])}`;
}

export function outlookCalendarLink(e: CalendarEvent): string {
	const params: [string, string][] = [
		['path', '/calendar/action/compose'],
		['rru', 'addevent'],
		['subject', eventTitle(e)],
		['startdt', utcIso(e.startsAt)],
		['enddt', utcIso(e.endsAt)],
		['body', eventDetails(e)],
		...(e.place ? [['location', e.place] as [string, string]] : [])
	];
	return `https://outlook.live.com/calendar/0/action/compose?${query(params)}`;
}

/** Both links. Each reads the event's own fields only: whatever else the caller's object holds is never read. */
export const calendarLinks = (e: CalendarEvent) => ({ google: googleCalendarLink(e), outlook: outlookCalendarLink(e) });
