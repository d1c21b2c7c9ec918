/** Join class names, skipping empty ones. */
export function cn(...parts: (string | false | null | undefined)[]): string {
	return parts.filter(Boolean).join(' ');
}

const dateTime = new Intl.DateTimeFormat('en-AU', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Australia/Sydney' });
const dateOnly = new Intl.DateTimeFormat('en-AU', { dateStyle: 'medium', timeZone: 'Australia/Sydney' });

/** en-AU date and time in the clinic's zone (Sydney), e.g. "26 Nov 2026, 9:30 am". */
export const formatDateTime = (d: Date | string | null | undefined) => (d ? dateTime.format(new Date(d)) : '—');
export const formatDate = (d: Date | string | null | undefined) => (d ? dateOnly.format(new Date(d)) : '—');
