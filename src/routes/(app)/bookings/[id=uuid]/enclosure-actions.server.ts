/**
 * The enclosure checklist on the booking page: what the card reads, and its form actions ("Not
 * applicable" with a reason, and undo). They work without JavaScript and answer
 * `{ enclosures: EnclosuresState }`; the procedures check scope and role.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { readFields, refusalOf } from '$lib/server/forms';
import { callerCan } from '$lib/server/auth/access';
import type { SignedIn } from '$lib/server/auth/session';
import { enclosureViews, notApplicableReasons, todayIn } from '$lib/server/services/cases/enclosures';
import type { App } from '$lib/server/app';
import type { EnclosureView } from '$lib/schemas/case';

export interface EnclosuresState {
	ok: boolean;
	message: string;
	/** The item the message is about. */
	enclosureId: string;
	fields: Record<string, string>;
}

/** The checklist of a booking the page has already read in the caller's scope. */
export async function enclosureCard(
	app: App,
	signedIn: SignedIn,
	booking: { id: string; clinicTimeZone: string }
): Promise<{ items: EnclosureView[]; canDecide: boolean; reasons: Record<string, string> }> {
	const db = app.database.db;
	const items = (await enclosureViews(db, [booking.id], todayIn(new Date(), booking.clinicTimeZone))).get(booking.id) ?? [];
	const canDecide = callerCan(signedIn.caller, 'enclosure.decide');
	// The reasons may name the claimant: only for those who decide them (who see the claimant anyway).
	const reasons = canDecide && items.some((i) => i.standing === 'not_applicable') ? await notApplicableReasons(app, booking.id) : {};
	return { items, canDecide, reasons };
}

type Event = Pick<RequestEvent, 'locals' | 'request'> & { params: { id?: string } };

async function run(enclosureId: string, work: () => Promise<string>) {
	try {
		return { enclosures: { ok: true, message: await work(), enclosureId, fields: {} } satisfies EnclosuresState };
	} catch (err) {
		const { status, message, fields } = refusalOf(err);
		return fail(status, { enclosures: { ok: false, message, enclosureId, fields } satisfies EnclosuresState });
	}
}

export const enclosureActions = {
	enclosureNotApplicable: async (event: Event) => {
		const f = await readFields(event.request);
		const enclosureId = f.enclosureId ?? '';
		return run(enclosureId, async () => {
			await callerFor(event).enclosures.notApplicable({ bookingId: event.params.id ?? '', enclosureId, reason: f.reason ?? '' });
			return 'Marked not applicable.';
		});
	},
	enclosureReopen: async (event: Event) => {
		const f = await readFields(event.request);
		const enclosureId = f.enclosureId ?? '';
		return run(enclosureId, async () => {
			await callerFor(event).enclosures.reopen({ bookingId: event.params.id ?? '', enclosureId });
			return 'The item is needed again.';
		});
	}
};
