ALTER TABLE "appointment_type" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "appointment_type" ADD COLUMN "display_order" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "specialist" ADD COLUMN "title" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "specialist" ADD COLUMN "registration_number" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "specialist" ADD COLUMN "display_order" integer DEFAULT 0 NOT NULL;