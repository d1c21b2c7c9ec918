import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { createAndOpen } from '../create-action.server';
import { listCursor, listOrder, listSize } from '$lib/list-params';

export const load = async (event) => {
	const { url } = event;
	const order = { by: 'name', dir: listOrder(url, ['name'], 'name').dir ?? 'asc' } as const;
	const page = await callerFor(event)
		.admin.orgs.page({ dir: order.dir, cursor: listCursor(url), limit: listSize(url) })
		.catch(pageErrorFrom);
	return { organizations: page.rows, nextCursor: page.nextCursor, order };
};

export const actions = {
	create: createAndOpen('/admin/organizations', 'name', (event, f) =>
		callerFor(event).admin.orgs.create({ name: String(f.name ?? ''), require2fa: f.require2fa === 'on' })
	)
};
