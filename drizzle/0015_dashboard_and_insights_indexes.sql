DROP INDEX "booking_report_released_idx";--> statement-breakpoint
CREATE INDEX "booking_status_stage_idx" ON "booking" USING btree ("status","stage");--> statement-breakpoint
CREATE INDEX "booking_starts_cover_idx" ON "booking" USING btree ("starts_at","organization_id","appointment_type_id","specialist_id","stage","late_cancellation","ends_at");--> statement-breakpoint
CREATE INDEX "booking_report_released_idx" ON "booking" USING btree ("report_released_at","starts_at") WHERE "booking"."report_released_at" IS NOT NULL;