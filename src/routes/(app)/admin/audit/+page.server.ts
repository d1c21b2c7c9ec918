import { error } from '@sveltejs/kit';
import { auditFiltersFrom, auditFiltersSchema } from '$lib/schemas/audit';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { AUDIT_ACTIONS } from '$lib/server/services/audit/audit';
import { fieldErrors } from '$lib/server/trpc';

/** Filters live in the URL (none is PHI): a filtered view can be bookmarked and exported as shown. */
export const load = async (event) => {
	const raw = auditFiltersFrom(event.url.searchParams);
	const parsed = auditFiltersSchema.safeParse(raw);
	const before = Number(event.url.searchParams.get('before'));
	const api = callerFor(event);
	if (!parsed.success) {
		const chain = await api.admin.auditChain().catch(pageErrorFrom);
		return { rows: [], nextBeforeSeq: null, chain, values: raw, errors: fieldErrors(parsed.error), actions: [...AUDIT_ACTIONS], query: '' };
	}
	const [page, chain] = await Promise.all([
		api.admin.audit({ filters: parsed.data, beforeSeq: Number.isInteger(before) && before > 0 ? before : undefined, limit: 50 }),
		api.admin.auditChain()
	]).catch(pageErrorFrom);
	if (!page) error(500);
	const query = new URLSearchParams(raw).toString();
	return { ...page, chain, values: raw, errors: {} as Record<string, string>, actions: [...AUDIT_ACTIONS], query };
};
