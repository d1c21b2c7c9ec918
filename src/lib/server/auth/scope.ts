/**
 * Who sees what (PRODUCT.md, "Who sees what"). One function turns a caller into a scope; every
 * repository that lists or reads records takes that scope and turns it into a WHERE clause with
 * `scopeWhere`, so the rule is written once.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { OrgRole, PlatformRole } from '../db/schema';

export interface Caller {
	userId: string;
	platformRole: PlatformRole;
	/** The organisation the session is working in (null for admins and specialists). */
	organizationId: string | null;
	orgRoles: readonly OrgRole[];
	teamId: string | null;
}

export type Scope =
	| { kind: 'all' }
	| { kind: 'assigned'; specialistUserId: string }
	| { kind: 'org'; organizationId: string; userId: string }
	| { kind: 'team'; organizationId: string; teamId: string; userId: string }
	| { kind: 'own'; organizationId: string; userId: string }
	| { kind: 'none' };

export function scopeFor(caller: Caller): Scope {
	if (caller.platformRole === 'admin') return { kind: 'all' };
	if (caller.platformRole === 'specialist') return { kind: 'assigned', specialistUserId: caller.userId };
	const org = caller.organizationId;
	if (!org) return { kind: 'none' };
	const roles = new Set(caller.orgRoles);
	if (roles.has('owner') || roles.has('manager')) return { kind: 'org', organizationId: org, userId: caller.userId };
	if (roles.has('team_lead') && caller.teamId) return { kind: 'team', organizationId: org, teamId: caller.teamId, userId: caller.userId };
	if (roles.size > 0) return { kind: 'own', organizationId: org, userId: caller.userId };
	return { kind: 'none' };
}

/** The columns of a table that scope rules read. A table without a specialist is never "assigned". */
export interface ScopedColumns {
	organizationId: AnyPgColumn;
	ownerUserId: AnyPgColumn;
	teamId: AnyPgColumn;
	specialistUserId?: AnyPgColumn;
}

export function scopeWhere(scope: Scope, cols: ScopedColumns): SQL | undefined {
	switch (scope.kind) {
		case 'all':
			return undefined;
		case 'assigned':
			return cols.specialistUserId ? eq(cols.specialistUserId, scope.specialistUserId) : sql`false`;
		case 'org':
			return eq(cols.organizationId, scope.organizationId);
		case 'team':
			return and(
				eq(cols.organizationId, scope.organizationId),
				sql`(${cols.teamId} = ${scope.teamId} OR ${cols.ownerUserId} = ${scope.userId})`
			);
		case 'own':
			return and(eq(cols.organizationId, scope.organizationId), eq(cols.ownerUserId, scope.userId));
		case 'none':
			return sql`false`;
	}
}
