-- booking_status_stage_idx served the dashboard's count by stage, now kept by triggers (0016);
-- booking_report_released_idx the report turnaround, now kept by triggers (0018). booking_missed_idx
-- reads the year's late cancellations and no-shows without the year's every examination.
DROP INDEX "booking_status_stage_idx";--> statement-breakpoint
DROP INDEX "booking_report_released_idx";--> statement-breakpoint
CREATE INDEX "booking_missed_idx" ON "booking" USING btree ("starts_at","late_cancellation","stage") WHERE "booking"."late_cancellation" OR "booking"."stage" = 'no_show';