/**
 * User queries: accounts (Better Auth's `user` and `account` tables), looked up by id or email,
 * created on accepting an invitation, searched and (de)activated by admins.
 */
import { and, asc, desc, eq, ilike, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { account, member, organization, user } from '../db/schema';
import { decodePageCursor, instantText, keysetOrder, pageOf, pageSize, type SortDir } from './keyset';

export type NewUser = typeof user.$inferInsert;

/** The id of the user with exactly this email (callers normalise it), or null. */
export async function findUserIdByEmail(exec: Executor, email: string): Promise<string | null> {
	const [row] = await exec.select({ id: user.id }).from(user).where(eq(user.email, email)).limit(1);
	return row?.id ?? null;
}

/** Whether any administrator account exists (active or not). */
export async function anyAdminExists(exec: Executor): Promise<boolean> {
	const [row] = await exec.select({ id: user.id }).from(user).where(eq(user.role, 'admin')).limit(1);
	return Boolean(row);
}

/** The user's display name, or null when there is no such user. */
export async function findUserName(exec: Executor, userId: string): Promise<string | null> {
	const [row] = await exec.select({ name: user.name }).from(user).where(eq(user.id, userId)).limit(1);
	return row?.name ?? null;
}

/** The user's stored platform role (as written, unchecked), or null when there is no such user. */
export async function findUserRole(exec: Executor, userId: string): Promise<string | null> {
	const [row] = await exec.select({ role: user.role }).from(user).where(eq(user.id, userId)).limit(1);
	return row?.role ?? null;
}

/** What decides whether an admin may act as this user: id, role and whether deactivated; or null. */
export async function findImpersonationTarget(exec: Executor, userId: string) {
	const [row] = await exec.select({ id: user.id, role: user.role, banned: user.banned }).from(user).where(eq(user.id, userId)).limit(1);
	return row ?? null;
}

/** Inserts a user row as given. */
export async function insertUser(exec: Executor, values: NewUser): Promise<void> {
	await exec.insert(user).values(values);
}

/** Inserts the user's password credential (Better Auth's `account` row of provider "credential"). */
export async function insertCredentialAccount(exec: Executor, userId: string, passwordHash: string): Promise<void> {
	await exec.insert(account).values({
		id: crypto.randomUUID(),
		accountId: userId,
		providerId: 'credential',
		userId,
		password: passwordHash
	});
}

/** Sets where the user's one-time codes go (and the phone number for SMS). */
export async function updateCodeChannel(
	exec: Executor,
	userId: string,
	channel: 'email' | 'sms',
	phoneNumber: string | null
): Promise<void> {
	await exec.update(user).set({ otpChannel: channel, phoneNumber }).where(eq(user.id, userId));
}

/** The IANA zone the user reads times in, or null while it is not known (or there is no such user). */
export async function findUserTimeZone(exec: Executor, userId: string): Promise<string | null> {
	const [row] = await exec.select({ timeZone: user.timeZone }).from(user).where(eq(user.id, userId)).limit(1);
	return row?.timeZone ?? null;
}

/**
 * Sets the zone the user reads times in (the caller has checked it is a known zone); with
 * `onlyIfUnknown`, only while none is stored (a detected zone never replaces a chosen one). Returns
 * whether a row changed.
 */
export async function updateUserTimeZone(
	exec: Executor,
	userId: string,
	timeZone: string,
	{ onlyIfUnknown = false }: { onlyIfUnknown?: boolean } = {}
): Promise<boolean> {
	const updated = await exec
		.update(user)
		.set({ timeZone, updatedAt: new Date() })
		.where(and(eq(user.id, userId), onlyIfUnknown ? isNull(user.timeZone) : or(isNull(user.timeZone), ne(user.timeZone, timeZone))))
		.returning({ id: user.id });
	return updated.length > 0;
}

/** Sets the user's ban flag and reason; returns false when there is no such user. */
export async function updateUserBan(exec: Executor, userId: string, ban: { banned: boolean; banReason: string | null }): Promise<boolean> {
	const updated = await exec
		.update(user)
		.set({ banned: ban.banned, banReason: ban.banReason, updatedAt: new Date() })
		.where(eq(user.id, userId))
		.returning({ id: user.id });
	return updated.length > 0;
}

/** How many user accounts exist. */
export async function countUsers(exec: Executor): Promise<number> {
	return exec.$count(user);
}

/**
 * Up to 200 users with their organisation and roles (one row per membership): with a search, those
 * whose name, email or organisation contains it or resembles it (pg_trgm word similarity above
 * 0.45), best matches first; without, everyone by name.
 */
export async function searchUsers(exec: Executor, q: string) {
	const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
	const score = sql<number>`greatest(word_similarity(${q}, ${user.name}), word_similarity(${q}, ${user.email}), coalesce(word_similarity(${q}, ${organization.name}), 0))`;
	return exec
		.select({
			id: user.id,
			name: user.name,
			email: user.email,
			role: user.role,
			banned: user.banned,
			twoFactorEnabled: user.twoFactorEnabled,
			createdAt: user.createdAt,
			organizationName: organization.name,
			orgRoles: member.roles
		})
		.from(user)
		.leftJoin(member, eq(member.userId, user.id))
		.leftJoin(organization, eq(organization.id, member.organizationId))
		.where(q ? or(ilike(user.name, like), ilike(user.email, like), ilike(organization.name, like), sql`${score} > 0.45`) : undefined)
		.orderBy(...(q ? [desc(score), asc(user.name)] : [asc(user.name)]))
		.limit(200);
}

export type UserSort = 'name' | 'createdAt';

/**
 * One keyset page of every account, by name or by when it was made (then id), without their
 * memberships (`membershipsOfUsers`): the page counts accounts, not memberships.
 */
export async function listUsersPage(exec: Executor, p: { sort: UserSort; dir: SortDir; cursor?: string | null; limit?: number }) {
	const kind = p.sort === 'name' ? 'text' : 'instant';
	const after = p.cursor ? decodePageCursor(p.cursor, p.sort, p.dir, kind) : null;
	const key = p.sort === 'name' ? user.name : user.createdAt;
	const { orderBy, seek } = keysetOrder(key, user.id, p.dir, after, kind, 'text');
	const size = pageSize(p.limit);
	const found = await exec
		.select({
			id: user.id,
			name: user.name,
			email: user.email,
			role: user.role,
			banned: user.banned,
			twoFactorEnabled: user.twoFactorEnabled,
			createdAt: user.createdAt,
			createdKey: instantText(user.createdAt)
		})
		.from(user)
		.where(seek)
		.orderBy(...orderBy)
		.limit(size + 1);
	const page = pageOf(found, size, p.sort, p.dir, (r) => (p.sort === 'name' ? r.name : r.createdKey));
	return { rows: page.rows.map(({ createdKey: _k, ...r }) => r), nextCursor: page.nextCursor };
}

/** The organisations and roles of these users, by organisation name. */
export async function membershipsOfUsers(exec: Executor, userIds: string[]) {
	if (userIds.length === 0) return [];
	return exec
		.select({ userId: member.userId, organizationName: organization.name, orgRoles: member.roles })
		.from(member)
		.innerJoin(organization, eq(organization.id, member.organizationId))
		.where(inArray(member.userId, userIds))
		.orderBy(asc(organization.name));
}
