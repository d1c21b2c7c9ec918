import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type { bookingListInput } from '$lib/schemas/booking-filters';
import { recordAudit } from '../../services/audit/audit';
import { InvalidCursorError, listBookings } from '../../services/booking/booking-views';
import type { SignedInContext } from '../_context';

function badCursor(err: unknown): never {
	if (err instanceof InvalidCursorError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
	throw err;
}

export async function listHandler(ctx: SignedInContext, input: z.output<typeof bookingListInput>) {
	const { cursor, limit, ...filters } = input;
	const page = await listBookings(ctx.app, ctx.scope, filters, cursor, limit).catch(badCursor);
	// The page shows examinee names: a read of PHI, recorded as one list read (ids and codes only).
	if (page.rows.length)
		await recordAudit(ctx.app.database.db, ctx.actor, {
			action: 'booking.read',
			outcome: 'granted',
			resourceType: 'booking_list',
			details: { count: page.rows.length, examineeSearch: Boolean(filters.examinee), status: filters.status }
		});
	return page;
}
