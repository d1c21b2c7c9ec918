import type { z } from 'zod';
import { recordAudit } from '../../services/audit/audit';
import type { SignedInContext } from '../_context';
import type { releaseHoldInput } from './schemas';

export async function releaseHoldHandler(ctx: SignedInContext, input: z.infer<typeof releaseHoldInput>) {
	await ctx.app.scheduling.release(input.holderKey);
	await recordAudit(ctx.app.database.db, ctx.actor, {
		action: 'scheduling.hold_release',
		outcome: 'granted',
		resourceType: 'slot_hold',
		resourceId: input.holderKey
	});
	return { released: input.holderKey };
}
