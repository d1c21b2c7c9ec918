import type { RequestEvent } from '@sveltejs/kit';
import { applyAuthCookies } from '$lib/server/auth/cookies';
import type { SignedIn } from '$lib/server/auth/session';
import QRCode from 'qrcode';
import { z } from 'zod';
import { requireSignedIn } from '$lib/server/auth/guards';
import { formFailFrom, parseForm } from '$lib/server/forms';
import { confirmEnrolment, disableSecondFactor, setCodeChannel, startEnrolment } from '$lib/server/services/accounts/two-factor';
import { AU_MOBILE_HINT, auMobileToE164 } from '$lib/schemas/phone';

const passwordForm = z.object({ password: z.string().min(1, 'Enter your password.').max(128) });
const codeForm = z.object({
	code: z
		.string()
		.trim()
		.regex(/^\d{6}$/, 'Enter the 6-digit code from the app.')
});
const channelForm = z
	.object({
		channel: z.enum(['email', 'sms']),
		// Kept in E.164 (+61412345678), the form the SMS gateway is given.
		phoneNumber: z
			.string()
			.trim()
			.refine((v) => v === '' || auMobileToE164(v) !== undefined, AU_MOBILE_HINT)
			.transform((v) => (v === '' ? '' : auMobileToE164(v)))
			.optional()
	})
	.refine((v) => v.channel === 'email' || Boolean(v.phoneNumber), {
		path: ['phoneNumber'],
		message: 'Enter a mobile number for SMS codes.'
	});

export const load = (event) => {
	const who = requireSignedIn(event);
	return {
		enabled: who.user.twoFactorEnabled,
		required:
			who.mustEnrolSecondFactor ||
			(who.user.role === 'admin' && event.locals.app.config.auth.adminRequire2fa) ||
			who.memberships.some((m) => m.require2fa)
	};
};

/**
 * An action on the signed-in user's own second factor: the form, parsed with `schema`, goes to
 * `step`, whose answer is the action's; a refusal becomes the form's failure.
 */
const signedInStep =
	<S extends z.ZodType, R>(schema: S, step: (event: RequestEvent, who: SignedIn, data: z.output<S>) => Promise<R>) =>
	async (event: RequestEvent) => {
		const who = requireSignedIn(event);
		const form = await parseForm(event.request, schema);
		if (!form.ok) return form.failure;
		try {
			return await step(event, who, form.data);
		} catch (err) {
			return formFailFrom(err);
		}
	};

export const actions = {
	start: signedInStep(passwordForm, async (event, who, data) => {
		const { totpURI, backupCodes } = await startEnrolment(event.locals.app, event.locals.meta, who, data.password);
		const secret = new URL(totpURI).searchParams.get('secret') ?? '';
		const qr = await QRCode.toDataURL(totpURI, { margin: 1, width: 220 });
		return { step: 'confirm' as const, qr, secret, backupCodes };
	}),
	confirm: signedInStep(codeForm, async (event, who, data) => {
		applyAuthCookies(event.cookies, await confirmEnrolment(event.locals.app, event.locals.meta, who, data.code));
		return { step: 'done' as const };
	}),
	disable: signedInStep(passwordForm, async (event, who, data) => {
		const required =
			(who.user.role === 'admin' && event.locals.app.config.auth.adminRequire2fa) || who.memberships.some((m) => m.require2fa);
		applyAuthCookies(event.cookies, await disableSecondFactor(event.locals.app, event.locals.meta, who, data.password, required));
		return { step: 'disabled' as const };
	}),
	channel: async (event) => {
		const who = requireSignedIn(event);
		const form = await parseForm(event.request, channelForm);
		if (!form.ok) return form.failure;
		await setCodeChannel(event.locals.app, who, form.data.channel, form.data.phoneNumber || null);
		return { channelSaved: true };
	}
};
