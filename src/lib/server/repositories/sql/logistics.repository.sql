-- The SQL of logistics.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- logisticsRepository.findLogistics
select
  "booking_id",
  "data_encrypted",
  "interpreter_needed",
  "tech_check",
  "updated_by_user_id",
  "updated_at"
from
  "booking_logistics"
where
  "booking_logistics"."booking_id" = $1
limit $2;

-- logisticsRepository.findLogisticsWithMode
select
  "appointment_type"."mode",
  "booking_logistics"."booking_id",
  "booking_logistics"."data_encrypted",
  "booking_logistics"."interpreter_needed",
  "booking_logistics"."tech_check",
  "booking_logistics"."updated_by_user_id",
  "booking_logistics"."updated_at"
from
  "booking"
  inner join "appointment_type" on "appointment_type"."id" = "booking"."appointment_type_id"
  left join "booking_logistics" on "booking_logistics"."booking_id" = "booking"."id"
where
  "booking"."id" = $1
limit $2;

-- logisticsRepository.logisticsForScope (admin)
select
  "booking"."id",
  "appointment_type"."mode",
  "booking"."examinee_encrypted",
  "booking_logistics"."data_encrypted",
  "booking_logistics"."interpreter_needed",
  "booking_logistics"."tech_check"
from
  "booking"
  inner join "appointment_type" on "appointment_type"."id" = "booking"."appointment_type_id"
  left join "booking_logistics" on "booking_logistics"."booking_id" = "booking"."id"
where
  "booking"."id" in ($1, $2);

-- logisticsRepository.logisticsForScope (specialist)
select
  "booking"."id",
  "appointment_type"."mode",
  "booking"."examinee_encrypted",
  "booking_logistics"."data_encrypted",
  "booking_logistics"."interpreter_needed",
  "booking_logistics"."tech_check"
from
  "booking"
  inner join "appointment_type" on "appointment_type"."id" = "booking"."appointment_type_id"
  left join "booking_logistics" on "booking_logistics"."booking_id" = "booking"."id"
where
  (
    "booking"."id" in ($1)
    and "booking"."specialist_id" IN (
      SELECT
        id
      FROM
        specialist
      WHERE
        user_id = $2
    )
  );

-- logisticsRepository.modeOfBooking
select
  "appointment_type"."mode"
from
  "booking"
  inner join "appointment_type" on "appointment_type"."id" = "booking"."appointment_type_id"
where
  "booking"."id" = $1
limit $2;

-- logisticsRepository.upsertLogistics
insert into "booking_logistics" (
  "booking_id",
  "data_encrypted",
  "interpreter_needed",
  "tech_check",
  "updated_by_user_id",
  "updated_at"
)
values
  ($1, $2, $3, $4, $5, $6)
on conflict ("booking_id") do update
set
  "data_encrypted" = $7,
  "interpreter_needed" = $8,
  "tech_check" = $9,
  "updated_by_user_id" = $10,
  "updated_at" = $11;
