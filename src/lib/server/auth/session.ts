/**
 * Turns a request's cookie into who is calling: the Better Auth session and user, the platform
 * role, the active organisation and its roles — the `Caller` every scope decision starts from.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { App } from '../app';
import { membershipsOf, type Membership } from '../repositories/membership.repository';
import { findSignedInSession } from '../repositories/sessions.repository';
import { findUserRole } from '../repositories/users.repository';
import type { RequestMeta } from '../services/accounts/request-meta';
import type { PlatformRole } from '../db/schema';
import type { Caller } from './scope';

export interface SignedIn {
	sessionId: string;
	sessionToken: string;
	/** `timeZone`: the IANA zone the person reads times in, null until known (read with the session). */
	user: { id: string; name: string; email: string; role: PlatformRole; twoFactorEnabled: boolean; timeZone: string | null };
	impersonatedBy: string | null;
	memberships: Membership[];
	caller: Caller;
	/** A second factor is required (admin role or organisation policy) but none is enrolled. */
	mustEnrolSecondFactor: boolean;
}

const asPlatformRole = (role: string | null | undefined): PlatformRole => (role === 'admin' || role === 'specialist' ? role : 'user');

/** What a request needs of its session row and user. */
interface SessionRow {
	session: { id: string; token: string; activeOrganizationId?: string | null; impersonatedBy?: string | null };
	user: {
		id: string;
		name: string;
		email: string;
		role?: string | null;
		twoFactorEnabled?: boolean | null;
		banned?: boolean | null;
		timeZone?: string | null;
	};
	/** Read with the session in one query; absent when Better Auth answered (then read on their own). */
	memberships?: Membership[];
}

/** Better Auth's cookie names, secret and session ages, read once per auth instance. */
interface SessionSettings {
	cookieName: string;
	dontRememberName: string;
	hmacKey: Buffer;
	expiresInMs: number;
	updateAgeMs: number;
	/** Cookie values whose signature verified under `hmacKey`, with their token (see `verifiedTokenOf`). */
	verified: Map<string, string>;
}
const settingsOf = new WeakMap<object, Promise<SessionSettings>>();

function sessionSettings(app: App): Promise<SessionSettings> {
	let settings = settingsOf.get(app.auth);
	if (!settings) {
		settings = app.auth.$context.then((ctx) => ({
			cookieName: ctx.authCookies.sessionToken.name,
			dontRememberName: ctx.authCookies.dontRememberToken.name,
			hmacKey: Buffer.from(ctx.secret, 'utf8'),
			expiresInMs: ctx.sessionConfig.expiresIn * 1000,
			updateAgeMs: ctx.sessionConfig.updateAge * 1000,
			verified: new Map()
		}));
		settingsOf.set(app.auth, settings);
	}
	return settings;
}

/** A cookie's value as Better Auth reads it (the first of that name, quotes removed, %-decoded). */
export function cookieValue(header: string, name: string): string | null {
	let index = 0;
	while (index < header.length) {
		const eq = header.indexOf('=', index);
		if (eq === -1) return null;
		let end = header.indexOf(';', index);
		if (end === -1) end = header.length;
		else if (end < eq) {
			index = header.lastIndexOf(';', eq - 1) + 1;
			continue;
		}
		if (header.slice(index, eq).trim() === name) {
			let value = header.slice(eq + 1, end).trim();
			if (value.codePointAt(0) === 34) value = value.slice(1, -1);
			try {
				return value.includes('%') ? decodeURIComponent(value) : value;
			} catch {
				return value;
			}
		}
		index = end + 1;
	}
	return null;
}

/**
 * The token of a cookie signed with the secret (`token.base64(HMAC-SHA256)`, as Better Auth signs
 * it), or null when it is missing or the signature is wrong. Node's HMAC with the key bytes kept,
 * instead of a WebCrypto key imported on every request.
 */
