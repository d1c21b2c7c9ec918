import { redirect } from '@sveltejs/kit';
import { applyAuthCookies } from '$lib/server/auth/cookies';
import { startImpersonation } from '$lib/server/services/accounts/impersonation';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, one, readForm } from '$lib/server/forms';
import { listCursor, listOrder, listSize } from '$lib/list-params';

const SORTS = ['name', 'createdAt'] as const;

/** With a search: the best matches (up to 200). Without: every account, a keyset page at a time, in the order chosen. */
export const load = async (event) => {
	const { url } = event;
	const q = (url.searchParams.get('q') ?? '').slice(0, 80);
	const idle = url.searchParams.has('idle');
	const api = callerFor(event);
	if (q) return { q, idle, users: await api.admin.users({ q }).catch(pageErrorFrom), order: null, nextCursor: null };
	const { by, dir } = listOrder(url, SORTS, 'name');
	const order = { by, dir: dir ?? (by === 'name' ? 'asc' : 'desc') } as const;
	const page = await api.admin.usersPage({ sort: by, dir: order.dir, cursor: listCursor(url), limit: listSize(url) }).catch(pageErrorFrom);
	return { q, idle, users: page.rows, order, nextCursor: page.nextCursor };
};

export const actions = {
	/** Act as a referrer: the next pages are theirs, with a banner to exit. */
	impersonate: async (event) => {
		const form = await readForm(event.request);
		const admin = event.locals.signedIn;
		if (!admin) redirect(303, '/sign-in');
		try {
			applyAuthCookies(event.cookies, await startImpersonation(event.locals.app, event.locals.meta, admin, one(form.userId)));
		} catch (err) {
			return formFailFrom(err);
		}
		redirect(303, '/bookings');
	},
	setActive: async (event) => {
		const form = await readForm(event.request);
		try {
			await callerFor(event).admin.setActive({ userId: one(form.userId), active: one(form.active) === 'true' });
		} catch (err) {
			return formFailFrom(err);
		}
		return { changed: true };
	}
};
