CREATE TABLE "sync_conflict" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"appointment_id" uuid,
	"booking_id" uuid,
	"detail" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	CONSTRAINT "sync_conflict_kind_valid" CHECK ("sync_conflict"."kind" IN ('moved_after_exam','cancelled_after_exam','no_show_refused','overlap','both_moved','missing_upstream'))
);
--> statement-breakpoint
ALTER TABLE "invitation" ADD COLUMN "specialist_id" uuid;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "pending_change" text;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "pending_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_conflict" ADD CONSTRAINT "sync_conflict_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_conflict_open_idx" ON "sync_conflict" USING btree ("created_at") WHERE "sync_conflict"."resolved_at" IS NULL;