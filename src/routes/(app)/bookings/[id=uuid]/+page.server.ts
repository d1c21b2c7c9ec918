import { requireSignedIn, pageErrorFrom } from '$lib/server/auth/guards';
import { callerFor } from '$lib/server/caller';
import { streamedPage } from '$lib/server/http/streamed-page';
import { allowedActions } from '$lib/server/routers/booking-lifecycle';
import { lifecycleActions } from './lifecycle-actions.server';
import { documentActions } from './document-actions.server';
import { logisticsActions } from './logistics-actions.server';
import { feeActions } from './fee-actions.server';
import { enclosureActions, enclosureCard } from './enclosure-actions.server';
import { allowedReportSteps } from '$lib/server/services/documents/report-workflow';
import { REPORT_STATE_LABELS } from '$lib/schemas/document';
import { sharingBookingReads } from '$lib/server/services/booking/booking-views';
import type { PageServerLoad } from './$types';

/**
 * One booking, for every role: specialists reach it from their appointments (the bookings layout
 * lets them through to this page only). Who sees which booking is decided by the procedure's
 * scope: anything else is a 404, audited. The lifecycle forms post to this page's actions.
 */
export const load = (event) => sharingBookingReads(() => read(event));

/** The booking, its documents and its logistics each check the booking is in scope: one read of it serves them all. */
async function read(event: Parameters<PageServerLoad>[0]) {
	const signedIn = requireSignedIn(event);
	const api = callerFor(event);
	const booking = await api.bookings.get({ id: event.params.id }).catch(pageErrorFrom);
	const documents = await api.documents.list({ bookingId: booking.id }).catch(pageErrorFrom);
	const logistics = await api.logistics.get({ bookingId: booking.id }).catch(pageErrorFrom);
	// The enclosure checklist (the booking was read in the caller's scope just above).
	const enclosures = await enclosureCard(event.locals.app, signedIn, booking);
	// The released report, straight from the Report card (the newest final report this person may see).
	const finalReport =
		booking.reportState === 'released'
			? (documents.groups
					.flatMap((g) => g.categories)
					.filter((c) => c.category === 'final_report')
					.flatMap((c) => c.items)
					.sort((a, b) => b.uploadedAt.getTime() - a.uploadedAt.getTime())[0] ?? null)
			: null;
	return {
		booking,
		allowed: allowedActions(signedIn, booking),
		documents,
		report: {
			state: booking.reportState,
			label: REPORT_STATE_LABELS[booking.reportState],
			steps: allowedReportSteps(signedIn.caller, booking, documents.hasFinalReport),
			finalReport: finalReport ? { id: finalReport.id, name: finalReport.name, extension: finalReport.extension } : null
		},
		maxUploadBytes: event.locals.app.documents.maxBytes,
		logistics,
		enclosures,
		...streamedPage(event)
	};
}

export const actions = { ...lifecycleActions, ...documentActions, ...logisticsActions, ...enclosureActions, ...feeActions };
