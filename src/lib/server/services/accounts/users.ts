/**
 * Admins' view of user accounts: the dashboard's counts, finding people, and deactivating or
 * reactivating an account (its sessions end at once).
 */
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import { countPendingInvitations } from '../../repositories/invitations.repository';
import { recentImpersonationTargets } from '../../repositories/impersonation-audit.repository';
import { countOrganizations } from '../../repositories/organizations.repository';
import { deleteSessionsOf } from '../../repositories/sessions.repository';
import { InvalidPageCursorError, type SortDir } from '../../repositories/keyset';
import {
	countUsers,
	findUserName,
	listUsersPage,
	membershipsOfUsers,
	searchUsers,
	updateUserBan,
	type UserSort
} from '../../repositories/users.repository';
import { recordAudit } from '../audit/audit';

/** A page link that is out of date or forged (every admin list's pages). */
export { InvalidPageCursorError };

/** How many users and organisations exist, and how many invitations are pending. */
export async function adminCounts(app: App) {
	const db = app.database.db;
	const [users, orgs, pending] = await Promise.all([countUsers(db), countOrganizations(db), countPendingInvitations(db)]);
	return { users, organizations: orgs, pendingInvitations: pending };
}

/** The user's display name, or null when there is no such user. */
export async function userName(app: App, userId: string): Promise<string | null> {
	return findUserName(app.database.db, userId);
}

/**
 * People by part of a name, email or organisation, forgiving typos, best matches first. With no
 * search: the 10 referrers this admin acted for most recently, then everyone by name. Each row says
 * whether it is one of those recent ones.
 */
export async function findPeople(app: App, adminUserId: string, q: string) {
	const db = app.database.db;
	const recent = q ? [] : await recentImpersonationTargets(db, adminUserId);
	const rows = await searchUsers(db, q);
	const rank = new Map(recent.map((id, i) => [id, i]));
	return rows.map((r) => ({ ...r, recent: rank.has(r.id) })).sort((a, b) => (rank.get(a.id) ?? 99) - (rank.get(b.id) ?? 99));
}

/**
 * Every account a keyset page at a time, by name or by when it was made, one row per membership
 * (as `findPeople` answers); those this admin acted for recently carry a badge.
 */
export async function browsePeople(
	app: App,
	adminUserId: string,
	p: { sort: UserSort; dir: SortDir; cursor?: string | null; limit?: number }
) {
	const db = app.database.db;
	const [page, recent] = await Promise.all([listUsersPage(db, p), recentImpersonationTargets(db, adminUserId)]);
	const memberships = await membershipsOfUsers(
		db,
		page.rows.map((r) => r.id)
	);
	const rows = page.rows.flatMap((u) => {
		const of = memberships.filter((m) => m.userId === u.id);
		const base = { ...u, recent: recent.includes(u.id) };
		return of.length
			? of.map((m) => ({ ...base, organizationName: m.organizationName as string | null, orgRoles: m.orgRoles as string[] | null }))
			: [{ ...base, organizationName: null as string | null, orgRoles: null as string[] | null }];
	});
	return { rows, nextCursor: page.nextCursor };
}

/**
 * Deactivates (ending every session at once) or reactivates an account, audited; returns null when
 * there is no such user. The caller refuses an admin's own account first.
 */
export async function setUserActive(
	app: App,
	who: Actor,
	userId: string,
	active: boolean
): Promise<{ userId: string; active: boolean } | null> {
	return app.database.db.transaction(async (tx) => {
		const found = await updateUserBan(tx, userId, { banned: !active, banReason: active ? null : 'deactivated by an admin' });
		if (!found) return null;
		if (!active) await deleteSessionsOf(tx, userId);
		await recordAudit(tx, who, {
			action: 'user.status_change',
			outcome: 'granted',
			resourceType: 'user',
			resourceId: userId,
			details: { active }
		});
		return { userId, active };
	});
}
