/**
 * Rescheduling a booking, in two steps that work without JavaScript:
 *
 * 1. `?month=&date=`: the month's free days of the booking's specialist and exam type (the wizard's
 *    `scheduling.dates`/`scheduling.times`), and the chosen day's free times, the booking's own time
 *    left out. A time is a GET button (`time`, an instant: never anything about the examinee).
 * 2. `?month=&date=&time=`: the move spelled out with its terms (services/booking/reschedule-terms.ts) — nothing moves
 *    yet. Only "Confirm the new time" posts (`?/confirm`, the `lifecycle.reschedule` procedure).
 *
 * Days and times are read in the reader's zone (a referrer's own, with the clinic's beside it; staff
 * the clinic's: `readerZones`), as in the wizard. A time no longer free (taken since, or when
 * confirming) goes back to step 1 with a message. The booking is read through `bookings.get`:
 * another organisation's booking is a 404, like a missing one.
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { callerCan } from '$lib/server/auth/access';
import { pageErrorFrom, requireSignedIn } from '$lib/server/auth/guards';
import { readerZones } from '$lib/format';
import { callerFor } from '$lib/server/caller';
import { readFields, refusalOf } from '$lib/server/forms';
import { allowedActions } from '$lib/server/routers/booking-lifecycle';
import { moveRules } from '$lib/server/services/booking/reschedule-terms';
import { SchedulingError } from '$lib/server/services/scheduling/errors';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** What the load and the action read of the request (the route's own event fits it). */
type Event = Pick<RequestEvent, 'locals' | 'url' | 'request'> & { params: { id: string } };

/** The calendar date (YYYY-MM-DD) of an instant in `tz`. */
const dayIn = (at: Date, tz: string) =>
	new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** The booking as this page shows it (nothing about the examinee), when the caller may move it now. */
async function movableBooking(event: Event) {
	const signedIn = requireSignedIn(event);
	const b = await callerFor(event).bookings.get({ id: event.params.id }).catch(pageErrorFrom);
	if (!allowedActions(signedIn, b).reschedule || !b.specialist || !b.appointmentType) {
		if (!callerCan(signedIn.caller, 'booking.reschedule')) error(403, 'Your role does not allow moving this booking.');
		error(409, 'This booking cannot be moved now. Contact us if its time needs to change.');
	}
	return {
		reader: signedIn.user,
		id: b.id,
		reference: b.reference,
		startsAt: new Date(b.startsAt),
		clinicTimeZone: b.clinicTimeZone,
		specialistId: b.specialist.id,
		specialistName: b.specialist.name,
		appointmentTypeId: b.appointmentType.id,
		appointmentTypeName: b.appointmentType.name
	};
}

/** `time` from the query: an instant with its offset, or null. */
function instantParam(value: string | null): Date | null {
	if (!value || value.length > 40 || !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
	const at = new Date(value);
	return Number.isNaN(at.getTime()) ? null : at;
}

export const load = async (event: Event) => {
	const { reader, ...b } = await movableBooking(event);
	const caller = callerFor(event);
	const q = event.url.searchParams;
	const tz = readerZones(reader, b.clinicTimeZone)[0];
	const ids = { specialistId: b.specialistId, appointmentTypeId: b.appointmentTypeId, timeZone: tz };

	const bookedDay = dayIn(b.startsAt, tz);
	const thisMonth = dayIn(new Date(), tz).slice(0, 7);
	const time = instantParam(q.get('time'));
	const dateParam = q.get('date') ?? '';
	const asked = DATE.test(dateParam) ? dateParam : time ? dayIn(time, tz) : null;
	const monthParam = q.get('month') ?? '';
	const month = MONTH.test(monthParam)
		? monthParam
		: (asked?.slice(0, 7) ?? (bookedDay.slice(0, 7) > thisMonth ? bookedDay.slice(0, 7) : thisMonth));

	const dates = await caller.scheduling.dates({ ...ids, month }).catch(pageErrorFrom);
	// The day asked for; else the booking's own day when it has other free times; else the first free day.
	const date = asked && asked.startsWith(month) ? asked : dates.dates.includes(bookedDay) ? bookedDay : (dates.dates[0] ?? null);
	const times = date ? await caller.scheduling.times({ ...ids, date }).catch(pageErrorFrom) : null;
	const slots = (times?.slots ?? [])
		.filter((s) => new Date(s.startsAt).getTime() !== b.startsAt.getTime())
		.map((s) => ({ startsAt: new Date(s.startsAt).toISOString() }));

	const rules = await moveRules(event.locals.app, b);
	const chosen = time ? (slots.find((s) => s.startsAt === time.toISOString()) ?? null) : null;
	return {
		booking: b,
		/** The zone days and times are shown in first (the clinic's beside it where it differs). */
		timeZone: tz,
		month,
		thisMonth,
		bookedDay,
		freeDays: dates.dates,
		date,
		slots,
		stale: dates.stale || Boolean(times?.stale),
		/** Times inside the free-cancellation period, and what cancelling one of them would cost. */
		late: rules.lateAmong(slots.map((s) => s.startsAt)),
		lateFeeCents: rules.lateFeeCents,
		/** Step 2: the time chosen, still free, with what moving to it means. */
		chosen: chosen ? { startsAt: chosen.startsAt, terms: rules.termsAt(new Date(chosen.startsAt)) } : null,
		/** A time was asked for that is not (or no longer) free. */
		notFree: Boolean(q.get('time')) && !chosen,
		/** Sent back here because the time was taken while confirming. */
		taken: q.has('taken')
	};
};

/** The time was taken by someone else (a refusal of the scheduling provider or of our own table). */
const isTaken = (err: unknown) => err instanceof TRPCError && err.cause instanceof SchedulingError && err.cause.kind === 'slot_unavailable';

export const actions = {
	/** Move the booking to the time shown on the confirm step. */
	confirm: async (event: Event) => {
		const form = await readFields(event.request);
		const note = form.note?.trim() || undefined;
		try {
			await callerFor(event).lifecycle.reschedule({ bookingId: event.params.id, startsAt: form.startsAt ?? '', note });
		} catch (err) {
			if (isTaken(err)) {
				// Back to the same day's times (fresh: the taken one is gone), saying what happened.
				const back = new URLSearchParams();
				for (const k of ['month', 'date'] as const) {
					const v = event.url.searchParams.get(k);
					if (v && (k === 'month' ? MONTH : DATE).test(v)) back.set(k, v);
				}
				back.set('taken', '');
				redirect(303, `/bookings/${event.params.id}/reschedule?${back.toString()}`);
			}
			const { status, message, fields } = refusalOf(err);
			return fail(status, { message, fields, note: form.note ?? '' });
		}
		redirect(303, `/bookings/${event.params.id}?rescheduled`);
	}
};