export function verifiedToken(value: string | null, key: Buffer): string | null {
	if (!value) return null;
	const dot = value.lastIndexOf('.');
	if (dot < 1) return null;
	const token = value.slice(0, dot);
	const signature = value.slice(dot + 1);
	if (signature.length !== 44 || !signature.endsWith('=')) return null;
	const expected = createHmac('sha256', key).update(token).digest();
	const given = Buffer.from(signature, 'base64');
	return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

/** Signed cookie values kept per secret: a browser sends the same one on every request. */
const MAX_VERIFIED = 10_000;

/**
 * `verifiedToken`, remembering the values that verified: a value that verified once under this
 * secret always will (the signature is a function of the value and the secret alone), so the same
 * cookie seen again skips the HMAC. Only exact values that verified are kept — a changed signature
 * or token is a different value, checked in full — and only the signature's verdict: whether the
 * session exists is still read from the database on every request.
 */
export function verifiedTokenOf(value: string | null, settings: Pick<SessionSettings, 'hmacKey' | 'verified'>): string | null {
	if (!value) return null;
	const known = settings.verified.get(value);
	if (known !== undefined) return known;
	const token = verifiedToken(value, settings.hmacKey);
	if (token !== null) {
		if (settings.verified.size >= MAX_VERIFIED) settings.verified.clear();
		settings.verified.set(value, token);
	}
	return token;
}

/**
 * The session behind the request's cookie: one prepared query (session, user and memberships) on every request.
 * Sessions are never cached, so a sign-out or deactivation elsewhere ends them at once. Whatever
 * is not a plain valid session — expired (Better Auth deletes it), or due for its sliding renewal —
 * goes through Better Auth's own getSession, as before.
 */
async function lookUpSession(app: App, cookieHeader: string, headers: Headers): Promise<SessionRow | null> {
	const settings = await sessionSettings(app);
	const token = verifiedTokenOf(cookieValue(cookieHeader, settings.cookieName), settings);
	if (!token) return null;
	const row = await findSignedInSession(app.database.db, token);
	if (!row) return null;
	const now = Date.now();
	const expiresAt = row.expiresAt.getTime();
	// Signed in without "remember me" (our sign-in always is), a session is never renewed, as in Better
	// Auth; that cookie is only looked at once the session is old enough to be renewed.
	const renewalDue =
		expiresAt - settings.expiresInMs + settings.updateAgeMs <= now &&
		verifiedTokenOf(cookieValue(cookieHeader, settings.dontRememberName), settings) === null;
	if (expiresAt < now || renewalDue) {
		const found = await app.auth.api.getSession({ headers, query: { disableRefresh: false } });
		return found as SessionRow | null;
	}
	return {
		session: { id: row.sessionId, token: row.token, activeOrganizationId: row.activeOrganizationId, impersonatedBy: row.impersonatedBy },
		user: {
			id: row.userId,
			name: row.name,
			email: row.email,
			role: row.role,
			twoFactorEnabled: row.twoFactorEnabled,
			banned: row.banned,
			timeZone: row.timeZone
		},
		memberships: row.memberships
	};
}

export async function resolveSession(app: App, meta: RequestMeta): Promise<SignedIn | null> {
	const cookieHeader = meta.headers.get('cookie') ?? '';
	if (!/(^|;\s*)(__Secure-)?ime\.session_token=/.test(cookieHeader)) return null;
	const found = await lookUpSession(app, cookieHeader, meta.headers);
	if (!found) return null;
	const u = found.user;
	if (u.banned) return null;
	const s = found.session;
	const role = asPlatformRole(u.role);
	// A specialist or admin holds no org role; a referrer works in one organisation at a time.
	const memberships = role === 'user' ? (found.memberships ?? (await membershipsOf(app.database.db, u.id))) : [];
	const active = memberships.find((m) => m.organizationId === s.activeOrganizationId) ?? memberships[0] ?? null;
	const twoFactorEnabled = Boolean(u.twoFactorEnabled);
	const required = (role === 'admin' && app.config.auth.adminRequire2fa) || memberships.some((m) => m.require2fa);
	return {
		sessionId: s.id,
		sessionToken: s.token,
		user: { id: u.id, name: u.name, email: u.email, role, twoFactorEnabled, timeZone: u.timeZone ?? null },
		impersonatedBy: s.impersonatedBy ?? null,
		memberships,
		caller: {
			userId: u.id,
			platformRole: role,
			organizationId: active?.organizationId ?? null,
			orgRoles: active?.roles ?? [],
			teamId: active?.teamId ?? null
		},
		mustEnrolSecondFactor: required && !twoFactorEnabled
	};
}

/** Where each role lands after signing in. */
export function homeOf(role: PlatformRole): string {
	if (role === 'admin') return '/admin';
	if (role === 'specialist') return '/appointments';
	return '/bookings';
}

/** Only same-site paths are followed after sign-in (no `//host` or backslash tricks). */
export const safeNext = (next: string | null) => (next && /^\/(?![/\\])[^\s\\]*$/.test(next) ? next : null);

export async function platformRoleOf(app: App, userId: string): Promise<PlatformRole> {
	return asPlatformRole(await findUserRole(app.database.db, userId));
}
