CREATE TABLE "booking_enclosure" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"category" text NOT NULL,
	"label" text NOT NULL,
	"business_days_before" integer DEFAULT 10 NOT NULL,
	"due_on" date NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"reason_encrypted" text,
	"decided_by_user_id" text,
	"decided_at" timestamp with time zone,
	"met_document_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_enclosure_state_valid" CHECK ("booking_enclosure"."state" IN ('pending','not_applicable')),
	CONSTRAINT "booking_enclosure_days_valid" CHECK ("booking_enclosure"."business_days_before" BETWEEN 0 AND 60)
);
--> statement-breakpoint
CREATE TABLE "booking_logistics" (
	"booking_id" uuid PRIMARY KEY NOT NULL,
	"data_encrypted" text NOT NULL,
	"interpreter_needed" boolean DEFAULT false NOT NULL,
	"tech_check" text DEFAULT 'not_done' NOT NULL,
	"updated_by_user_id" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_logistics_tech_check_valid" CHECK ("booking_logistics"."tech_check" IN ('not_done','done','failed'))
);
--> statement-breakpoint
CREATE TABLE "case_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_user_id" text NOT NULL,
	"on_behalf_of_user_id" text,
	"booking_id" uuid,
	"detail" text DEFAULT '' NOT NULL,
	"note_encrypted" text
);
--> statement-breakpoint
CREATE TABLE "claim_case" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"team_id" uuid,
	"owner_user_id" text NOT NULL,
	"created_by_user_id" text NOT NULL,
	"claimant_encrypted" text NOT NULL,
	"claimant_name_tokens" text[] NOT NULL,
	"claim_number_hash" text DEFAULT '' NOT NULL,
	"details_encrypted" text NOT NULL,
	"scheme" text DEFAULT 'other' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claim_case_reference_unique" UNIQUE("reference"),
	CONSTRAINT "claim_case_status_valid" CHECK ("claim_case"."status" IN ('open','on_hold','closed')),
	CONSTRAINT "claim_case_scheme_valid" CHECK ("claim_case"."scheme" IN ('nsw_workers_comp','nsw_ctp','vic_workcover','vic_tac','qld_workcover','qld_ctp','comcare','public_liability','medical_negligence','tpd_insurance','other'))
);
--> statement-breakpoint
CREATE TABLE "data_migration" (
	"name" text PRIMARY KEY NOT NULL,
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL,
	"report" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enclosure_digest" (
	"user_id" text NOT NULL,
	"day" date NOT NULL,
	"items" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enclosure_digest_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "enclosure_template_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_type_id" uuid NOT NULL,
	"category" text NOT NULL,
	"label" text NOT NULL,
	"business_days_before" integer DEFAULT 10 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enclosure_template_days_valid" CHECK ("enclosure_template_item"."business_days_before" BETWEEN 0 AND 60)
);
--> statement-breakpoint
ALTER TABLE "document" DROP CONSTRAINT "document_category_valid";--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "case_id" uuid;--> statement-breakpoint
ALTER TABLE "booking_enclosure" ADD CONSTRAINT "booking_enclosure_booking_id_booking_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."booking"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_enclosure" ADD CONSTRAINT "booking_enclosure_met_document_id_document_id_fk" FOREIGN KEY ("met_document_id") REFERENCES "public"."document"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_logistics" ADD CONSTRAINT "booking_logistics_booking_id_booking_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."booking"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_history" ADD CONSTRAINT "case_history_case_id_claim_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."claim_case"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_history" ADD CONSTRAINT "case_history_booking_id_booking_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."booking"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_case" ADD CONSTRAINT "claim_case_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_case" ADD CONSTRAINT "claim_case_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enclosure_template_item" ADD CONSTRAINT "enclosure_template_item_appointment_type_id_appointment_type_id_fk" FOREIGN KEY ("appointment_type_id") REFERENCES "public"."appointment_type"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "booking_enclosure_booking_category_uq" ON "booking_enclosure" USING btree ("booking_id","category");--> statement-breakpoint
CREATE INDEX "booking_enclosure_due_idx" ON "booking_enclosure" USING btree ("due_on","booking_id") WHERE "booking_enclosure"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "case_history_case_idx" ON "case_history" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "claim_case_org_updated_idx" ON "claim_case" USING btree ("organization_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "claim_case_org_status_updated_idx" ON "claim_case" USING btree ("organization_id","status","updated_at","id");--> statement-breakpoint
CREATE INDEX "claim_case_status_updated_idx" ON "claim_case" USING btree ("status","updated_at","id");--> statement-breakpoint
CREATE INDEX "claim_case_updated_idx" ON "claim_case" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "claim_case_owner_updated_idx" ON "claim_case" USING btree ("owner_user_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "claim_case_team_updated_idx" ON "claim_case" USING btree ("team_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "claim_case_name_tokens_idx" ON "claim_case" USING gin ("claimant_name_tokens");--> statement-breakpoint
CREATE INDEX "claim_case_claim_idx" ON "claim_case" USING btree ("organization_id","claim_number_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "enclosure_template_type_category_uq" ON "enclosure_template_item" USING btree ("appointment_type_id","category");--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_case_id_claim_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."claim_case"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_case_starts_idx" ON "booking" USING btree ("case_id","starts_at","id");--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_category_valid" CHECK ("document"."category" IN ('consent_form','brief','medical_records','imaging','dictation','draft_report','final_report','other'));