/**
 * Public holidays, national and of each state (date-holidays; only holidays of type "public", so
 * e.g. the NSW bank holiday does not count). They close the built-in scheduler's days and do not
 * count as business days for the cancellation notice.
 */
import Holidays from 'date-holidays';

const holidayCache = new Map<string, ReadonlySet<string>>();

/** The public holidays (YYYY-MM-DD) of a year, national and of `state` when given. */
export function publicHolidays(year: number, state: string | null): ReadonlySet<string> {
	const key = `${state ?? 'AU'}:${year}`;
	let dates = holidayCache.get(key);
	if (!dates) {
		const calendar = state ? new Holidays('AU', state) : new Holidays('AU');
		dates = new Set(
			calendar
				.getHolidays(year)
				.filter((h) => h.type === 'public')
				.map((h) => h.date.slice(0, 10))
		);
		holidayCache.set(key, dates);
	}
	return dates;
}

/** Whether `date` (YYYY-MM-DD) is a public holiday of Australia or of `state`. */
export const isPublicHoliday = (date: string, state: string | null): boolean => publicHolidays(Number(date.slice(0, 4)), state).has(date);

/** Monday to Friday and not a public holiday (of Australia, or of the clinic's state). */
export function isBusinessDay(date: string, state: string | null): boolean {
	const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
	if (weekday === 0 || weekday === 6) return false;
	return !isPublicHoliday(date, state);
}
