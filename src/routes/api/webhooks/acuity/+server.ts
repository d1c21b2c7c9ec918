import { json } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/services/audit/audit';
import { readCapped } from '$lib/server/web-stream';
import type { ApiGuard } from '$lib/server/auth/guards';

export const _guard = 'signature' satisfies ApiGuard;

/** Largest body Acuity sends is a few fields: anything bigger is not Acuity. */
const MAX_BODY_BYTES = 4096;

/**
 * Acuity's webhook: the signature is checked over the raw bytes before anything else; a bad or
 * missing one answers 401, is audited, and changes nothing.
 */
export const POST = async ({ request, locals }) => {
	const { app, actor } = locals;
	if (app.scheduling.provider.kind !== 'acuity') return json({ message: 'Acuity is not configured.' }, { status: 404 });
	const raw = await readCapped(request, MAX_BODY_BYTES);
	if (!raw) return json({ message: 'Body too large.' }, { status: 413 });
	const result = await app.scheduling.handleWebhook(raw, request.headers.get('x-acuity-signature'));
	if (result.status === 'rejected') {
		await recordAudit(app.database.db, actor, {
			action: 'scheduling.webhook_rejected',
			outcome: 'denied',
			resourceType: 'webhook',
			resourceId: 'acuity',
			details: { reason: 'signature' }
		});
		return json({ message: 'Signature missing or wrong.' }, { status: 401 });
	}
	return json({ status: result.status, outcome: result.outcome ?? null });
};
