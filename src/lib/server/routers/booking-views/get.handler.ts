import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { recordAudit } from '../../services/audit/audit';
import { bookingDetail } from '../../services/booking/booking-views';
import type { SignedInContext } from '../_context';
import type { bookingGetInput } from './schemas';

export async function getHandler(ctx: SignedInContext, input: z.infer<typeof bookingGetInput>) {
	const detail = await bookingDetail(ctx.app, ctx.scope, ctx.signedIn, input.id);
	if (!detail) {
		// "Not yours" answers exactly like "not there", and is recorded.
		await recordAudit(ctx.app.database.db, ctx.actor, {
			action: 'access.denied',
			outcome: 'denied',
			resourceType: 'booking',
			resourceId: input.id,
			details: { reason: 'not_found_or_out_of_scope' }
		});
		throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no booking with that reference that you can see.' });
	}
	await recordAudit(ctx.app.database.db, ctx.actor, {
		action: 'booking.read',
		outcome: 'granted',
		resourceType: 'booking',
		resourceId: detail.id
	});
	return detail;
}
