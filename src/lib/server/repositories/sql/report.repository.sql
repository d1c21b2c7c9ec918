-- The SQL of report.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- reportRepository.lockBookingById
select
  "id",
  "reference",
  "organization_id",
  "team_id",
  "owner_user_id",
  "created_by_user_id",
  "specialist_id",
  "appointment_type_id",
  "appointment_id",
  "starts_at",
  "ends_at",
  "clinic_time_zone",
  "location_id",
  "location_address",
  "case_id",
  "status",
  "stage",
  "examinee_encrypted",
  "intake_encrypted",
  "examinee_name_tokens",
  "idempotency_key",
  "late_cancellation",
  "cancellation_fee_cents",
  "cancellation_invoiced_at",
  "cancellation_invoiced_by",
  "report_state",
  "report_released_at",
  "created_at",
  "updated_at"
from
  "booking"
where
  "booking"."id" = $1
for update;

-- reportRepository.setReportProgress
update "booking"
set
  "stage" = $1,
  "report_state" = $2,
  "report_released_at" = $3,
  "updated_at" = $4
where
  "booking"."id" = $5
returning
  "id",
  "reference",
  "organization_id",
  "team_id",
  "owner_user_id",
  "created_by_user_id",
  "specialist_id",
  "appointment_type_id",
  "appointment_id",
  "starts_at",
  "ends_at",
  "clinic_time_zone",
  "location_id",
  "location_address",
  "case_id",
  "status",
  "stage",
  "examinee_encrypted",
  "intake_encrypted",
  "examinee_name_tokens",
  "idempotency_key",
  "late_cancellation",
  "cancellation_fee_cents",
  "cancellation_invoiced_at",
  "cancellation_invoiced_by",
  "report_state",
  "report_released_at",
  "created_at",
  "updated_at";

-- reportRepository.specialistAccount
select
  "user"."email",
  "user"."id"
from
  "specialist"
  inner join "user" on "user"."id" = "specialist"."user_id"
where
  "specialist"."id" = $1;

-- reportRepository.userAccount
select
  "email",
  "id"
from
  "user"
where
  "user"."id" = $1;
