/**
 * Scheduling: specialists (a provider "calendar" each), appointment types (exam kinds), the built-in
 * scheduler's hours, and appointments — the local record of every appointment, whichever provider
 * holds it. The database refuses two overlapping confirmed appointments of one specialist
 * (exclusion constraint, drizzle/0003).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, unique, uniqueIndex, uuid, date } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { organization } from './organization';
import { ts, idColumn, createdAt, updatedAt } from './columns';

export const AU_STATES = ['NSW', 'VIC', 'QLD', 'SA', 'WA', 'TAS', 'ACT', 'NT'] as const;
export const EXAM_MODES = ['in_person', 'telehealth'] as const;

export const specialist = pgTable(
	'specialist',
	{
		id: idColumn(),
		/** The specialist's sign-in account, once invited. */
		userId: text('user_id')
			.unique()
			.references(() => user.id, { onDelete: 'set null' }),
		displayName: text('display_name').notNull(),
		/** e.g. "Associate Professor", "Dr" — shown before the name where space allows. */
		title: text('title').notNull().default(''),
		specialty: text('specialty').notNull().default(''),
		/** AHPRA registration number. */
		registrationNumber: text('registration_number').notNull().default(''),
		/** Lower first in the directory; equal orders sort by name. */
		displayOrder: integer('display_order').notNull().default(0),
		location: text('location').notNull().default(''),
		state: text('state'),
		modes: text('modes')
			.array()
			.notNull()
			.default(sql`ARRAY['in_person']::text[]`),
		/** The clinic's IANA zone: hours are read in it. */
		timeZone: text('time_zone').notNull(),
		slotIntervalMinutes: integer('slot_interval_minutes').notNull().default(30),
		minNoticeMinutes: integer('min_notice_minutes')
			.notNull()
			.default(24 * 60),
		horizonDays: integer('horizon_days').notNull().default(90),
		/** Acuity's calendar id when Acuity is the provider. */
		providerCalendarId: text('provider_calendar_id').unique(),
		active: boolean('active').notNull().default(true),
		createdAt: createdAt()
	},
	(t) => [
		check('specialist_state_valid', sql`${t.state} IS NULL OR ${t.state} IN ('NSW','VIC','QLD','SA','WA','TAS','ACT','NT')`),
		check('specialist_interval_valid', sql`${t.slotIntervalMinutes} BETWEEN 5 AND 240`)
	]
);

/**
 * A place a specialist examines in person: consulting rooms with a full street address. A specialist
 * may have several (different rooms on different days); weekly hours name the one they are at, and
 * hours that name none are at the primary location. Telehealth examinations have no place.
 */
export const specialistLocation = pgTable(
	'specialist_location',
	{
		id: idColumn(),
		specialistId: uuid('specialist_id')
			.notNull()
			.references(() => specialist.id, { onDelete: 'cascade' }),
		/** What people call the place, e.g. "Macquarie Street rooms". */
		name: text('name').notNull(),
		line1: text('line1').notNull(),
		line2: text('line2').notNull().default(''),
		suburb: text('suburb').notNull(),
		state: text('state').notNull(),
		postcode: text('postcode').notNull(),
		/** Arrival notes for the examinee: parking, level, entrance. */
		directions: text('directions').notNull().default(''),
		isPrimary: boolean('is_primary').notNull().default(false),
		active: boolean('active').notNull().default(true),
		createdAt: createdAt()
	},
	(t) => [
		index('specialist_location_specialist_idx').on(t.specialistId),
		uniqueIndex('specialist_location_primary_uq')
			.on(t.specialistId)
			.where(sql`${t.isPrimary}`),
		check('specialist_location_state_valid', sql`${t.state} IN ('NSW','VIC','QLD','SA','WA','TAS','ACT','NT')`),
		check('specialist_location_postcode_valid', sql`${t.postcode} ~ '^[0-9]{4}$'`)
	]
);

export interface IntakeField {
	id: string;
	name: string;
	required: boolean;
	type: 'textbox' | 'textarea' | 'dropdown' | 'checkbox' | 'checkboxlist' | 'yesno' | 'file' | 'address';
	options: string[];
}

