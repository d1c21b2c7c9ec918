import type { z } from 'zod';
import { recordAudit } from '../../services/audit/audit';
import type { SignedInContext } from '../_context';
import type { reconcileInput } from './schemas';

export async function reconcileHandler(ctx: SignedInContext, input: z.infer<typeof reconcileInput>) {
	const now = Date.now();
	const report = await ctx.app.scheduling.reconcile({
		from: new Date(now - 7 * 86_400_000),
		to: new Date(now + input.days * 86_400_000)
	});
	await recordAudit(ctx.app.database.db, ctx.actor, {
		action: 'scheduling.reconcile',
		outcome: 'granted',
		resourceType: 'appointments',
		details: { ...report }
	});
	return report;
}
