import { recordAudit } from '../../services/audit/audit';
import { listMessages, openedMessagesPage } from '../../services/outbox/outbox';
import type { SignedInContext } from '../_context';

export async function outboxHandler(ctx: SignedInContext) {
	const messages = await listMessages(ctx.app.database.db, ctx.app.cipher, 100);
	await recordAudit(ctx.app.database.db, ctx.actor, {
		action: 'outbox.read',
		outcome: 'granted',
		resourceType: 'outbox'
	});
	return messages;
}

export async function outboxPageHandler(ctx: SignedInContext, input: { cursor?: string | null; limit: number }) {
	const page = await openedMessagesPage(ctx.app.database.db, ctx.app.cipher, input);
	await recordAudit(ctx.app.database.db, ctx.actor, {
		action: 'outbox.read',
		outcome: 'granted',
		resourceType: 'outbox'
	});
	return page;
}
