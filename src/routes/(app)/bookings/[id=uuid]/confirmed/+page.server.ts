import { requireSignedIn, pageErrorFrom } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';
import { calendarLinks } from '$lib/calendar-links';
import { bookingLink, termsOfBooking } from '$lib/server/services/booking/confirmation';
import { caseOfBookingIn } from '$lib/server/services/booking/case-link';
import { scopeFor } from '$lib/server/auth/scope';

/**
 * Where Confirm lands: what was booked, "Add to calendar", what happens next, and the letter of
 * instruction's upload. It can be opened again later and only shows the booking. The booking is read
 * like the detail page reads it (bookings.get: the caller's scope, audited; outside it a 404), and
 * only what this page shows goes to the browser — no examinee details, none are shown here.
 */
export const load = async (event) => {
	const signedIn = requireSignedIn(event);
	const api = callerFor(event);
	const { app } = event.locals;
	const b = await api.bookings.get({ id: event.params.id }).catch(pageErrorFrom);
	const documents = await api.documents.list({ bookingId: b.id }).catch(pageErrorFrom);
	const type = b.appointmentType;
	const specialist = b.specialist;
	const terms =
		type && specialist
			? await termsOfBooking(app, {
					appointmentTypeId: type.id,
					specialistId: specialist.id,
					startsAt: b.startsAt,
					clinicTimeZone: b.clinicTimeZone
				})
			: null;
	// The booked address ("Telehealth (video call)" for telehealth); the specialist's location for a booking made before addresses.
	const place = b.where.address || specialist?.location || '';
	const link = bookingLink(app, b.id);
	// The case it was booked in (from a case, or opened on the way): its reference, if the caller sees it.
	const bookingCase = await caseOfBookingIn(app, scopeFor(signedIn.caller), b.id);
	return {
		booking: {
			id: b.id,
			reference: b.reference,
			stage: b.stage,
			stageLabel: b.stageLabel,
			startsAt: b.startsAt,
			endsAt: b.endsAt,
			clinicTimeZone: b.clinicTimeZone,
			specialist: specialist ? { name: specialist.name, specialty: specialist.specialty } : null,
			appointmentType: type ? { name: type.name, mode: type.mode, durationMinutes: type.durationMinutes } : null,
			place,
			telehealth: b.where.telehealth,
			directions: b.where.directions,
			// An admin booking for a referrer (or anyone looking at a colleague's booking) sees whom it is for.
			bookedFor: b.ownerName !== signedIn.user.name ? b.ownerName : null,
			case: bookingCase
		},
		terms,
		calendar: {
			ics: `/api/bookings/${b.id}/calendar.ics`,
			...calendarLinks({
				reference: b.reference,
				examType: type?.name ?? 'Examination',
				specialist: specialist?.name ?? 'the specialist',
				place,
				startsAt: b.startsAt,
				endsAt: b.endsAt,
				link
			})
		},
		documents: {
			uploadable: documents.uploadable,
			// The short list under the upload: what this booking holds that the viewer may see, newest first.
			items: documents.groups
				.flatMap((g) => g.categories)
				.flatMap((c) =>
					c.items.map((d) => ({ id: d.id, name: d.name, categoryLabel: c.categoryLabel, category: c.category, uploadedAt: d.uploadedAt }))
				)
				.sort((a, b) => b.uploadedAt.getTime() - a.uploadedAt.getTime())
		},
		maxUploadBytes: app.documents.maxBytes
	};
};
