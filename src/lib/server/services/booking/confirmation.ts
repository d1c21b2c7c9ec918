/**
 * What the confirmation page and the booking's calendar file say besides the booking view: what the
 * examination costs and until when cancelling is free, and the calendar event.
 * None of it is about the examinee: the calendar event goes into calendars we do not control (ics.ts).
 */
import type { App } from '../../app';
import type { BookingRow } from '../../repositories/booking.repository';
import { findAppointmentType } from '../../repositories/catalogue.repository';
import { findSpecialist } from '../../repositories/specialists.repository';
import { bookingTerms, type BookingTerms } from './cancellation-policy';
import { icsDomain, type IcsBooking } from './ics';

/** The booking's page in the portal (sign-in required). */
export const bookingLink = (app: Pick<App, 'config'>, bookingId: string) => `${app.config.origin}/bookings/${bookingId}`;

/**
 * The price (the exam type's) and the free-cancellation deadline of a booked time, read as the
 * wizard showed them before confirming; null when the type or specialist is gone.
 */
export async function termsOfBooking(
	app: App,
	b: { appointmentTypeId: string; specialistId: string; startsAt: Date; clinicTimeZone: string },
	now = new Date()
): Promise<BookingTerms | null> {
	const db = app.database.db;
	const [type, spec] = await Promise.all([findAppointmentType(db, b.appointmentTypeId), findSpecialist(db, b.specialistId)]);
	if (!type || !spec) return null;
	return bookingTerms({ startsAt: b.startsAt, clinicTimeZone: b.clinicTimeZone, state: spec.state, priceCents: type.priceCents, now });
}

/**
 * The calendar event of a booking the caller may see (`requireBookingAccess` first): the exam
 * type, the specialist, the place, the time and the reference — nothing of the examinee. A later
 * download replaces an earlier copy in a calendar (same UID, a higher SEQUENCE).
 */
export async function bookingCalendarEvent(app: App, b: BookingRow, now = new Date()): Promise<IcsBooking> {
	const db = app.database.db;
	const [type, spec] = await Promise.all([findAppointmentType(db, b.appointmentTypeId), findSpecialist(db, b.specialistId)]);
	return {
		booking: { id: b.id, reference: b.reference, startsAt: b.startsAt, endsAt: b.endsAt, stage: b.stage },
		specialist: { displayName: spec?.displayName ?? 'the specialist', location: spec?.location ?? '' },
		type: { name: type?.name ?? 'Examination' },
		place: { mode: type?.mode ?? 'in_person', address: b.locationAddress },
		domain: icsDomain(app.config.origin),
		link: bookingLink(app, b.id),
		sequence: Math.floor((now.getTime() - Date.UTC(2020, 0, 1)) / 1000),
		now
	};
}
