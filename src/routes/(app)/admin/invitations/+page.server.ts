import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { invitationSchema } from '$lib/schemas/account';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFail, parseForm } from '$lib/server/forms';

export const load = async (event) => {
	const caller = callerFor(event);
	const [invitations, organizations, specialists] = await Promise.all([
		caller.admin.invitations.list(),
		caller.admin.organizations(),
		caller.admin.specialists.list()
	]).catch(pageErrorFrom);
	return {
		invitations,
		organizations,
		profiles: specialists.filter((s) => !s.accountEmail).map((s) => ({ id: s.id, name: s.displayName }))
	};
};

function failFromTrpc(err: unknown, values: Record<string, unknown>) {
	if (err instanceof TRPCError) {
		const field = (err.cause as { field?: string } | undefined)?.field;
		return formFail(getHTTPStatusCodeFromError(err), { message: err.message, fields: field ? { [field]: err.message } : {}, values });
	}
	throw err;
}

export const actions = {
	invite: async (event) => {
		const form = await parseForm(event.request, invitationSchema);
		if (!form.ok) return form.failure;
		try {
			await callerFor(event).admin.invitations.create(form.data);
		} catch (err) {
			return failFromTrpc(err, form.values);
		}
		return { invited: form.data.email };
	},
	/** A new link with a fresh expiry (the old one stops working), emailed again. */
	resend: async (event) => {
		const data = await event.request.formData();
		try {
			await callerFor(event).admin.invitations.resend({ id: String(data.get('id') ?? '') });
		} catch (err) {
			return failFromTrpc(err, {});
		}
		return { resent: true };
	},

	revoke: async (event) => {
		const data = await event.request.formData();
		try {
			await callerFor(event).admin.invitations.revoke({ id: String(data.get('id') ?? '') });
		} catch (err) {
			return failFromTrpc(err, {});
		}
		return { revoked: true };
	}
};
