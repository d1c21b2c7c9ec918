/**
 * Documents of a booking. The object itself lives in the document store (S3 or a local directory)
 * under a random key, encrypted by the application with a key of its own (wrapped by the PHI key);
 * the file name may name the examinee, so it is encrypted too. A row exists only once its object
 * is fully stored; objects without a row are removed by the sweeper.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { booking } from './booking';
import { DOCUMENT_CATEGORIES } from '../../../schemas/document';
import { ts, idColumn, createdAt, updatedAt } from './columns';

export const document = pgTable(
	'document',
	{
		id: idColumn(),
		bookingId: uuid('booking_id')
			.notNull()
			.references(() => booking.id),
		section: text('section').notNull().default('ime'),
		category: text('category', { enum: DOCUMENT_CATEGORIES }).notNull(),
		nameEncrypted: text('name_encrypted').notNull(),
		/** Decided from the content at upload, never from the name. */
		contentType: text('content_type').notNull(),
		extension: text('extension').notNull(),
		sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
		/** SHA-256 of the plaintext, hex. */
		sha256: text('sha256').notNull(),
		/** Which store holds it ('local' or 's3') and under which random key. */
		storeKind: text('store_kind').notNull(),
		storageKey: text('storage_key').notNull().unique(),
		/** The object's data key, sealed with the PHI cipher. */
		keyEncrypted: text('key_encrypted').notNull(),
		uploadedByUserId: text('uploaded_by_user_id').notNull(),
		onBehalfOfUserId: text('on_behalf_of_user_id'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
		deletedAt: ts('deleted_at'),
		deletedByUserId: text('deleted_by_user_id')
	},
	(t) => [
		index('document_booking_idx').on(t.bookingId, t.createdAt),
		index('document_deleted_idx')
			.on(t.deletedAt)
			.where(sql`${t.deletedAt} IS NOT NULL`),
		check(
			'document_category_valid',
			sql`${t.category} IN ('consent_form','brief','medical_records','imaging','dictation','draft_report','final_report','other')`
		),
		check('document_section_valid', sql`${t.section} IN ('ime','supplementary')`),
		check('document_size_positive', sql`${t.sizeBytes} > 0`)
	]
);
