import { applyAuthCookies } from '$lib/server/auth/cookies';
import { redirect } from '@sveltejs/kit';
import { changePasswordSchema } from '$lib/schemas/account';
import { callerFor } from '$lib/server/caller';
import { requireSignedIn } from '$lib/server/auth/guards';
import { formFailFrom, one, parseForm, readForm } from '$lib/server/forms';
import { changePassword, signOutEverywhere } from '$lib/server/services/accounts/password';
import { setOwnTimeZone } from '$lib/server/services/accounts/time-zone';
import { timeZoneChoices } from '$lib/time-zones';

export const load = async (event) => {
	requireSignedIn(event);
	return { sessions: await callerFor(event).account.sessions(), timeZones: timeZoneChoices() };
};

export const actions = {
	password: async (event) => {
		const who = requireSignedIn(event);
		const form = await parseForm(event.request, changePasswordSchema);
		if (!form.ok) return form.failure;
		try {
			applyAuthCookies(
				event.cookies,
				await changePassword(event.locals.app, event.locals.meta, who, form.data.currentPassword, form.data.password)
			);
		} catch (err) {
			return formFailFrom(err);
		}
		return { passwordChanged: true };
	},
	/** The zone times are shown in, chosen from the list (replaces the detected one). */
	timeZone: async (event) => {
		const who = requireSignedIn(event);
		const chosen = one((await readForm(event.request)).timeZone);
		try {
			const { changed } = await setOwnTimeZone(event.locals.app, who, event.locals.actor, chosen, 'chosen');
			return { timeZoneSaved: true, timeZoneChanged: changed };
		} catch (err) {
			return formFailFrom(err, { formId: 'timeZone', timeZone: chosen.slice(0, 64) });
		}
	},
	revoke: async (event) => {
		requireSignedIn(event);
		const data = await readForm(event.request);
		try {
			const result = await callerFor(event).account.revokeSession({ sessionId: one(data.sessionId) });
			if (result.wasCurrent) redirect(303, '/sign-in');
		} catch (err) {
			return formFailFrom(err);
		}
		return { revoked: true };
	},
	everywhere: async (event) => {
		const who = requireSignedIn(event);
		try {
			await signOutEverywhere(event.locals.app, event.locals.meta, who, event.cookies);
		} catch (err) {
			// Refused while acting as someone: a message on the page, not a crash.
			return formFailFrom(err, { formId: 'everywhere' });
		}
		redirect(303, '/sign-in');
	}
};
