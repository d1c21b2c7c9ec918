/**
 * Tables owned by Better Auth (core, admin and two-factor plugins). The JS field names are the ones
 * Better Auth expects; the SQL names are ours (snake_case).
 */
import { bigint, boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ts, createdAt, updatedAt } from './columns';

export const user = pgTable('user', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	email: text('email').notNull().unique(),
	emailVerified: boolean('email_verified').notNull().default(false),
	image: text('image'),
	createdAt: createdAt(),
	updatedAt: updatedAt(),
	/** Platform role: 'user' (a referrer, whose powers come from org roles), 'admin' or 'specialist'. */
	role: text('role').notNull().default('user'),
	banned: boolean('banned').default(false),
	banReason: text('ban_reason'),
	banExpires: ts('ban_expires'),
	twoFactorEnabled: boolean('two_factor_enabled').default(false),
	phoneNumber: text('phone_number'),
	/** Preferred channel for one-time codes when the authenticator app is not at hand. */
	otpChannel: text('otp_channel').notNull().default('email'),
	/**
	 * The IANA zone the person reads times in (detected from the browser on first visit, changeable in
	 * Account); null until known, when times show in the clinic's zone.
	 */
	timeZone: text('time_zone')
});

export const session = pgTable(
	'session',
	{
		id: text('id').primaryKey(),
		expiresAt: ts('expires_at').notNull(),
		token: text('token').notNull().unique(),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		ipAddress: text('ip_address'),
		userAgent: text('user_agent'),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		impersonatedBy: text('impersonated_by'),
		activeOrganizationId: uuid('active_organization_id')
	},
	(t) => [index('session_user_id_idx').on(t.userId)]
);

export const account = pgTable(
	'account',
	{
		id: text('id').primaryKey(),
		accountId: text('account_id').notNull(),
		providerId: text('provider_id').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		accessToken: text('access_token'),
		refreshToken: text('refresh_token'),
		idToken: text('id_token'),
		accessTokenExpiresAt: ts('access_token_expires_at'),
		refreshTokenExpiresAt: ts('refresh_token_expires_at'),
		scope: text('scope'),
		password: text('password'),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [index('account_user_id_idx').on(t.userId)]
);

export const verification = pgTable(
	'verification',
	{
		id: text('id').primaryKey(),
		identifier: text('identifier').notNull(),
		value: text('value').notNull(),
		expiresAt: ts('expires_at').notNull(),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [index('verification_identifier_idx').on(t.identifier)]
);

export const twoFactor = pgTable(
	'two_factor',
	{
		id: text('id').primaryKey(),
		secret: text('secret').notNull(),
		backupCodes: text('backup_codes').notNull(),
		verified: boolean('verified').default(true),
		failedVerificationCount: integer('failed_verification_count').default(0),
		lockedUntil: ts('locked_until'),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' })
	},
	(t) => [index('two_factor_user_id_idx').on(t.userId)]
);

/**
 * Attempt counters kept in the database (rate-limiter-flexible's Drizzle store): sign-in and
 * second-factor limits live here, shared by every instance and kept through a Redis restart.
 * Keys are keyed HMACs, never an address or an email in clear.
 */
export const rateLimit = pgTable('rate_limit', {
	key: text('key').primaryKey(),
	points: integer('points').notNull().default(0),
	expire: timestamp('expire', { withTimezone: true, mode: 'date' })
});

/**
 * Running app instances, each renewing its row every few seconds: how many share Acuity's rate
 * limit when Redis (which normally shares it exactly) is down.
 */
export const appInstance = pgTable('app_instance', {
	id: text('id').primaryKey(),
	seenAt: timestamp('seen_at', { withTimezone: true, mode: 'date' }).notNull()
});

/**
 * Operational figures shared by every instance (the dashboard never shows one process's view):
 * counters each instance adds its deltas to (value), and last-event markers (at, ok), e.g.
 * `cache.fresh`, `cache.stale`, `cache.miss`, `catalogue.sync`. Names only, never PHI.
 */
export const opsFigure = pgTable('ops_figure', {
	name: text('name').primaryKey(),
	value: bigint('value', { mode: 'number' }).notNull().default(0),
	at: timestamp('at', { withTimezone: true, mode: 'date' }),
	ok: boolean('ok'),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});
