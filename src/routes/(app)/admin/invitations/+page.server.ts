import type { RequestEvent } from '@sveltejs/kit';
import { invitationSchema } from '$lib/schemas/account';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, one, parseForm, readForm } from '$lib/server/forms';
import { listCursor, listOrder, listSize } from '$lib/list-params';

export const load = async (event) => {
	const caller = callerFor(event);
	const { url } = event;
	const order = { by: 'expiresAt', dir: listOrder(url, ['expiresAt'], 'expiresAt').dir ?? 'desc' } as const;
	const [invitations, organizations, specialists] = await Promise.all([
		caller.admin.invitations.page({ dir: order.dir, cursor: listCursor(url), limit: listSize(url) }),
		caller.admin.organizations(),
		caller.admin.specialists.list()
	]).catch(pageErrorFrom);
	return {
		invitations: invitations.rows,
		nextCursor: invitations.nextCursor,
		order,
		organizations,
		profiles: specialists.filter((s) => !s.accountEmail).map((s) => ({ id: s.id, name: s.displayName }))
	};
};

/** Resends or revokes the invitation the form names; answers `answer`, or the refusal. */
const onInvitation =
	<A extends object>(op: 'resend' | 'revoke', answer: A) =>
	async (event: Pick<RequestEvent, 'locals' | 'request'>) => {
		const data = await readForm(event.request);
		try {
			await callerFor(event).admin.invitations[op]({ id: one(data.id) });
		} catch (err) {
			return formFailFrom(err);
		}
		return answer;
	};

export const actions = {
	invite: async (event) => {
		const form = await parseForm(event.request, invitationSchema);
		if (!form.ok) return form.failure;
		try {
			await callerFor(event).admin.invitations.create(form.data);
		} catch (err) {
			return formFailFrom(err, form.values);
		}
		return { invited: form.data.email };
	},
	/** A new link with a fresh expiry (the old one stops working), emailed again. */
	resend: onInvitation('resend', { resent: true }),
	revoke: onInvitation('revoke', { revoked: true })
};
