/**
 * Cases: a claimant's matter as the unit of work. A case belongs to an organisation and is seen by
 * the same scope rule as bookings (organisation, team, responsible referrer). The claimant is the
 * examinee: encrypted like a booking's examinee and found by the same blind index. Each booking
 * (examination) may belong to one case; each has an enclosure checklist, from its exam type's
 * template, with due dates counted in business days before the examination, and the claimant's
 * logistics (interpreter, access, travel, telehealth).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organization, team } from './organization';
import { appointmentType } from './scheduling';
import { booking } from './booking';
import { document } from './document';
import { DOCUMENT_CATEGORIES } from '../../../schemas/document';
import { CASE_SCHEMES, CASE_STATUSES, ENCLOSURE_STATES, TECH_CHECK_STATES } from '../../../schemas/case';
import { ts, idColumn, createdAt, updatedAt } from './columns';

export const claimCase = pgTable(
	'claim_case',
	{
		id: idColumn(),
		/** Short reference people quote, e.g. CASE-7K3Q9P. Not PHI. */
		reference: text('reference').notNull().unique(),
		organizationId: uuid('organization_id')
			.notNull()
			.references(() => organization.id),
		/** The responsible referrer's team: team leads see their team's cases. */
		teamId: uuid('team_id').references(() => team.id, { onDelete: 'set null' }),
		/** The referrer responsible for the matter. */
		ownerUserId: text('owner_user_id').notNull(),
		createdByUserId: text('created_by_user_id').notNull(),
		/** The claimant (an examinee, same shape) as AES-256-GCM ciphertext. */
		claimantEncrypted: text('claimant_encrypted').notNull(),
		/** Blind index of the claimant's name (the same keyed HMACs as booking.examinee_name_tokens). */
		claimantNameTokens: text('claimant_name_tokens').array().notNull(),
		/** Keyed HMAC of the normalised claim number ('' when none): groups and finds without revealing it. */
		claimNumberHash: text('claim_number_hash').notNull().default(''),
		/** Claim number, insurer or defendant, matter reference and notes, encrypted (they may name the claimant). */
		detailsEncrypted: text('details_encrypted').notNull(),
		/** Jurisdiction and scheme, e.g. NSW workers compensation. Not PHI. */
		scheme: text('scheme', { enum: CASE_SCHEMES }).notNull().default('other'),
		status: text('status', { enum: CASE_STATUSES }).notNull().default('open'),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		index('claim_case_org_updated_idx').on(t.organizationId, t.updatedAt, t.id),
		index('claim_case_org_status_updated_idx').on(t.organizationId, t.status, t.updatedAt, t.id),
		index('claim_case_status_updated_idx').on(t.status, t.updatedAt, t.id),
		index('claim_case_updated_idx').on(t.updatedAt, t.id),
		index('claim_case_owner_updated_idx').on(t.ownerUserId, t.updatedAt, t.id),
		index('claim_case_team_updated_idx').on(t.teamId, t.updatedAt, t.id),
		index('claim_case_name_tokens_idx').using('gin', t.claimantNameTokens),
		index('claim_case_claim_idx').on(t.organizationId, t.claimNumberHash),
		check('claim_case_status_valid', sql`${t.status} IN ('open','on_hold','closed')`),
		check(
			'claim_case_scheme_valid',
			sql`${t.scheme} IN ('nsw_workers_comp','nsw_ctp','vic_workcover','vic_tac','qld_workcover','qld_ctp','comcare','public_liability','medical_negligence','tpd_insurance','other')`
		)
	]
);

/** Everything that happened to a case itself (its examinations keep their own booking history). */
export const caseHistory = pgTable(
	'case_history',
	{
		id: idColumn(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => claimCase.id, { onDelete: 'cascade' }),
		at: ts('at').notNull().defaultNow(),
		/** e.g. case.create, case.update, case.status, case.booking_add, enclosure.not_applicable. */
		action: text('action').notNull(),
		actorUserId: text('actor_user_id').notNull(),
		onBehalfOfUserId: text('on_behalf_of_user_id'),
		bookingId: uuid('booking_id').references(() => booking.id, { onDelete: 'set null' }),
		/** Our own wording (statuses, field names), never claimant data. */
		detail: text('detail').notNull().default(''),
		/** Free text may name the claimant: encrypted. */
		noteEncrypted: text('note_encrypted')
	},
	(t) => [index('case_history_case_idx').on(t.caseId, t.at)]
);

