import { sql } from 'drizzle-orm';
import { bigserial, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const AUDIT_OUTCOMES = ['granted', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Append-only audit trail. `seq` and `hash` are set by the database (trigger audit_log_chain),
 * which also refuses UPDATE, DELETE and TRUNCATE; see drizzle/0001_audit_guard.sql.
 */
export const auditLog = pgTable(
	'audit_log',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		id: uuid('id').notNull().defaultRandom(),
		occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		actor: text('actor').notNull(),
		onBehalfOf: text('on_behalf_of'),
		action: text('action').notNull(),
		resourceType: text('resource_type'),
		resourceId: text('resource_id'),
		outcome: text('outcome').notNull(),
		ip: text('ip'),
		userAgent: text('user_agent'),
		requestId: text('request_id'),
		details: jsonb('details').$type<Record<string, string | number | boolean | null>>(),
		prevHash: text('prev_hash').notNull().default(''),
		hash: text('hash').notNull().default('')
	},
	(t) => [
		index('audit_log_occurred_idx').on(t.occurredAt),
		index('audit_log_actor_idx').on(t.actor, t.occurredAt),
		index('audit_log_resource_idx').on(t.resourceType, t.resourceId),
		check('audit_log_outcome_valid', sql`${t.outcome} IN ('granted','denied','failed')`)
	]
);
