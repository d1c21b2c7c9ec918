/**
 * Turns a request's cookie into who is calling: the Better Auth session and user, the platform
 * role, the active organisation and its roles — the `Caller` every scope decision starts from.
 */
import type { App } from '../app';
import { membershipsOf, type Membership } from '../repositories/membership.repository';
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

export async function resolveSession(app: App, meta: RequestMeta): Promise<SignedIn | null> {
	if (!/(^|;\s*)(__Secure-)?ime\.session_token=/.test(meta.headers.get('cookie') ?? '')) return null;
	const found = await app.auth.api.getSession({ headers: meta.headers, query: { disableRefresh: false } });
	if (!found) return null;
	const u = found.user as typeof found.user & {
		role?: string | null;
		twoFactorEnabled?: boolean | null;
		banned?: boolean | null;
		timeZone?: string | null;
	};
	if (u.banned) return null;
	const s = found.session as typeof found.session & { activeOrganizationId?: string | null; impersonatedBy?: string | null };
	const role = asPlatformRole(u.role);
	// A specialist or admin holds no org role; a referrer works in one organisation at a time.
	const memberships = role === 'user' ? await membershipsOf(app.database.db, u.id) : [];
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
