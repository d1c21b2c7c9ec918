-- The SQL of privacy.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- privacyRepository.findBookingById
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
  "booking"."id" = $1;

-- privacyRepository.bookingsWithNameTokens
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
  "booking"."examinee_name_tokens" @> $1::text[]
order by
  "booking"."starts_at" asc,
  "booking"."id" asc;

-- privacyRepository.historyOfBookings
select
  "id",
  "booking_id",
  "at",
  "action",
  "actor_user_id",
  "on_behalf_of_user_id",
  "from_stage",
  "to_stage",
  "from_status",
  "to_status",
  "from_starts_at",
  "to_starts_at",
  "note_encrypted"
from
  "booking_history"
where
  "booking_history"."booking_id" in ($1, $2)
order by
  "booking_history"."at" asc,
  "booking_history"."id" asc;

-- privacyRepository.specialistNames
select
  "id",
  "display_name",
  "location"
from
  "specialist";

-- privacyRepository.appointmentTypeIntakes
select
  "id",
  "name",
  "intake_fields"
from
  "appointment_type";
