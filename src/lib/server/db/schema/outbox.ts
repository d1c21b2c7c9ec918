import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { ts, idColumn, createdAt } from './columns';

/**
 * Messages waiting to be delivered. A row is written in the same transaction as its cause; the
 * worker claims rows with FOR UPDATE SKIP LOCKED. Recipient and content are encrypted (they may
 * carry PHI once bookings send notices).
 */
export const outbox = pgTable(
	'outbox',
	{
		id: idColumn(),
		channel: text('channel').notNull(),
		template: text('template').notNull(),
		/** Encrypted JSON of { to, subject, text, link? }. */
		payload: text('payload').notNull(),
		/** The user the message is for, when known: lets the local outbox be filtered without decrypting. */
		userId: text('user_id'),
		status: text('status').notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
		lockedUntil: ts('locked_until'),
		lastError: text('last_error'),
		createdAt: createdAt(),
		sentAt: ts('sent_at')
	},
	(t) => [
		index('outbox_due_idx').on(t.status, t.nextAttemptAt),
		check('outbox_channel_valid', sql`${t.channel} IN ('email','sms')`),
		check('outbox_status_valid', sql`${t.status} IN ('pending','sending','sent','failed')`)
	]
);