export const appointmentType = pgTable(
	'appointment_type',
	{
		id: idColumn(),
		name: text('name').notNull(),
		/** Our own wording for referrers, over the synced name (which a sync may change). */
		label: text('label'),
		displayOrder: integer('display_order').notNull().default(0),
		description: text('description').notNull().default(''),
		/** Exam kind: IME, File review, Supplementary… */
		category: text('category').notNull(),
		mode: text('mode').notNull().default('in_person'),
		durationMinutes: integer('duration_minutes').notNull(),
		priceCents: integer('price_cents').notNull().default(0),
		paddingBeforeMinutes: integer('padding_before_minutes').notNull().default(0),
		paddingAfterMinutes: integer('padding_after_minutes').notNull().default(0),
		intakeFields: jsonb('intake_fields').$type<IntakeField[]>().notNull().default([]),
		providerTypeId: text('provider_type_id').unique(),
		active: boolean('active').notNull().default(true),
		createdAt: createdAt()
	},
	(t) => [
		check('appointment_type_mode_valid', sql`${t.mode} IN ('in_person','telehealth')`),
		check('appointment_type_duration_valid', sql`${t.durationMinutes} BETWEEN 5 AND 600`)
	]
);

export const specialistAppointmentType = pgTable(
	'specialist_appointment_type',
	{
		specialistId: uuid('specialist_id')
			.notNull()
			.references(() => specialist.id, { onDelete: 'cascade' }),
		appointmentTypeId: uuid('appointment_type_id')
			.notNull()
			.references(() => appointmentType.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.specialistId, t.appointmentTypeId] })]
);

export const weeklyHours = pgTable(
	'weekly_hours',
	{
		id: idColumn(),
		specialistId: uuid('specialist_id')
			.notNull()
			.references(() => specialist.id, { onDelete: 'cascade' }),
		/** ISO weekday, 1 = Monday. */
		weekday: integer('weekday').notNull(),
		startMinute: integer('start_minute').notNull(),
		endMinute: integer('end_minute').notNull(),
		/** Where the specialist is during these hours; null means the primary location. */
		locationId: uuid('location_id').references(() => specialistLocation.id, { onDelete: 'set null' })
	},
	(t) => [
		index('weekly_hours_specialist_idx').on(t.specialistId),
		check(
			'weekly_hours_valid',
			sql`${t.weekday} BETWEEN 1 AND 7 AND ${t.startMinute} >= 0 AND ${t.endMinute} <= 1440 AND ${t.startMinute} < ${t.endMinute}`
		)
	]
);

export const dateOverride = pgTable(
	'date_override',
	{
		id: idColumn(),
		specialistId: uuid('specialist_id')
			.notNull()
			.references(() => specialist.id, { onDelete: 'cascade' }),
		date: date('date', { mode: 'string' }).notNull(),
		/** Replaces the weekly hours of that date; empty means closed (leave). */
		ranges: jsonb('ranges').$type<{ startMinute: number; endMinute: number }[]>().notNull().default([]),
		note: text('note').notNull().default('')
	},
	(t) => [unique('date_override_uq').on(t.specialistId, t.date)]
);

export const APPOINTMENT_STATUSES = ['confirmed', 'cancelled'] as const;

