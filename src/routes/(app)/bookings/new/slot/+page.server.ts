import { error, redirect } from '@sveltejs/kit';
import { streamedPage } from '$lib/server/http/streamed-page';
import { formFailFrom, one, readForm } from '$lib/server/forms';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { nextFreeTime, specialistSummary } from '$lib/server/services/scheduling/catalogue';
import { heldTimeOf, timesBornLate } from '$lib/server/services/booking/wizard';
import { placesOfTimes } from '$lib/server/services/scheduling/locations';
import { isUuid } from '$lib/ids';
import { readerZones } from '$lib/format';
import { canonicalTimeZone, zonesWith } from '$lib/time-zones';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const load = async (event) => {
	const q = event.url.searchParams;
	const typeId = q.get('type');
	const specialistId = q.get('specialist');
	if (!typeId || !specialistId) redirect(303, '/bookings/new');
	const caller = callerFor(event);
	const types = await caller.scheduling.catalogue().catch(pageErrorFrom);
	const type = types.find((t) => t.id === typeId);
	const s = await specialistSummary(event.locals.app, isUuid(specialistId) ? specialistId : '00000000-0000-0000-0000-000000000000');
	if (!type || !s) error(404, 'That specialist or examination type does not exist.');
	// Times open in the reader's zone (a referrer's own once known, else the clinic's); `tz` picks another.
	const timeZone = canonicalTimeZone(q.get('tz')) ?? readerZones(event.locals.signedIn?.user, s.timeZone)[0];
	const zones = zonesWith(timeZone, event.locals.signedIn?.user.timeZone);
	// Not tracked: naming the draft a time was just chosen for (this page's history entry, as the
	// examinee step opens) loads nothing again; arriving here from another page always loads.
	const draftParam = event.untrack(() => q.get('draft'));
	// Back from a later step, the draft still holds its time: shown as theirs (the days and times read
	// without their own hold), and opened on, unless a month or day was asked for. A draft that is
	// gone (booked since, expired) is dropped: choosing a time starts a new one.
	const own = draftParam && event.locals.signedIn ? await heldTimeOf(event.locals.app, event.locals.signedIn, draftParam) : null;
	const draft = own?.draftId ?? null;
	const held = own?.held && own.held.specialistId === s.id && own.held.appointmentTypeId === type.id ? own.held : null;
	const draftId = own?.held ? own.draftId : undefined;
	const localDate = (iso: string) =>
		new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
	const monthParam = q.get('month') ?? '';
	// Its card's next free time (not the whole directory: one specialist's cached read).
	const opening = MONTH.test(monthParam) ? null : (held?.startsAt ?? (await nextFreeTime(event.locals.app, s.id, type.id))?.startsAt);
	const month = MONTH.test(monthParam) ? monthParam : localDate(opening ?? new Date().toISOString()).slice(0, 7);
	const dates = await caller.scheduling
		.dates({ specialistId: s.id, appointmentTypeId: type.id, month, timeZone, draftId })
		.catch(pageErrorFrom);
	const dateParam = q.get('date') ?? '';
	const timesOn = (date: string) =>
		caller.scheduling.times({ specialistId: s.id, appointmentTypeId: type.id, date, timeZone, draftId }).catch(pageErrorFrom);
	const heldDate = held && localDate(held.startsAt);
	let date =
		DATE.test(dateParam) && dateParam.startsWith(month)
			? dateParam
			: heldDate?.startsWith(month) && dates.dates.includes(heldDate)
				? heldDate
				: (dates.dates[0] ?? null);
	let times = date ? await timesOn(date) : null;
	// Free days are read without holds; when no day was asked for and the first one's remaining times
	// are all held by people booking right now, open the next day that still has one.
	if (!DATE.test(dateParam) && times && times.slots.length === 0) {
		for (const next of dates.dates.slice(1, 6)) {
			const t = await timesOn(next);
			if (t.slots.length > 0) {
				date = next;
				times = t;
				break;
			}
		}
	}
	const { late, lateFeeCents } = times
		? timesBornLate(
				s,
				type.priceCents,
				times.slots.map((t) => t.startsAt)
			)
		: { late: [], lateFeeCents: 0 };
	// Where each time is: the specialist's locations in use, and each time's (none for telehealth).
	const places = await placesOfTimes(event.locals.app, s.id, type.mode, times?.slots.map((t) => t.startsAt) ?? []);
	const locatedTimes = times && { ...times, slots: times.slots.map((t) => ({ ...t, locationId: places.at.get(t.startsAt) ?? null })) };
	const taken = q.has('taken');
	return {
		type,
		specialist: s,
		timeZone,
		zones,
		month,
		dates,
		date,
		times: locatedTimes,
		locations: places.locations,
		late,
		lateFeeCents,
		draft,
		/** The time this draft holds with this specialist for this examination, while it lasts. */
		held: held && { startsAt: held.startsAt, heldUntil: held.heldUntil, date: heldDate },
		taken,
		...streamedPage(event)
	};
};

export const actions = {
	/** Hold the chosen time for this draft (a new one if none yet), then ask for the examinee. */
	choose: async (event) => {
		const q = event.url.searchParams;
		const startsAt = one((await readForm(event.request)).startsAt);
		const caller = callerFor(event);
		let draftId = q.get('draft');
		try {
			if (!draftId || !isUuid(draftId)) draftId = (await caller.wizard.start({})).draftId;
			await caller.wizard.choose({
				draftId,
				appointmentTypeId: q.get('type') ?? '',
				specialistId: q.get('specialist') ?? '',
				startsAt: new Date(startsAt)
			});
		} catch (err) {
			return formFailFrom(err);
		}
		redirect(303, `/bookings/new/d/${draftId}/examinee`);
	},
	/**
	 * Changing the specialist or the examination: the held time goes back at once and the wizard
	 * continues at the step asked for (`to`: start or specialist) with the same draft. (Another time
	 * needs no release: the times show the held one as theirs, and choosing another moves it.)
	 */
	release: async (event) => {
		const draftId = event.url.searchParams.get('draft') ?? '';
		const caller = callerFor(event);
		let draft;
		try {
			draft = await caller.wizard.get({ draftId });
			await caller.wizard.release({ draftId });
		} catch (err) {
			return formFailFrom(err);
		}
		const type = draft.type?.id;
		const to = event.url.searchParams.get('to');
		if (to === 'specialist' && type) redirect(303, `/bookings/new/specialist?type=${type}&draft=${draftId}`);
		redirect(303, `/bookings/new?draft=${draftId}`);
	}
};
