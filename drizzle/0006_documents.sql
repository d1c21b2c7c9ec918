CREATE TABLE "document" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"section" text DEFAULT 'ime' NOT NULL,
	"category" text NOT NULL,
	"name_encrypted" text NOT NULL,
	"content_type" text NOT NULL,
	"extension" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"store_kind" text NOT NULL,
	"storage_key" text NOT NULL,
	"key_encrypted" text NOT NULL,
	"uploaded_by_user_id" text NOT NULL,
	"on_behalf_of_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by_user_id" text,
	CONSTRAINT "document_storage_key_unique" UNIQUE("storage_key"),
	CONSTRAINT "document_category_valid" CHECK ("document"."category" IN ('consent_form','brief','medical_records','dictation','draft_report','final_report','other')),
	CONSTRAINT "document_section_valid" CHECK ("document"."section" IN ('ime','supplementary')),
	CONSTRAINT "document_size_positive" CHECK ("document"."size_bytes" > 0)
);
--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "report_state" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "report_released_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_booking_id_booking_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."booking"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_booking_idx" ON "document" USING btree ("booking_id","created_at");--> statement-breakpoint
CREATE INDEX "document_deleted_idx" ON "document" USING btree ("deleted_at") WHERE "document"."deleted_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "booking_report_open_idx" ON "booking" USING btree ("starts_at") WHERE "booking"."report_state" <> 'released' AND "booking"."status" = 'active';--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_report_state_valid" CHECK ("booking"."report_state" IN ('none','dictation_received','in_transcription','draft_review','changes_requested','approved','released'));