export const appointment = pgTable(
	'appointment',
	{
		id: idColumn(),
		provider: text('provider').notNull(),
		/** The provider's id (for the built-in scheduler, the row's own id). */
		providerAppointmentId: text('provider_appointment_id'),
		specialistId: uuid('specialist_id')
			.notNull()
			.references(() => specialist.id),
		appointmentTypeId: uuid('appointment_type_id')
			.notNull()
			.references(() => appointmentType.id),
		startsAt: ts('starts_at').notNull(),
		endsAt: ts('ends_at').notNull(),
		/** The time the appointment keeps the specialist busy: padding before and after included. */
		busyFrom: ts('busy_from').notNull(),
		busyTo: ts('busy_to').notNull(),
		status: text('status', { enum: APPOINTMENT_STATUSES }).notNull().default('confirmed'),
		idempotencyKey: text('idempotency_key').unique(),
		/** The organisation it belongs to; null for one made directly in Acuity until an admin attaches it. */
		organizationId: uuid('organization_id').references(() => organization.id),
		/** 'portal' when booked here, 'upstream' when it arrived from the provider (webhook, reconcile). */
		source: text('source').notNull().default('portal'),
		/** Client details from the provider, encrypted (PHI). */
		clientEncrypted: text('client_encrypted'),
		noShow: boolean('no_show').notNull().default(false),
		/**
		 * A change the portal is making at the provider right now ('cancel' or 'reschedule:<ISO
		 * instant>'): the provider's webhook for it is our own echo, not a change made there.
		 */
		pendingChange: text('pending_change'),
		pendingUntil: ts('pending_until'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		cancelledAt: ts('cancelled_at')
	},
	(t) => [
		unique('appointment_provider_uq').on(t.provider, t.providerAppointmentId),
		index('appointment_specialist_time_idx').on(t.specialistId, t.busyFrom),
		index('appointment_starts_idx').on(t.startsAt),
		check('appointment_status_valid', sql`${t.status} IN ('confirmed','cancelled')`),
		check('appointment_time_valid', sql`${t.startsAt} < ${t.endsAt} AND ${t.busyFrom} <= ${t.startsAt} AND ${t.busyTo} >= ${t.endsAt}`)
	]
);

/** A short hold on a time while someone completes a booking: it hides the time from everyone else. */
export const slotHold = pgTable(
	'slot_hold',
	{
		id: idColumn(),
		/** Whose hold (a booking draft's id): one hold per holder. */
		holderKey: text('holder_key').notNull().unique(),
		specialistId: uuid('specialist_id')
			.notNull()
			.references(() => specialist.id, { onDelete: 'cascade' }),
		appointmentTypeId: uuid('appointment_type_id')
			.notNull()
			.references(() => appointmentType.id, { onDelete: 'cascade' }),
		startsAt: ts('starts_at').notNull(),
		busyFrom: ts('busy_from').notNull(),
		busyTo: ts('busy_to').notNull(),
		expiresAt: ts('expires_at').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('slot_hold_specialist_idx').on(t.specialistId, t.busyFrom)]
);

/** Webhook deliveries, kept to recognise duplicates and to show what arrived. */
export const webhookEvent = pgTable(
	'webhook_event',
	{
		id: idColumn(),
		provider: text('provider').notNull(),
		/** SHA-256 of the raw body and the minute it arrived in: the same delivery repeated is one event. */
		dedupeKey: text('dedupe_key').notNull().unique(),
		action: text('action').notNull(),
		providerAppointmentId: text('provider_appointment_id').notNull(),
		outcome: text('outcome').notNull().default('received'),
		receivedAt: ts('received_at').notNull().defaultNow(),
		processedAt: ts('processed_at')
	},
	(t) => [index('webhook_event_received_idx').on(t.receivedAt)]
);

export const SYNC_CONFLICT_KINDS = [
	'moved_after_exam',
	'cancelled_after_exam',
	'no_show_refused',
	'overlap',
	'both_moved',
	'missing_upstream'
] as const;
export type SyncConflictKind = (typeof SYNC_CONFLICT_KINDS)[number];

/**
 * A change from the provider that the booking could not follow as it stands, or a change made in
 * both places at once: kept for an admin to look at (docs/decisions/010-bookings-follow-acuity.md).
 * `detail` is our own wording with times and stages, never examinee data.
 */
export const syncConflict = pgTable(
	'sync_conflict',
	{
		id: idColumn(),
		kind: text('kind').notNull(),
		appointmentId: uuid('appointment_id').references(() => appointment.id, { onDelete: 'cascade' }),
		bookingId: uuid('booking_id'),
		detail: text('detail').notNull(),
		createdAt: createdAt(),
		resolvedAt: ts('resolved_at'),
		resolvedBy: text('resolved_by')
	},
	(t) => [
		index('sync_conflict_open_idx')
			.on(t.createdAt)
			.where(sql`${t.resolvedAt} IS NULL`),
		check(
			'sync_conflict_kind_valid',
			sql`${t.kind} IN ('moved_after_exam','cancelled_after_exam','no_show_refused','overlap','both_moved','missing_upstream')`
		)
	]
);
