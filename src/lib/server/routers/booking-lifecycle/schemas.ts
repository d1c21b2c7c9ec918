import { z } from 'zod';
import { PROGRESS_STAGES } from '../../services/booking/booking-lifecycle';
import { BOOKING_STATUSES } from '../../services/booking/lifecycle';

const bookingId = z.string().uuid('No such booking.');
const note = z.string().trim().max(2000, 'Keep the note under 2,000 characters.').optional();
/** An instant: a Date (superjson) or an ISO string with its offset. */
const instant = z.union([z.date(), z.iso.datetime({ offset: true, message: 'Choose a time.' }).transform((v) => new Date(v))]);

export const moveInput = z.object({ bookingId, to: z.enum(PROGRESS_STAGES, 'Choose the next step.'), note }).strict();
export const bookingRef = z.object({ bookingId }).strict();
export const cancelInput = z
	.object({
		bookingId,
		reason: z.string().trim().max(1000, 'Keep the reason under 1,000 characters.').optional(),
		acceptFee: z.boolean().default(false),
		waiveFee: z.boolean().optional()
	})
	.strict();
export const rescheduleInput = z
	.object({
		bookingId,
		startsAt: instant,
		holderKey: z
			.string()
			.regex(/^[A-Za-z0-9_-]{8,80}$/)
			.optional(),
		note
	})
	.strict();
export const rescheduleOptionsInput = z
	.object({ bookingId, date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Choose a date.') })
	.strict();
export const setStatusInput = z.object({ bookingId, status: z.enum(BOOKING_STATUSES, 'Choose a status.'), note }).strict();
