/**
 * A booking as an iCalendar event (RFC 5545), attached to confirmation and change notices so the
 * referrer can put the examination in their calendar. Calendar invites travel far beyond our
 * control (shared calendars, phones, sync services): they carry no PHI — no examinee name or
 * contact — only the exam type, the specialist, the place, the time and the reference.
 *
 * A plain iCalendar object, not an iTIP message (no METHOD): iTIP's PUBLISH/REQUEST/CANCEL need an
 * ORGANIZER and ATTENDEEs, i.e. people's addresses, which the invite does not need to carry.
 * Calendars import it as an event; a later copy with the same UID and a higher SEQUENCE replaces it.
 */

export interface IcsBooking {
	booking: { id: string; reference: string; startsAt: Date; endsAt: Date; stage?: string };
	specialist: { displayName: string; location: string };
	type: { name: string };
	/**
	 * Where the examination is: its mode and the address the booking holds. LOCATION is the address
	 * for an in-person one ("Telehealth (video call)" for telehealth); without it, or without an
	 * address, the specialist's location.
	 */
	place?: { mode: string; address: string };
	/** Host name that makes the UID globally unique, e.g. book.example.com.au. */
	domain: string;
	/** The booking's page (sign-in required), for the description. */
	link?: string;
	/** Incremented on each change, so calendars replace the earlier version (RFC 5545 §3.8.7.4). */
	sequence?: number;
	/** DTSTAMP: when this copy was made. */
	now?: Date;
}

export interface IcsAttachment {
	filename: string;
	contentType: string;
	content: string;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** What LOCATION says of a telehealth examination. */
export const TELEHEALTH_PLACE = 'Telehealth (video call)';

/** The event's LOCATION: see `IcsBooking.place`; '' for none. */
export function eventLocation(input: Pick<IcsBooking, 'place' | 'specialist'>): string {
	if (input.place?.mode === 'telehealth') return TELEHEALTH_PLACE;
	return input.place?.address || input.specialist.location;
}

/** UTC date-time in the basic format, e.g. 20270104T230000Z. */
export function icsUtc(d: Date): string {
	return d
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/** TEXT value escaping (§3.3.11): backslash, semicolon, comma, newline. */
export function escapeText(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Lines longer than 75 octets are folded (§3.1): CRLF then one space, never inside a UTF-8
 * character. A continuation line's leading space counts toward its 75.
 */
export function foldLine(line: string): string {
	const out: string[] = [];
	let current = '';
	let octets = 0;
	for (const ch of line) {
		const size = Buffer.byteLength(ch, 'utf8');
		const limit = out.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
		if (octets + size > limit) {
			out.push(current);
			current = '';
			octets = 0;
		}
		current += ch;
		octets += size;
	}
	out.push(current);
	return out.join(`${CRLF} `);
}

export function bookingIcs(input: IcsBooking): string {
	const { booking, specialist, type } = input;
	const location = eventLocation(input);
	const cancelled = booking.stage === 'cancelled';
	const description = [`Booking reference ${booking.reference}.`, input.link ? `Details (sign-in required): ${input.link}` : null]
		.filter(Boolean)
		.join('\n');
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//IME Booking Portal//Bookings//EN',
		'CALSCALE:GREGORIAN',
		'BEGIN:VEVENT',
		`UID:${booking.id}@${input.domain}`,
		`DTSTAMP:${icsUtc(input.now ?? new Date())}`,
		`DTSTART:${icsUtc(booking.startsAt)}`,
		`DTEND:${icsUtc(booking.endsAt)}`,
		`SEQUENCE:${input.sequence ?? 0}`,
		`STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
		`SUMMARY:${escapeText(`${type.name} with ${specialist.displayName} (${booking.reference})`)}`,
		...(location ? [`LOCATION:${escapeText(location)}`] : []),
		`DESCRIPTION:${escapeText(description)}`,
		...(input.link ? [`URL:${input.link}`] : []),
		'TRANSP:OPAQUE',
		'END:VEVENT',
		'END:VCALENDAR'
	];
	return lines.map(foldLine).join(CRLF) + CRLF;
}

/** The event as an email attachment (see the report for the outbox change that carries it). */
export function bookingIcsAttachment(input: IcsBooking): IcsAttachment {
	return { filename: `${input.booking.reference}.ics`, contentType: 'text/calendar; charset=utf-8', content: bookingIcs(input) };
}

/** The host of an origin, for UIDs: https://book.example.com.au → book.example.com.au. */
export const icsDomain = (origin: string) => {
	try {
		return new URL(origin).hostname || 'ime-booking.invalid';
	} catch {
		return 'ime-booking.invalid';
	}
};
