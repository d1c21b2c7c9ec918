import { error, redirect } from '@sveltejs/kit';
import { formFailFrom, one, readForm } from '$lib/server/forms';
import { AUSTRALIAN_TIME_ZONES } from '$lib/schemas/scheduling';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { specialistSummary } from '$lib/server/services/scheduling/catalogue';
import { timesBornLate } from '$lib/server/services/booking/wizard';
import { isUuid } from '$lib/ids';

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
	const tzParam = q.get('tz') ?? '';
	const timeZone = AUSTRALIAN_TIME_ZONES.includes(tzParam) ? tzParam : s.timeZone;
	const directory = await caller.scheduling.directory({ appointmentTypeId: type.id }).catch(pageErrorFrom);
	const next = directory.find((d) => d.id === s.id)?.next ?? null;
	const monthParam = q.get('month') ?? '';
	const month = MONTH.test(monthParam)
		? monthParam
		: next
			? new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date(next.startsAt))
			: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date());
	const dates = await caller.scheduling.dates({ specialistId: s.id, appointmentTypeId: type.id, month, timeZone }).catch(pageErrorFrom);
	const dateParam = q.get('date') ?? '';
	const timesOn = (date: string) =>
		caller.scheduling.times({ specialistId: s.id, appointmentTypeId: type.id, date, timeZone }).catch(pageErrorFrom);
	let date = DATE.test(dateParam) && dateParam.startsWith(month) ? dateParam : (dates.dates[0] ?? null);
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
		? await timesBornLate(
				event.locals.app,
				s.id,
				type.priceCents,
				times.slots.map((t) => t.startsAt)
			)
		: { late: [], lateFeeCents: 0 };
	const draftParam = q.get('draft');
	const draft = draftParam && isUuid(draftParam) ? draftParam : null;
	const taken = q.has('taken');
	return { type, specialist: s, timeZone, zones: AUSTRALIAN_TIME_ZONES, month, dates, date, times, late, lateFeeCents, draft, taken };
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
	}
};
