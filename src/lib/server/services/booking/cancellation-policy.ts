/**
 * The cancellation policy: a booking cancelled with fewer than NOTICE_BUSINESS_DAYS whole business
 * days of notice is a late cancellation and costs a fee. Business days are read in the clinic's
 * time zone: Monday to Friday, less the public holidays of Australia and of the clinic's state
 * (scheduling/holidays.ts).
 *
 * The notice must be whole days: for a Tuesday appointment and 2 days' notice, Friday and Monday
 * must both lie between the cancellation and the appointment, so the deadline is the start of
 * Friday (midnight, clinic time) — a cancellation at or after it is late.
 */
import { dayBoundsUtc, localParts } from '../scheduling/builtin/availability';
import { isBusinessDay } from '../scheduling/holidays';

/** Whole business days of notice a cancellation needs to be free. */
export const NOTICE_BUSINESS_DAYS = 2;
/** The late-cancellation fee, as a percentage of the appointment type's price. */
export const LATE_CANCELLATION_FEE_PERCENT = 100;

export interface CancellationTerms {
	/** Cancelling now is inside the notice period. */
	late: boolean;
	/** What a late cancellation costs (0 when it is not late). */
	feeCents: number;
	/** The last instant a cancellation is free: before this, no fee. */
	noticeDeadline: Date;
	noticeBusinessDays: number;
}

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The start (clinic midnight) of the `businessDays`-th business day before the appointment's day. */
export function noticeDeadline(startsAt: Date, clinicTimeZone: string, state: string | null, businessDays = NOTICE_BUSINESS_DAYS): Date {
	if (businessDays <= 0) return startsAt;
	let date = localParts(startsAt, clinicTimeZone).date;
	for (let counted = 0; counted < businessDays;) {
		date = addDays(date, -1);
		if (isBusinessDay(date, state)) counted++;
	}
	return dayBoundsUtc(date, clinicTimeZone).start;
}

export function cancellationTerms(input: {
	startsAt: Date;
	clinicTimeZone: string;
	state: string | null;
	priceCents: number;
	now: Date;
	noticeBusinessDays?: number;
	feePercent?: number;
}): CancellationTerms {
	const days = input.noticeBusinessDays ?? NOTICE_BUSINESS_DAYS;
	const deadline = noticeDeadline(input.startsAt, input.clinicTimeZone, input.state, days);
	const late = input.now.getTime() >= deadline.getTime();
	const feeCents = late ? Math.round((input.priceCents * (input.feePercent ?? LATE_CANCELLATION_FEE_PERCENT)) / 100) : 0;
	return { late, feeCents, noticeDeadline: deadline, noticeBusinessDays: days };
}

/** Prices include GST (10 %): the GST in a price is one eleventh of it. */
export const gstIn = (cents: number) => Math.round(cents / 11);

export interface BookingTerms {
	priceCents: number;
	gstCents: number;
	/** The last instant a cancellation is free. */
	freeCancellationUntil: Date;
	/** What a late cancellation costs. */
	lateFeeCents: number;
	/** The time is already inside the notice period: from the moment it is booked, cancelling costs the fee. */
	bornLate: boolean;
	noticeBusinessDays: number;
}

/** What booking `startsAt` commits the referrer to, shown before they confirm (and checked again on confirm). */
export function bookingTerms(input: {
	startsAt: Date;
	clinicTimeZone: string;
	state: string | null;
	priceCents: number;
	now: Date;
}): BookingTerms {
	const t = cancellationTerms(input);
	return {
		priceCents: input.priceCents,
		gstCents: gstIn(input.priceCents),
		freeCancellationUntil: t.noticeDeadline,
		lateFeeCents: Math.round((input.priceCents * LATE_CANCELLATION_FEE_PERCENT) / 100),
		bornLate: t.late,
		noticeBusinessDays: t.noticeBusinessDays
	};
}

/** "$1,650.00": the one money format ($lib/format), for the notices written here. */
export { formatAud } from '../../../format';
