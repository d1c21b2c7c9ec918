/** Enrolling and removing a second factor (authenticator app, with backup codes). */
import { APIError } from 'better-auth/api';
import type { App } from '../../app';
import type { SignedIn } from '../../auth/session';
import { AppError } from '../../errors';
import { updateCodeChannel } from '../../repositories/users.repository';
import { actorFor } from '../../auth/actor';
import { recordOwnAccount } from '../audit/audit';
import type { RequestMeta } from './request-meta';
import { refuseWhileActing } from './impersonation';

/** A refused enrolment step (wrong password or code): audited, then shown on the form's field of that name. */
async function refuseEnrolment(
	app: App,
	meta: RequestMeta,
	who: SignedIn,
	err: unknown,
	field: 'password' | 'code',
	message: string
): Promise<never> {
	if (!(err instanceof APIError)) throw err;
	await recordOwnAccount(app.database.db, actorFor(meta, who), {
		action: 'auth.second_factor_enrol',
		outcome: 'failed',
		details: { reason: field }
	});
	throw new AppError('BAD_REQUEST', message, field);
}

/** Step 1: with the password, create a secret; returns what the authenticator app needs. */
export async function startEnrolment(app: App, meta: RequestMeta, who: SignedIn, password: string) {
	refuseWhileActing(who);
	try {
		const result = await app.auth.api.enableTwoFactor({ body: { password }, headers: meta.headers });
		if (!('totpURI' in result)) throw new Error('two-factor: expected a TOTP enrolment');
		return { totpURI: result.totpURI, backupCodes: result.backupCodes };
	} catch (err) {
		return refuseEnrolment(app, meta, who, err, 'password', 'Your password is not right.');
	}
}

/** Step 2: a first code from the app proves it is set up; the factor is then switched on. */
export async function confirmEnrolment(app: App, meta: RequestMeta, who: SignedIn, code: string): Promise<Headers> {
	refuseWhileActing(who);
	const clean = code.replace(/\s+/g, '');
	let setCookie: Headers;
	try {
		// Switching the factor on replaces the session: the new cookie must reach the browser.
		({ headers: setCookie } = await app.auth.api.verifyTOTP({ body: { code: clean }, headers: meta.headers, returnHeaders: true }));
	} catch (err) {
		return refuseEnrolment(app, meta, who, err, 'code', 'That code is not right. Check the time on your phone and try the next code.');
	}
	await app.cache.setIfAbsent(`totp-used:${who.user.id}:${clean}`, '1', 120);
	await recordOwnAccount(app.database.db, actorFor(meta, who), { action: 'auth.second_factor_enrol', outcome: 'granted' });
	return setCookie;
}

export async function disableSecondFactor(
	app: App,
	meta: RequestMeta,
	who: SignedIn,
	password: string,
	required: boolean
): Promise<Headers> {
	refuseWhileActing(who);
	if (required) throw new AppError('FORBIDDEN', 'Your organisation or role requires a second factor, so it cannot be removed.');
	let setCookie: Headers;
	try {
		({ headers: setCookie } = await app.auth.api.disableTwoFactor({ body: { password }, headers: meta.headers, returnHeaders: true }));
	} catch (err) {
		if (err instanceof APIError) throw new AppError('BAD_REQUEST', 'Your password is not right.', 'password');
		throw err;
	}
	await recordOwnAccount(app.database.db, actorFor(meta, who), { action: 'auth.second_factor_disable', outcome: 'granted' });
	return setCookie;
}

/** Choose where one-time codes go when the authenticator app is not at hand. */
export async function setCodeChannel(app: App, who: SignedIn, channel: 'email' | 'sms', phoneNumber: string | null) {
	refuseWhileActing(who);
	await updateCodeChannel(app.database.db, who.user.id, channel, phoneNumber);
}
