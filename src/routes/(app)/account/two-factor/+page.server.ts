import { applyAuthCookies } from '$lib/server/auth/cookies';
import QRCode from 'qrcode';
import { z } from 'zod';
import { requireSignedIn } from '$lib/server/auth/guards';
import { formFailFrom, parseForm } from '$lib/server/forms';
import { confirmEnrolment, disableSecondFactor, setCodeChannel, startEnrolment } from '$lib/server/services/accounts/two-factor';

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
		phoneNumber: z
			.string()
			.trim()
			.regex(/^\+?[0-9 ]{8,16}$/, 'Enter a mobile number, e.g. +61 412 345 678.')
			.optional()
			.or(z.literal(''))
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

export const actions = {
	start: async (event) => {
		const who = requireSignedIn(event);
		const form = await parseForm(event.request, passwordForm);
		if (!form.ok) return form.failure;
		try {
			const { totpURI, backupCodes } = await startEnrolment(event.locals.app, event.locals.meta, who, form.data.password);
			const secret = new URL(totpURI).searchParams.get('secret') ?? '';
			const qr = await QRCode.toDataURL(totpURI, { margin: 1, width: 220 });
			return { step: 'confirm' as const, qr, secret, backupCodes };
		} catch (err) {
			return formFailFrom(err);
		}
	},
	confirm: async (event) => {
		const who = requireSignedIn(event);
		const form = await parseForm(event.request, codeForm);
		if (!form.ok) return form.failure;
		try {
			applyAuthCookies(event.cookies, await confirmEnrolment(event.locals.app, event.locals.meta, who, form.data.code));
		} catch (err) {
			return formFailFrom(err);
		}
		return { step: 'done' as const };
	},
	disable: async (event) => {
		const who = requireSignedIn(event);
		const form = await parseForm(event.request, passwordForm);
		if (!form.ok) return form.failure;
		const required =
			(who.user.role === 'admin' && event.locals.app.config.auth.adminRequire2fa) || who.memberships.some((m) => m.require2fa);
		try {
			applyAuthCookies(event.cookies, await disableSecondFactor(event.locals.app, event.locals.meta, who, form.data.password, required));
		} catch (err) {
			return formFailFrom(err);
		}
		return { step: 'disabled' as const };
	},
	channel: async (event) => {
		const who = requireSignedIn(event);
		const form = await parseForm(event.request, channelForm);
		if (!form.ok) return form.failure;
		await setCodeChannel(event.locals.app, who, form.data.channel, form.data.phoneNumber || null);
		return { channelSaved: true };
	}
};
