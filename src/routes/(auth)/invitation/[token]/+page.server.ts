import { error, redirect } from '@sveltejs/kit';
import { acceptInvitationSchema } from '$lib/schemas/account';
import { formFailFrom, parseForm } from '$lib/server/forms';
import { acceptInvitation, findUsableInvitation } from '$lib/server/services/accounts/invitations';

export const load = async ({ params, locals }) => {
	const invitation = await findUsableInvitation(locals.app, params.token);
	if (!invitation) error(404, 'This invitation link is no longer valid. Ask for a new invitation.');
	return { name: invitation.name, email: invitation.email, organizationName: invitation.organizationName };
};

export const actions = {
	default: async ({ request, params, locals }) => {
		const form = await parseForm(request, acceptInvitationSchema);
		if (!form.ok) return form.failure;
		try {
			await acceptInvitation(locals.app, locals.actor, params.token, form.data.password);
		} catch (err) {
			return formFailFrom(err);
		}
		redirect(303, '/sign-in?welcome');
	}
};
