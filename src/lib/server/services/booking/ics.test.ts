import { describe, expect, it } from 'vitest';
import { bookingIcs, bookingIcsAttachment, escapeText, eventLocation, foldLine, icsDomain, icsUtc, type IcsBooking } from './ics';

const booking = {
	id: '3f2b8c1e-5d4a-4e6b-9a7c-1b2d3e4f5a6b',
	reference: 'IME-7K3Q9P',
	startsAt: new Date('2027-03-30T23:00:00Z'),
	endsAt: new Date('2027-03-31T00:00:00Z'),
	stage: 'scheduled',
	// What a booking row also holds: none of it may reach the invite.
	examineeEncrypted: 'v1:k1:sealed',
	examinee: { givenNames: 'Zoë', familyName: 'O’Brien-Examinee', phone: '0412 345 678' }
};

const input: IcsBooking = {
	booking,
	specialist: { displayName: 'Dr Sam Specialist', location: 'Level 3, 1 Macquarie St, Sydney NSW 2000' },
	type: { name: 'IME — in person' },
	domain: 'book.example.com.au',
	link: 'https://book.example.com.au/bookings/3f2b8c1e-5d4a-4e6b-9a7c-1b2d3e4f5a6b',
	now: new Date('2027-03-01T01:02:03.456Z')
};

/** Unfold (RFC 5545 §3.1) to read logical lines. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('the booking calendar event', () => {
	const ics = bookingIcs(input);

	it('ends every line with CRLF and has no bare LF or CR', () => {
		expect(ics.endsWith('\r\n')).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
	});

	it('keeps every physical line within 75 octets, folding with CRLF and a space', () => {
		for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
		expect(ics).toMatch(/\r\n /);
	});

	it('is one VCALENDAR with one VEVENT and the required properties', () => {
		const lines = unfold(ics).filter(Boolean);
		expect(lines[0]).toBe('BEGIN:VCALENDAR');
		expect(lines.at(-1)).toBe('END:VCALENDAR');
		expect(lines).toContain('VERSION:2.0');
		expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
		expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
		expect(lines).toContain(`UID:${booking.id}@book.example.com.au`);
		expect(lines).toContain('DTSTAMP:20270301T010203Z');
		expect(lines).toContain('STATUS:CONFIRMED');
		// Every logical line is NAME[;params]:value.
		for (const l of lines) expect(l).toMatch(/^[A-Z-]+(;[^:]+)?:/);
	});

	it('writes start and end in UTC', () => {
		const lines = unfold(ics);
		expect(lines).toContain('DTSTART:20270330T230000Z');
		expect(lines).toContain('DTEND:20270331T000000Z');
		expect(icsUtc(new Date('2027-01-26T00:30:00+10:30'))).toBe('20270125T140000Z');
	});

	it('names the exam, specialist and reference, with the specialist’s location and the reference in the description', () => {
		const lines = unfold(ics);
		expect(lines).toContain('SUMMARY:IME — in person with Dr Sam Specialist (IME-7K3Q9P)');
		expect(lines).toContain('LOCATION:Level 3\\, 1 Macquarie St\\, Sydney NSW 2000');
		const description = lines.find((l) => l.startsWith('DESCRIPTION:'))!;
		expect(description).toContain('IME-7K3Q9P');
		expect(description).toContain('\\n');
	});

	it('carries no examinee details', () => {
		const text = unfold(ics).join('\n');
		for (const word of ['Zoë', 'Brien', 'Examinee', '0412', 'sealed']) expect(text).not.toContain(word);
	});

	it('marks a cancelled booking and a later version with a higher sequence', () => {
		const cancelled = unfold(bookingIcs({ ...input, booking: { ...booking, stage: 'cancelled' }, sequence: 2 }));
		expect(cancelled).toContain('STATUS:CANCELLED');
		expect(cancelled).toContain('SEQUENCE:2');
	});

	it('is offered as a text/calendar attachment named for the reference', () => {
		const a = bookingIcsAttachment(input);
		expect(a.filename).toBe('IME-7K3Q9P.ics');
		expect(a.contentType).toBe('text/calendar; charset=utf-8');
		expect(a.content).toBe(ics);
	});
});

describe('text escaping and folding', () => {
	it('escapes backslash, semicolon, comma and newlines', () => {
		expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
	});

	it('folds at 75 octets without splitting a multi-byte character', () => {
		const line = `SUMMARY:${'é'.repeat(100)}`;
		const folded = foldLine(line);
		const parts = folded.split('\r\n');
		expect(parts.length).toBeGreaterThan(1);
		for (const p of parts) {
			expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
			expect(p).not.toContain('\uFFFD');
		}
		expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
		expect(folded.replace(/\r\n /g, '')).toBe(line);
	});

	it('leaves a short line alone', () => {
		expect(foldLine('VERSION:2.0')).toBe('VERSION:2.0');
	});

	it('takes the host of the origin for UIDs', () => {
		expect(icsDomain('https://book.example.com.au/')).toBe('book.example.com.au');
		expect(icsDomain('not a url')).toBe('ime-booking.invalid');
	});
});

describe('the event’s LOCATION', () => {
	const address = 'Macquarie Street rooms, Level 4, 135 Macquarie Street, Sydney NSW 2000';

	it('is the address the booking holds for an in-person examination', () => {
		const lines = unfold(
			bookingIcs({ ...input, specialist: { ...input.specialist, location: 'Sydney' }, place: { mode: 'in_person', address } })
		);
		expect(lines).toContain('LOCATION:Macquarie Street rooms\\, Level 4\\, 135 Macquarie Street\\, Sydney NSW 2000');
		expect(eventLocation({ specialist: input.specialist, place: { mode: 'in_person', address } })).toBe(address);
	});

	it('says telehealth for a telehealth examination, whatever address or location there is', () => {
		const lines = unfold(bookingIcs({ ...input, place: { mode: 'telehealth', address: '' } }));
		expect(lines).toContain('LOCATION:Telehealth (video call)');
		expect(lines.filter((l) => l.startsWith('LOCATION:'))).toHaveLength(1);
	});

	it('falls back to the specialist’s location when the booking holds no address, and is left out when there is neither', () => {
		expect(
			unfold(bookingIcs({ ...input, specialist: { displayName: 'Dr A', location: 'Perth' }, place: { mode: 'in_person', address: '' } }))
		).toContain('LOCATION:Perth');
		const none = unfold(
			bookingIcs({ ...input, specialist: { displayName: 'Dr A', location: '' }, place: { mode: 'in_person', address: '' } })
		);
		expect(none.some((l) => l.startsWith('LOCATION:'))).toBe(false);
	});
});
