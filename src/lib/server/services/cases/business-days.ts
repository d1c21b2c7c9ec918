/**
 * Business days for enclosures: an item is due N business days before the examination's local
 * date (the clinic's time zone), counting Monday to Friday less the public holidays of Australia
 * and of the clinic's state (scheduling/holidays.ts).
 */
import { localParts } from '../scheduling/builtin/zone-clock';
import { isBusinessDay } from '../scheduling/holidays';

const DAY_MS = 86_400_000;
/** The calendar date `days` after `date` (YYYY-MM-DD; negative goes back). */
export const addDays = (date: string, days: number): string =>
	new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The examination's date in the clinic's time zone (YYYY-MM-DD). */
export const examDate = (examStartsAt: Date, clinicTimeZone: string): string => localParts(examStartsAt, clinicTimeZone).date;

/**
 * The due date of an item N business days before the examination: from the examination's local
 * date step back N business days. With N = 0 it is the examination's date itself, or the last
 * business day before it when the examination is on a weekend or holiday.
 */
export function dueOn(examStartsAt: Date, clinicTimeZone: string, businessDaysBefore: number, state: string | null): string {
	let date = examDate(examStartsAt, clinicTimeZone);
	if (businessDaysBefore <= 0) {
		while (!isBusinessDay(date, state)) date = addDays(date, -1);
		return date;
	}
	for (let counted = 0; counted < businessDaysBefore;) {
		date = addDays(date, -1);
		if (isBusinessDay(date, state)) counted++;
	}
	return date;
}

/**
 * Business days from `today` to `due` (both YYYY-MM-DD): the business days after today up to and
 * including `due`; negative (the business days after `due` up to and including today) once past.
 * 0 when due today (or when only non-business days lie between).
 */
export function businessDaysBetween(today: string, due: string, state: string | null): number {
	const forward = today <= due;
	const [from, to] = forward ? [today, due] : [due, today];
	let count = 0;
	for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (isBusinessDay(date, state)) count++;
	return forward || count === 0 ? count : -count;
}
