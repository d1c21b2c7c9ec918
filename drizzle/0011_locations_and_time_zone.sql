CREATE TABLE "specialist_location" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"specialist_id" uuid NOT NULL,
	"name" text NOT NULL,
	"line1" text NOT NULL,
	"line2" text DEFAULT '' NOT NULL,
	"suburb" text NOT NULL,
	"state" text NOT NULL,
	"postcode" text NOT NULL,
	"directions" text DEFAULT '' NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "specialist_location_state_valid" CHECK ("specialist_location"."state" IN ('NSW','VIC','QLD','SA','WA','TAS','ACT','NT')),
	CONSTRAINT "specialist_location_postcode_valid" CHECK ("specialist_location"."postcode" ~ '^[0-9]{4}$')
);
--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "weekly_hours" ADD COLUMN "location_id" uuid;--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "location_id" uuid;--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "location_address" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "specialist_location" ADD CONSTRAINT "specialist_location_specialist_id_specialist_id_fk" FOREIGN KEY ("specialist_id") REFERENCES "public"."specialist"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "specialist_location_specialist_idx" ON "specialist_location" USING btree ("specialist_id");--> statement-breakpoint
CREATE UNIQUE INDEX "specialist_location_primary_uq" ON "specialist_location" USING btree ("specialist_id") WHERE "specialist_location"."is_primary";--> statement-breakpoint
ALTER TABLE "weekly_hours" ADD CONSTRAINT "weekly_hours_location_id_specialist_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."specialist_location"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_location_id_specialist_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."specialist_location"("id") ON DELETE set null ON UPDATE no action;