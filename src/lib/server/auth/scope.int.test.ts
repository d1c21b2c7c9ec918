import { asc, sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import type { OrgRole, PlatformRole } from '../db/schema';
import { openTestDatabase } from '../testing/db';
import { scopeFor, scopeWhere, type Caller, type Scope, type ScopedColumns } from './scope';

/** A stand-in for any scoped record (appointments, referrals): only the columns scope rules read. */
const record = pgTable('scope_fixture', {
	id: text('id').primaryKey(),
	organizationId: text('organization_id').notNull(),
	teamId: text('team_id'),
	ownerUserId: text('owner_user_id').notNull(),
	specialistUserId: text('specialist_user_id')
});

const withSpecialist: ScopedColumns = {
	organizationId: record.organizationId,
	ownerUserId: record.ownerUserId,
	teamId: record.teamId,
	specialistUserId: record.specialistUserId
};
const { specialistUserId: _, ...withoutSpecialist } = withSpecialist;

// Two organisations × two teams. alice refers in both organisations; lead leads team A1 but also
// owns a record filed under A2, and one in organisation B.
const fixture = [
	{ id: 'a1-alice', organizationId: 'orgA', teamId: 'A1', ownerUserId: 'alice', specialistUserId: 'spec1' },
	{ id: 'a1-bob', organizationId: 'orgA', teamId: 'A1', ownerUserId: 'bob', specialistUserId: 'spec2' },
	{ id: 'a2-carol', organizationId: 'orgA', teamId: 'A2', ownerUserId: 'carol', specialistUserId: 'spec1' },
	{ id: 'a-alice-noteam', organizationId: 'orgA', teamId: null, ownerUserId: 'alice', specialistUserId: null },
	{ id: 'a2-lead', organizationId: 'orgA', teamId: 'A2', ownerUserId: 'lead', specialistUserId: null },
	{ id: 'b1-dave', organizationId: 'orgB', teamId: 'B1', ownerUserId: 'dave', specialistUserId: 'spec1' },
	{ id: 'b2-erin', organizationId: 'orgB', teamId: 'B2', ownerUserId: 'erin', specialistUserId: 'spec2' },
	{ id: 'b1-alice', organizationId: 'orgB', teamId: 'B1', ownerUserId: 'alice', specialistUserId: null },
	{ id: 'b2-lead', organizationId: 'orgB', teamId: 'B2', ownerUserId: 'lead', specialistUserId: null }
];

let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
	await database.db.execute(sql`create table scope_fixture (
		id text primary key,
		organization_id text not null,
		team_id text,
		owner_user_id text not null,
		specialist_user_id text)`);
	await database.db.insert(record).values(fixture);
});

afterAll(async () => {
	await database?.close();
});

async function visible(scope: Scope, cols: ScopedColumns = withSpecialist): Promise<string[]> {
	const rows = await database.db.select({ id: record.id }).from(record).where(scopeWhere(scope, cols)).orderBy(asc(record.id));
	return rows.map((r) => r.id);
}

const sorted = (ids: string[]) => [...ids].sort();

const caller = (
	userId: string,
	platformRole: PlatformRole,
	organizationId: string | null,
	orgRoles: OrgRole[] = [],
	teamId: string | null = null
): Caller => ({ userId, platformRole, organizationId, orgRoles, teamId });

describe('scoped queries return exactly the records each caller may see', () => {
	it.each<[string, Caller, string[]]>([
		['an admin: every record', caller('root', 'admin', null), fixture.map((r) => r.id)],
		[
			'a specialist: the records assigned to them, across organisations',
			caller('spec1', 'specialist', null),
			['a1-alice', 'a2-carol', 'b1-dave']
		],
		[
			'an owner: their organisation only',
			caller('olivia', 'user', 'orgA', ['owner']),
			['a1-alice', 'a1-bob', 'a2-carol', 'a-alice-noteam', 'a2-lead']
		],
		[
			'a manager of the other organisation: that one only',
			caller('max', 'user', 'orgB', ['manager']),
			['b1-dave', 'b2-erin', 'b1-alice', 'b2-lead']
		],
		[
			'a team lead: their team plus their own records in the organisation',
			caller('lead', 'user', 'orgA', ['team_lead'], 'A1'),
			['a1-alice', 'a1-bob', 'a2-lead']
		],
		[
			'a referrer: their own records in the session organisation',
			caller('alice', 'user', 'orgA', ['referrer'], 'A1'),
			['a1-alice', 'a-alice-noteam']
		],
		['the same referrer working in the other organisation', caller('alice', 'user', 'orgB', ['referrer']), ['b1-alice']],
		['a user with no organisation: nothing', caller('alice', 'user', null, ['referrer']), []],
		['a member with no roles: nothing', caller('alice', 'user', 'orgA'), []]
	])('%s', async (_label, who, expected) => {
		expect(await visible(scopeFor(who))).toEqual(sorted(expected));
	});

	it('a team lead never sees a team of the same id in another organisation', async () => {
		// Scope claims team B1 while working in orgA: only orgA rows (none in B1) and own orgA rows.
		expect(await visible({ kind: 'team', organizationId: 'orgA', teamId: 'B1', userId: 'alice' })).toEqual(
			sorted(['a1-alice', 'a-alice-noteam'])
		);
	});

	it('a table without a specialist column shows a specialist nothing', async () => {
		expect(await visible({ kind: 'assigned', specialistUserId: 'spec1' }, withoutSpecialist)).toEqual([]);
	});

	it('scopes other than "assigned" ignore the specialist column', async () => {
		const scope: Scope = { kind: 'own', organizationId: 'orgA', userId: 'alice' };
		expect(await visible(scope, withoutSpecialist)).toEqual(await visible(scope, withSpecialist));
	});
});
