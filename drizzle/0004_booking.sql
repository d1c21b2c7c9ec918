CREATE TABLE "booking" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"team_id" uuid,
	"owner_user_id" text NOT NULL,
	"created_by_user_id" text NOT NULL,
	"specialist_id" uuid NOT NULL,
	"appointment_type_id" uuid NOT NULL,
	"appointment_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"clinic_time_zone" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"stage" text DEFAULT 'scheduled' NOT NULL,
	"examinee_encrypted" text NOT NULL,
	"intake_encrypted" text NOT NULL,
	"examinee_name_tokens" text[] NOT NULL,
	"idempotency_key" text NOT NULL,
	"late_cancellation" boolean DEFAULT false NOT NULL,
	"cancellation_fee_cents" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_reference_unique" UNIQUE("reference"),
	CONSTRAINT "booking_appointment_id_unique" UNIQUE("appointment_id"),
	CONSTRAINT "booking_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "booking_status_valid" CHECK ("booking"."status" IN ('active','closed','archived')),
	CONSTRAINT "booking_stage_valid" CHECK ("booking"."stage" IN ('scheduled','rescheduled','cancelled','no_show','report_in_progress','report_ready','paid'))
);
--> statement-breakpoint
CREATE TABLE "booking_draft" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"organization_id" uuid,
	"owner_user_id" text,
	"data_encrypted" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booking_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_user_id" text NOT NULL,
	"on_behalf_of_user_id" text,
	"from_stage" text,
	"to_stage" text,
	"from_status" text,
	"to_status" text,
	"from_starts_at" timestamp with time zone,
	"to_starts_at" timestamp with time zone,
	"note_encrypted" text
);
--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_specialist_id_specialist_id_fk" FOREIGN KEY ("specialist_id") REFERENCES "public"."specialist"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_appointment_type_id_appointment_type_id_fk" FOREIGN KEY ("appointment_type_id") REFERENCES "public"."appointment_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_draft" ADD CONSTRAINT "booking_draft_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_history" ADD CONSTRAINT "booking_history_booking_id_booking_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."booking"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_org_starts_idx" ON "booking" USING btree ("organization_id","starts_at","id");--> statement-breakpoint
CREATE INDEX "booking_owner_starts_idx" ON "booking" USING btree ("owner_user_id","starts_at","id");--> statement-breakpoint
CREATE INDEX "booking_team_starts_idx" ON "booking" USING btree ("team_id","starts_at","id");--> statement-breakpoint
CREATE INDEX "booking_specialist_starts_idx" ON "booking" USING btree ("specialist_id","starts_at","id");--> statement-breakpoint
CREATE INDEX "booking_starts_idx" ON "booking" USING btree ("starts_at","id");--> statement-breakpoint
CREATE INDEX "booking_name_tokens_idx" ON "booking" USING gin ("examinee_name_tokens");--> statement-breakpoint
CREATE INDEX "booking_draft_user_idx" ON "booking_draft" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "booking_draft_expires_idx" ON "booking_draft" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "booking_history_booking_idx" ON "booking_history" USING btree ("booking_id","at");