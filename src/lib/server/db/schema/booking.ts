/**
 * Bookings: the business record of an examination (who asked, for whom, its progress), beside the
 * scheduling `appointment`. Everything about the examinee is encrypted in the application; the
 * name is searchable only through a blind index (keyed HMACs of its normalised words).
 */
import { sql, type SQL } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { organization, team } from './organization';
import { appointment, appointmentType, specialist, specialistLocation } from './scheduling';
import { REPORT_STATES } from '../../../schemas/document';
import { ts, idColumn, createdAt, updatedAt } from './columns';
import { claimCase } from './case';

export const BOOKING_STATUSES = ['active', 'closed', 'archived'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const BOOKING_STAGES = ['scheduled', 'rescheduled', 'cancelled', 'no_show', 'report_in_progress', 'report_ready', 'paid'] as const;
export type BookingStage = (typeof BOOKING_STAGES)[number];

/** Progress order for sorting by status: the path a booking normally takes, cancelled last. */
export const STAGE_SORT_ORDER = ['scheduled', 'rescheduled', 'no_show', 'report_in_progress', 'report_ready', 'paid', 'cancelled'] as const;
/**
 * A stage's place in that order (1…7). The list sorted by status orders by exactly this expression,
 * and the indexes below hold it, so the first page reads 25 index entries, not the whole scope.
 */
export const stageRankOf = (stage: AnyPgColumn | SQL) =>
	sql<number>`array_position(ARRAY[${sql.raw(STAGE_SORT_ORDER.map((s) => `'${s}'`).join(','))}]::text[], ${stage})`;

export const booking = pgTable(
	'booking',
	{
		id: idColumn(),
		/** Short reference people quote on the phone, e.g. IME-7K3Q9P. Not PHI. */
		reference: text('reference').notNull().unique(),
		organizationId: uuid('organization_id')
			.notNull()
			.references(() => organization.id),
		/** The referrer's team when booked: team leads see their team's bookings. */
		teamId: uuid('team_id').references(() => team.id, { onDelete: 'set null' }),
		/** The referrer the booking is for. */
		ownerUserId: text('owner_user_id').notNull(),
		/** Who made it: the referrer, or an admin acting for them. */
		createdByUserId: text('created_by_user_id').notNull(),
		specialistId: uuid('specialist_id')
			.notNull()
			.references(() => specialist.id),
		appointmentTypeId: uuid('appointment_type_id')
			.notNull()
			.references(() => appointmentType.id),
		appointmentId: uuid('appointment_id')
			.unique()
			.references(() => appointment.id),
		startsAt: ts('starts_at').notNull(),
		endsAt: ts('ends_at').notNull(),
		clinicTimeZone: text('clinic_time_zone').notNull(),
		/** Where the examination takes place (null for telehealth, or when the specialist has none). */
		locationId: uuid('location_id').references(() => specialistLocation.id, { onDelete: 'set null' }),
		/**
		 * The address as it was when booked or last moved, one line (e.g. "Macquarie Street rooms, Level 4,
		 * 135 Macquarie Street, Sydney NSW 2000"); empty for telehealth. Not PHI: it is the clinic's.
		 */
		locationAddress: text('location_address').notNull().default(''),
		/** The claimant's matter this examination belongs to, if any. */
		caseId: uuid('case_id').references(() => claimCase.id, { onDelete: 'set null' }),
		status: text('status', { enum: BOOKING_STATUSES }).notNull().default('active'),
		stage: text('stage', { enum: BOOKING_STAGES }).notNull().default('scheduled'),
		/** Examinee details (name, date of birth, contact, claim…) as AES-256-GCM ciphertext. */
		examineeEncrypted: text('examinee_encrypted').notNull(),
		/** Answers to the appointment type's intake questions, encrypted. */
		intakeEncrypted: text('intake_encrypted').notNull(),
		/** Blind index: keyed HMACs of each normalised word of the examinee's name. */
		examineeNameTokens: text('examinee_name_tokens').array().notNull(),
		/** The draft's id: the same confirmation sent twice makes one booking. */
		idempotencyKey: text('idempotency_key').notNull().unique(),
		lateCancellation: boolean('late_cancellation').notNull().default(false),
		cancellationFeeCents: integer('cancellation_fee_cents').notNull().default(0),
		/** When an admin marked the late-cancellation fee as invoiced (null: still to invoice). */
		cancellationInvoicedAt: ts('cancellation_invoiced_at'),
		cancellationInvoicedBy: text('cancellation_invoiced_by'),
		/** Where the report stands (lib/schemas/document.ts REPORT_STATES). */
		reportState: text('report_state', { enum: REPORT_STATES }).notNull().default('none'),
		reportReleasedAt: ts('report_released_at'),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		index('booking_org_starts_idx').on(t.organizationId, t.startsAt, t.id),
		// Lists filter active or closed first: these let the first page skip the other status.
		index('booking_org_status_starts_idx').on(t.organizationId, t.status, t.startsAt, t.id),
		index('booking_status_starts_idx').on(t.status, t.startsAt, t.id),
		index('booking_specialist_status_starts_idx').on(t.specialistId, t.status, t.startsAt, t.id),
		index('booking_owner_starts_idx').on(t.ownerUserId, t.startsAt, t.id),
		index('booking_team_starts_idx').on(t.teamId, t.startsAt, t.id),
		index('booking_specialist_starts_idx').on(t.specialistId, t.startsAt, t.id),
		index('booking_starts_idx').on(t.startsAt, t.id),
		index('booking_case_starts_idx').on(t.caseId, t.startsAt, t.id),
		// The list sorted by status, in the organisation, admin and specialist scopes.
		index('booking_org_status_rank_idx').on(t.organizationId, t.status, stageRankOf(t.stage), t.startsAt, t.id),
		index('booking_status_rank_idx').on(t.status, stageRankOf(t.stage), t.startsAt, t.id),
		index('booking_specialist_status_rank_idx').on(t.specialistId, t.status, stageRankOf(t.stage), t.startsAt, t.id),
		index('booking_name_tokens_idx').using('gin', t.examineeNameTokens),
		index('booking_report_open_idx')
			.on(t.startsAt)
			.where(sql`${t.reportState} <> 'released' AND ${t.status} = 'active'`),
		// The dashboard's "late cancellations to invoice" and the charts' report turnaround.
		index('booking_fee_to_invoice_idx')
			.on(t.startsAt)
			.where(sql`${t.lateCancellation} AND ${t.cancellationFeeCents} > 0 AND ${t.cancellationInvoicedAt} IS NULL`),
		// Late cancellations and no-shows per month (insights): the few examinations missed, from
		// the index alone (the covering index below reads every examination of the year for them).
		index('booking_missed_idx')
			.on(t.startsAt, t.lateCancellation, t.stage)
			.where(sql`${t.lateCancellation} OR ${t.stage} = 'no_show'`),
		// Examinations per week, booked hours (insights):
		// a range of starts answered from the index alone, without reading a million rows' heap.
		index('booking_starts_cover_idx').on(
			t.startsAt,
			t.organizationId,
			t.appointmentTypeId,
			t.specialistId,
			t.stage,
			t.lateCancellation,
			t.endsAt
		),
		check(
			'booking_report_state_valid',
			sql`${t.reportState} IN ('none','dictation_received','in_transcription','draft_review','changes_requested','approved','released')`
		),
		check('booking_status_valid', sql`${t.status} IN ('active','closed','archived')`),
		check(
			'booking_stage_valid',
			sql`${t.stage} IN ('scheduled','rescheduled','cancelled','no_show','report_in_progress','report_ready','paid')`
		)
	]
);

/** Every change of a booking: who, when, on whose behalf, from, to, and a note. */
export const bookingHistory = pgTable(
	'booking_history',
	{
		id: idColumn(),
		bookingId: uuid('booking_id')
			.notNull()
			.references(() => booking.id, { onDelete: 'cascade' }),
		at: ts('at').notNull().defaultNow(),
		action: text('action').notNull(),
		actorUserId: text('actor_user_id').notNull(),
		onBehalfOfUserId: text('on_behalf_of_user_id'),
		fromStage: text('from_stage', { enum: BOOKING_STAGES }),
		toStage: text('to_stage', { enum: BOOKING_STAGES }),
		fromStatus: text('from_status', { enum: BOOKING_STATUSES }),
		toStatus: text('to_status', { enum: BOOKING_STATUSES }),
		fromStartsAt: ts('from_starts_at'),
		toStartsAt: ts('to_starts_at'),
		/** Free text may name the examinee: encrypted. */
		noteEncrypted: text('note_encrypted')
	},
	(t) => [index('booking_history_booking_idx').on(t.bookingId, t.at)]
);

/**
 * A booking in progress, kept server-side so a reload keeps what was typed and nothing lands in
 * the browser. Encrypted; expires after 24 hours; deleted when the booking is confirmed. Its id is
 * the booking's idempotency key and the slot hold's holder key.
 */
export const bookingDraft = pgTable(
	'booking_draft',
	{
		id: idColumn(),
		/** Who is typing it (a referrer, or an admin acting for one). */
		userId: text('user_id').notNull(),
		organizationId: uuid('organization_id').references(() => organization.id, { onDelete: 'cascade' }),
		/** The referrer it is for (the user themself, unless an admin books on their behalf). */
		ownerUserId: text('owner_user_id'),
		dataEncrypted: text('data_encrypted').notNull(),
		expiresAt: ts('expires_at').notNull(),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [index('booking_draft_user_idx').on(t.userId), index('booking_draft_expires_idx').on(t.expiresAt)]
);
