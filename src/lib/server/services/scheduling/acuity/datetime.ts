/**
 * Acuity's date and time formats, shared by the provider and the fake server.
 *
 * Acuity answers with an ISO 8601 datetime whose offset has no colon (`2026-02-04T13:00:00+1000`) in
 * the calendar's zone, and reads a datetime without an offset in the business zone. We always send
 * an explicit offset.
 */
import { CalendarDateTime, fromAbsolute, toZoned } from '@internationalized/date';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `+1030`, `-0800` (or `+10:30` with `colon`). */
export function offsetString(offsetMs: number, colon = false): string {
	const sign = offsetMs < 0 ? '-' : '+';
	const minutes = Math.round(Math.abs(offsetMs) / 60_000);
	return `${sign}${pad(Math.floor(minutes / 60))}${colon ? ':' : ''}${pad(minutes % 60)}`;
}

export function isTimeZone(zone: string): boolean {
	if (!zone) return false;
	try {
		new Intl.DateTimeFormat('en-AU', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** `2026-02-04T13:00:00+1000`: the instant in `timeZone`, Acuity's style. */
export function formatAcuityDateTime(date: Date, timeZone: string): string {
	const z = fromAbsolute(date.getTime(), timeZone);
	return `${pad(z.year, 4)}-${pad(z.month)}-${pad(z.day)}T${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}${offsetString(z.offset)}`;
}

/** What we send: ISO 8601 in UTC with an explicit numeric offset, `2026-02-04T03:00:00+00:00`. */
export function formatOutgoingDateTime(date: Date): string {
	return `${date.toISOString().slice(0, 19)}+00:00`;
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads `2026-02-04T13:00:00+1000`, `…+10:00`, `…+10`, `…Z`. Without an offset the value is read in
 * `zoneIfNoOffset`, or refused (null) when none is given. Null for anything malformed.
 */
export function parseAcuityDateTime(value: string, zoneIfNoOffset?: string): Date | null {
	const m = DATETIME.exec(value.trim());
	if (!m) return null;
	const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
		number,
		number,
		number,
		number,
		number,
		number
	];
	const millis = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
	if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
	const wall = Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(millis));
	if (new Date(wall).getUTCDate() !== day) return null;
	const offset = m[8];
	if (offset) {
		if (offset.toUpperCase() === 'Z') return new Date(wall);
		const digits = offset.slice(1).replace(':', '');
		const offHours = Number(digits.slice(0, 2));
		const offMinutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
		if (offHours > 14 || offMinutes > 59) return null;
		const sign = offset.startsWith('-') ? -1 : 1;
		return new Date(wall - sign * (offHours * 60 + offMinutes) * 60_000);
	}
	if (!zoneIfNoOffset || !isTimeZone(zoneIfNoOffset)) return null;
	return toZoned(new CalendarDateTime(year, month, day, hour, minute, second, Math.floor(millis)), zoneIfNoOffset).toDate();
}

/** The instant's calendar date in `timeZone`, YYYY-MM-DD. */
export function localDate(date: Date, timeZone: string): string {
	const z = fromAbsolute(date.getTime(), timeZone);
	return `${pad(z.year, 4)}-${pad(z.month)}-${pad(z.day)}`;
}

/** The instant's minutes after local midnight in `timeZone`. */
export function localMinute(date: Date, timeZone: string): number {
	const z = fromAbsolute(date.getTime(), timeZone);
	return z.hour * 60 + z.minute;
}

export const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isDate(value: string): boolean {
	if (!DATE_RE.test(value)) return false;
	const [y, m, d] = value.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

/** YYYY-MM-DD plus `days` (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The UTC calendar date of an instant. */
export const utcDate = (date: Date) => date.toISOString().slice(0, 10);

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
	return day === 0 ? 7 : day;
}

/** Every date of a YYYY-MM month. */
export function datesOfMonth(month: string): string[] {
	const [y, m] = month.split('-').map(Number) as [number, number];
	const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
	return Array.from({ length: days }, (_, i) => `${month}-${pad(i + 1)}`);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Acuity's human forms: `February 4, 2026` and `1:00pm`, in `timeZone`. */
export function humanDate(date: Date, timeZone: string): string {
	const z = fromAbsolute(date.getTime(), timeZone);
	return `${MONTHS[z.month - 1]} ${z.day}, ${z.year}`;
}
export function humanTime(date: Date, timeZone: string): string {
	const z = fromAbsolute(date.getTime(), timeZone);
	const h12 = z.hour % 12 === 0 ? 12 : z.hour % 12;
	return `${h12}:${pad(z.minute)}${z.hour < 12 ? 'am' : 'pm'}`;
}
