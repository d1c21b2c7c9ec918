CREATE TABLE "appointment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"provider_appointment_id" text,
	"specialist_id" uuid NOT NULL,
	"appointment_type_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"busy_from" timestamp with time zone NOT NULL,
	"busy_to" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'confirmed' NOT NULL,
	"idempotency_key" text,
	"organization_id" uuid,
	"source" text DEFAULT 'portal' NOT NULL,
	"client_encrypted" text,
	"no_show" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "appointment_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "appointment_provider_uq" UNIQUE("provider","provider_appointment_id"),
	CONSTRAINT "appointment_status_valid" CHECK ("appointment"."status" IN ('confirmed','cancelled')),
	CONSTRAINT "appointment_time_valid" CHECK ("appointment"."starts_at" < "appointment"."ends_at" AND "appointment"."busy_from" <= "appointment"."starts_at" AND "appointment"."busy_to" >= "appointment"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "appointment_type" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"mode" text DEFAULT 'in_person' NOT NULL,
	"duration_minutes" integer NOT NULL,
	"price_cents" integer DEFAULT 0 NOT NULL,
	"padding_before_minutes" integer DEFAULT 0 NOT NULL,
	"padding_after_minutes" integer DEFAULT 0 NOT NULL,
	"intake_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"provider_type_id" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_type_provider_type_id_unique" UNIQUE("provider_type_id"),
	CONSTRAINT "appointment_type_mode_valid" CHECK ("appointment_type"."mode" IN ('in_person','telehealth')),
	CONSTRAINT "appointment_type_duration_valid" CHECK ("appointment_type"."duration_minutes" BETWEEN 5 AND 600)
);
--> statement-breakpoint
CREATE TABLE "date_override" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"specialist_id" uuid NOT NULL,
	"date" date NOT NULL,
	"ranges" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "date_override_uq" UNIQUE("specialist_id","date")
);
--> statement-breakpoint
CREATE TABLE "slot_hold" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"holder_key" text NOT NULL,
	"specialist_id" uuid NOT NULL,
	"appointment_type_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"busy_from" timestamp with time zone NOT NULL,
	"busy_to" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slot_hold_holder_key_unique" UNIQUE("holder_key")
);
--> statement-breakpoint
CREATE TABLE "specialist" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text,
	"display_name" text NOT NULL,
	"specialty" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"state" text,
	"modes" text[] DEFAULT ARRAY['in_person']::text[] NOT NULL,
	"time_zone" text NOT NULL,
	"slot_interval_minutes" integer DEFAULT 30 NOT NULL,
	"min_notice_minutes" integer DEFAULT 1440 NOT NULL,
	"horizon_days" integer DEFAULT 90 NOT NULL,
	"provider_calendar_id" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "specialist_user_id_unique" UNIQUE("user_id"),
	CONSTRAINT "specialist_provider_calendar_id_unique" UNIQUE("provider_calendar_id"),
	CONSTRAINT "specialist_state_valid" CHECK ("specialist"."state" IS NULL OR "specialist"."state" IN ('NSW','VIC','QLD','SA','WA','TAS','ACT','NT')),
	CONSTRAINT "specialist_interval_valid" CHECK ("specialist"."slot_interval_minutes" BETWEEN 5 AND 240)
);
--> statement-breakpoint
CREATE TABLE "specialist_appointment_type" (
	"specialist_id" uuid NOT NULL,
	"appointment_type_id" uuid NOT NULL,
	CONSTRAINT "specialist_appointment_type_specialist_id_appointment_type_id_pk" PRIMARY KEY("specialist_id","appointment_type_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"action" text NOT NULL,
	"provider_appointment_id" text NOT NULL,
	"outcome" text DEFAULT 'received' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "webhook_event_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "weekly_hours" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"specialist_id" uuid NOT NULL,
	"weekday" integer NOT NULL,
	"start_minute" integer NOT NULL,
	"end_minute" integer NOT NULL,
	CONSTRAINT "weekly_hours_valid" CHECK ("weekly_hours"."weekday" BETWEEN 1 AND 7 AND "weekly_hours"."start_minute" >= 0 AND "weekly_hours"."end_minute" <= 1440 AND "weekly_hours"."start_minute" < "weekly_hours"."end_minute")
);
--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_specialist_id_specialist_id_fk" FOREIGN KEY ("specialist_id") REFERENCES "public"."specialist"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_appointment_type_id_appointment_type_id_fk" FOREIGN KEY ("appointment_type_id") REFERENCES "public"."appointment_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "date_override" ADD CONSTRAINT "date_override_specialist_id_specialist_id_fk" FOREIGN KEY ("specialist_id") REFERENCES "public"."specialist"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_hold" ADD CONSTRAINT "slot_hold_specialist_id_specialist_id_fk" FOREIGN KEY ("specialist_id") REFERENCES "public"."specialist"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_hold" ADD CONSTRAINT "slot_hold_appointment_type_id_appointment_type_id_fk" FOREIGN KEY ("appointment_type_id") REFERENCES "public"."appointment_type"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specialist" ADD CONSTRAINT "specialist_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specialist_appointment_type" ADD CONSTRAINT "specialist_appointment_type_specialist_id_specialist_id_fk" FOREIGN KEY ("specialist_id") REFERENCES "public"."specialist"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specialist_appointment_type" ADD CONSTRAINT "specialist_appointment_type_appointment_type_id_appointment_type_id_fk" FOREIGN KEY ("appointment_type_id") REFERENCES "public"."appointment_type"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekly_hours" ADD CONSTRAINT "weekly_hours_specialist_id_specialist_id_fk" FOREIGN KEY ("specialist_id") REFERENCES "public"."specialist"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointment_specialist_time_idx" ON "appointment" USING btree ("specialist_id","busy_from");--> statement-breakpoint
CREATE INDEX "appointment_starts_idx" ON "appointment" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "slot_hold_specialist_idx" ON "slot_hold" USING btree ("specialist_id","busy_from");--> statement-breakpoint
CREATE INDEX "webhook_event_received_idx" ON "webhook_event" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "weekly_hours_specialist_idx" ON "weekly_hours" USING btree ("specialist_id");--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
-- No two confirmed appointments of one specialist may overlap, padding included: the database itself refuses.
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_no_overlap" EXCLUDE USING gist ("specialist_id" WITH =, tstzrange("busy_from", "busy_to", '[)') WITH &&) WHERE ("status" = 'confirmed');
