CREATE TABLE "ops_figure" (
	"name" text PRIMARY KEY NOT NULL,
	"value" bigint DEFAULT 0 NOT NULL,
	"at" timestamp with time zone,
	"ok" boolean,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "cancellation_invoiced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "cancellation_invoiced_by" text;--> statement-breakpoint
CREATE INDEX "booking_fee_to_invoice_idx" ON "booking" USING btree ("starts_at") WHERE "booking"."late_cancellation" AND "booking"."cancellation_fee_cents" > 0 AND "booking"."cancellation_invoiced_at" IS NULL;--> statement-breakpoint
CREATE INDEX "booking_report_released_idx" ON "booking" USING btree ("report_released_at") WHERE "booking"."report_released_at" IS NOT NULL;