import { describe, expect, it } from 'vitest';
import { calendarLinks, googleCalendarLink, outlookCalendarLink, utcBasic, utcIso, type CalendarEvent } from './calendar-links';

const event: CalendarEvent = {
	reference: 'IME-7K3Q9P',
	examType: 'IME — in person',
	specialist: 'Dr James Whitford',
	place: 'Level 4, 135 Macquarie Street, Sydney NSW 2000',
	startsAt: new Date('2027-03-30T23:00:00Z'),
	endsAt: new Date('2027-03-31T00:30:00Z'),
	link: 'https://book.example.com.au/bookings/3f2b8c1e-5d4a-4e6b-9a7c-1b2d3e4f5a6b'
};

const title = 'IME%20%E2%80%94%20in%20person%20with%20Dr%20James%20Whitford%20(IME-7K3Q9P)';
const details =
	'Booking%20reference%20IME-7K3Q9P.%0ADetails%20(sign-in%20required)%3A%20https%3A%2F%2Fbook.example.com.au%2Fbookings%2F3f2b8c1e-5d4a-4e6b-9a7c-1b2d3e4f5a6b';
const place = 'Level%204%2C%20135%20Macquarie%20Street%2C%20Sydney%20NSW%202000';

describe('add-to-calendar links', () => {
	it('opens Google Calendar’s new event with the title, UTC times in the basic format, details and place', () => {
		expect(googleCalendarLink(event)).toBe(
			`https://calendar.google.com/calendar/render?action=TEMPLATE&text=${title}&dates=20270330T230000Z/20270331T003000Z&details=${details}&location=${place}`
		);
	});

	it('opens Outlook.com’s new event with the subject, ISO UTC times, body and place', () => {
		expect(outlookCalendarLink(event)).toBe(
			`https://outlook.live.com/calendar/0/action/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject=${title}&startdt=2027-03-30T23%3A00%3A00Z&enddt=2027-03-31T00%3A30%3A00Z&body=${details}&location=${place}`
		);
	});

	it('reads the same values back as a browser would', () => {
		const g = new URL(googleCalendarLink(event)).searchParams;
		expect(g.get('text')).toBe('IME — in person with Dr James Whitford (IME-7K3Q9P)');
		expect(g.get('dates')).toBe('20270330T230000Z/20270331T003000Z');
		expect(g.get('location')).toBe(event.place);
		const o = new URL(outlookCalendarLink(event)).searchParams;
		expect(o.get('startdt')).toBe('2027-03-30T23:00:00Z');
		expect(o.get('body')).toBe(`Booking reference IME-7K3Q9P.\nDetails (sign-in required): ${event.link}`);
	});

	it('leaves the place out when there is none, and says Telehealth when that is the place', () => {
		const none = calendarLinks({ ...event, place: '' });
		expect(none.google).not.toContain('location=');
		expect(none.outlook).not.toContain('location=');
		expect(new URL(calendarLinks({ ...event, place: 'Telehealth' }).google).searchParams.get('location')).toBe('Telehealth');
	});

	it('writes times in UTC whatever the offset they were given in, from instants or ISO strings', () => {
		expect(utcBasic('2027-01-26T00:30:00+10:30')).toBe('20270125T140000Z');
		expect(utcIso('2027-01-26T00:30:00.250+10:30')).toBe('2027-01-25T14:00:00Z');
		expect(googleCalendarLink({ ...event, startsAt: '2027-03-31T10:00:00+11:00', endsAt: '2027-03-31T11:30:00+11:00' })).toContain(
			'dates=20270330T230000Z/20270331T003000Z&'
		);
	});

	it('carries no examinee detail, even when the object handed in holds one', () => {
		// A booking view holds the examinee: only the event's own fields are read.
		const view = {
			...event,
			examinee: { givenNames: 'Quentin', familyName: 'Zyxwarble', dateOfBirth: '1971-02-03', phone: '0412 345 678' }
		};
		const links = calendarLinks(view);
		for (const url of [links.google, links.outlook]) {
			const text = decodeURIComponent(url);
			for (const word of ['Quentin', 'Zyxwarble', '1971', '0412']) expect(text).not.toContain(word);
			expect(text).toContain('IME-7K3Q9P');
		}
		// The input type has no room for an examinee.
		const withName: CalendarEvent = {
			...event,
			// @ts-expect-error an examinee is not part of a calendar event
			examinee: 'Quentin Zyxwarble'
		};
		expect(withName.reference).toBe('IME-7K3Q9P');
	});
});
