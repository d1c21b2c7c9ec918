CREATE INDEX "booking_org_status_starts_idx" ON "booking" USING btree ("organization_id","status","starts_at","id");--> statement-breakpoint
CREATE INDEX "booking_status_starts_idx" ON "booking" USING btree ("status","starts_at","id");--> statement-breakpoint
CREATE INDEX "booking_specialist_status_starts_idx" ON "booking" USING btree ("specialist_id","status","starts_at","id");