/**
 * Dates people type, the en-AU way (dd/mm/yyyy), and the ISO calendar dates (yyyy-mm-dd) that
 * forms, schemas and the database use.
 *
 * The DateField component submits ISO in a hidden input named after the field. Before it is
 * hydrated (or without JavaScript) it is a plain text input named `<name>.dmy`: the server's form
 * reader (server/forms.ts) and the bookings list's query reader turn that back into `<name>`, so
 * schemas only ever see ISO dates.
 */

/** What the no-JavaScript text input of a DateField adds to its field's name. */
export const TYPED_DATE_SUFFIX = '.dmy';

const TYPED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** yyyy-mm-dd when year, month and day name a day of the (proleptic Gregorian) calendar; else null. */
function calendarDate(year: number, month: number, day: number): string | null {
	if (year < 1 || month < 1 || month > 12 || day < 1) return null;
	// Day 0 of the next month is the last day of this one (setUTCFullYear: years below 100 stay as they are).
	const last = new Date(Date.UTC(2000, 0, 1));
	last.setUTCFullYear(year, month, 0);
	if (day > last.getUTCDate()) return null;
	return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/**
 * The ISO date of what someone typed: dd/mm/yyyy (one-digit day or month, and `.` or `-` between
 * them, are fine) or yyyy-mm-dd; null when it is neither, or not a day of the calendar (31/02/2024).
 */
export function isoFromTyped(text: string): string | null {
	const t = text.trim();
	const dmy = TYPED.exec(t);
	if (dmy) return calendarDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
	const iso = ISO.exec(t);
	if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
	return null;
}

/** "03/02/1971" from "1971-02-03"; '' when `iso` is not a real ISO date. */
export function typedFromIso(iso: string | null | undefined): string {
	const m = iso ? ISO.exec(iso.trim()) : null;
	if (!m || !calendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return '';
	return `${m[3]}/${m[2]}/${m[1]}`;
}

/**
 * What the server reads for a date typed without JavaScript: its ISO date, or — when it is not a
 * real date — text that no ISO date schema accepts (an impossible ISO date such as 2024-02-31 is
 * written back as 31/02/2024, since some date checks would roll it over to 2 March), so the
 * field's own schema refuses it with its own message.
 */
export function readTypedDate(text: string): string {
	return isoFromTyped(text) ?? text.trim().replace(ISO, '$3/$2/$1');
}
