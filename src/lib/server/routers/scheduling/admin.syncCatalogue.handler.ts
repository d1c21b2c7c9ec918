import { recordAudit } from '../../services/audit/audit';
import type { SignedInContext } from '../_context';

export async function syncCatalogueHandler(ctx: SignedInContext) {
	const report = await ctx.app.scheduling.syncCatalogue();
	await recordAudit(ctx.app.database.db, ctx.actor, {
		action: 'scheduling.catalogue_sync',
		outcome: 'granted',
		resourceType: 'catalogue',
		details: report
	});
	return report;
}
