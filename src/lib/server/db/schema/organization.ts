import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { ts, idColumn, createdAt } from './columns';

export const ORG_ROLES = ['owner', 'manager', 'team_lead', 'referrer'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export const PLATFORM_ROLES = ['user', 'admin', 'specialist'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export const organization = pgTable('organization', {
	id: idColumn(),
	name: text('name').notNull(),
	slug: text('slug').notNull().unique(),
	/** Members must enrol a second factor before they reach anything. */
	require2fa: boolean('require_2fa').notNull().default(false),
	active: boolean('active').notNull().default(true),
	createdAt: createdAt()
});

export const team = pgTable(
	'team',
	{
		id: idColumn(),
		organizationId: uuid('organization_id')
			.notNull()
			.references(() => organization.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		createdAt: createdAt()
	},
	(t) => [unique('team_org_name_uq').on(t.organizationId, t.name)]
);

export const member = pgTable(
	'member',
	{
		id: idColumn(),
		organizationId: uuid('organization_id')
			.notNull()
			.references(() => organization.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		roles: text('roles', { enum: ORG_ROLES }).array().notNull(),
		teamId: uuid('team_id').references(() => team.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		unique('member_org_user_uq').on(t.organizationId, t.userId),
		index('member_user_idx').on(t.userId),
		index('member_team_idx').on(t.teamId),
		check('member_roles_valid', sql`cardinality(${t.roles}) > 0 AND ${t.roles} <@ ARRAY['owner','manager','team_lead','referrer']::text[]`)
	]
);

export const invitation = pgTable(
	'invitation',
	{
		id: idColumn(),
		/** SHA-256 of the token; the token itself only travels in the invitation email. */
		tokenHash: text('token_hash').notNull().unique(),
		email: text('email').notNull(),
		name: text('name').notNull(),
		platformRole: text('platform_role').notNull().default('user'),
		organizationId: uuid('organization_id').references(() => organization.id, { onDelete: 'cascade' }),
		orgRoles: text('org_roles', { enum: ORG_ROLES })
			.array()
			.notNull()
			.default(sql`ARRAY[]::text[]`),
		teamId: uuid('team_id').references(() => team.id, { onDelete: 'set null' }),
		/** For a specialist: the profile the new account is linked to on acceptance. */
		specialistId: uuid('specialist_id'),
		invitedBy: text('invited_by').notNull(),
		expiresAt: ts('expires_at').notNull(),
		acceptedAt: ts('accepted_at'),
		revokedAt: ts('revoked_at'),
		createdAt: createdAt()
	},
	(t) => [
		index('invitation_email_idx').on(t.email),
		check('invitation_platform_role_valid', sql`${t.platformRole} IN ('user','admin','specialist')`),
		check(
			'invitation_roles_fit',
			sql`(${t.platformRole} = 'user' AND ${t.organizationId} IS NOT NULL AND cardinality(${t.orgRoles}) > 0
			    AND ${t.orgRoles} <@ ARRAY['owner','manager','team_lead','referrer']::text[])
			 OR (${t.platformRole} <> 'user' AND ${t.organizationId} IS NULL AND cardinality(${t.orgRoles}) = 0)`
		)
	]
);