/**
 * The enclosures an exam type needs (admins edit them per type): e.g. an IME needs the letter of
 * instruction, consent, medical records and imaging, each due some business days before.
 */
export const enclosureTemplateItem = pgTable(
	'enclosure_template_item',
	{
		id: idColumn(),
		appointmentTypeId: uuid('appointment_type_id')
			.notNull()
			.references(() => appointmentType.id, { onDelete: 'cascade' }),
		/** The document category whose upload meets it. */
		category: text('category', { enum: DOCUMENT_CATEGORIES }).notNull(),
		label: text('label').notNull(),
		businessDaysBefore: integer('business_days_before').notNull().default(10),
		position: integer('position').notNull().default(0),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('enclosure_template_type_category_uq').on(t.appointmentTypeId, t.category),
		check('enclosure_template_days_valid', sql`${t.businessDaysBefore} BETWEEN 0 AND 60`)
	]
);

/**
 * One examination's enclosure: due on a date (business days before the examination, recomputed
 * when it moves); met by a document of its category (read from the documents, never stale), or
 * marked not applicable with a reason.
 */
export const bookingEnclosure = pgTable(
	'booking_enclosure',
	{
		id: idColumn(),
		bookingId: uuid('booking_id')
			.notNull()
			.references(() => booking.id, { onDelete: 'cascade' }),
		category: text('category', { enum: DOCUMENT_CATEGORIES }).notNull(),
		label: text('label').notNull(),
		businessDaysBefore: integer('business_days_before').notNull().default(10),
		/** The last business day it may arrive, in the clinic's calendar. */
		dueOn: date('due_on', { mode: 'string' }).notNull(),
		/** pending (met or not is read from documents) or not_applicable. */
		state: text('state', { enum: ENCLOSURE_STATES }).notNull().default('pending'),
		/** Why it is not applicable: may name the claimant, encrypted. */
		reasonEncrypted: text('reason_encrypted'),
		decidedByUserId: text('decided_by_user_id'),
		decidedAt: ts('decided_at'),
		/** When the document meeting it was first seen (kept for the timeline and reminders). */
		metDocumentId: uuid('met_document_id').references(() => document.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('booking_enclosure_booking_category_uq').on(t.bookingId, t.category),
		index('booking_enclosure_due_idx')
			.on(t.dueOn, t.bookingId)
			.where(sql`${t.state} = 'pending'`),
		check('booking_enclosure_state_valid', sql`${t.state} IN ('pending','not_applicable')`),
		check('booking_enclosure_days_valid', sql`${t.businessDaysBefore} BETWEEN 0 AND 60`)
	]
);

/** One digest per referrer per day: the row is written with the outbox message, so it is never sent twice. */
export const enclosureDigest = pgTable(
	'enclosure_digest',
	{
		userId: text('user_id').notNull(),
		day: date('day', { mode: 'string' }).notNull(),
		items: integer('items').notNull(),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.userId, t.day] })]
);

/**
 * The claimant's logistics for one examination. Everything that says something about the claimant
 * is in `data_encrypted`; the flags beside it (interpreter needed, technology check) are what lists
 * and the day's dashboard show.
 */
export const bookingLogistics = pgTable(
	'booking_logistics',
	{
		bookingId: uuid('booking_id')
			.primaryKey()
			.references(() => booking.id, { onDelete: 'cascade' }),
		dataEncrypted: text('data_encrypted').notNull(),
		interpreterNeeded: boolean('interpreter_needed').notNull().default(false),
		techCheck: text('tech_check', { enum: TECH_CHECK_STATES }).notNull().default('not_done'),
		updatedByUserId: text('updated_by_user_id').notNull(),
		updatedAt: updatedAt()
	},
	(t) => [check('booking_logistics_tech_check_valid', sql`${t.techCheck} IN ('not_done','done','failed')`)]
);

/**
 * Data migrations that need the application (e.g. decrypting examinees to group bookings into
 * cases): each runs once, after the SQL migrations, and keeps its report (counts, never PHI).
 */
export const dataMigration = pgTable('data_migration', {
	name: text('name').primaryKey(),
	ranAt: ts('ran_at').notNull().defaultNow(),
	report: text('report').notNull().default('')
});
