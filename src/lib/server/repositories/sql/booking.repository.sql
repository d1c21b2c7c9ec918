-- The SQL of booking.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- bookingRepository.bookingScope (specialist)
-- returns the condition:
"booking"."specialist_id" IN (
  SELECT
    id
  FROM
    specialist
  WHERE
    user_id = $1
)

-- bookingRepository.bookingScope (team lead)
-- returns the condition:
(
  "booking"."organization_id" = $1
  and ("booking"."team_id" = $2 OR "booking"."owner_user_id" = $3)
)

-- bookingRepository.getForScope (admin)
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
limit $2;

-- bookingRepository.getForScope (team lead)
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
  (
    "booking"."id" = $1
    and (
      "booking"."organization_id" = $2
      and ("booking"."team_id" = $3 OR "booking"."owner_user_id" = $4)
    )
  )
limit $5;

-- bookingRepository.lockForScope (admin)
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
limit $2
for update;

-- bookingRepository.lockForScope (team lead)
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
  (
    "booking"."id" = $1
    and (
      "booking"."organization_id" = $2
      and ("booking"."team_id" = $3 OR "booking"."owner_user_id" = $4)
    )
  )
limit $5
for update;

-- bookingRepository.lockByReference
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
  "booking"."reference" = $1
limit $2
for update;

-- bookingRepository.lockByAppointment
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
  "booking"."appointment_id" = $1
limit $2
for update;

-- bookingRepository.findReferenceByAppointment
select
  "id",
  "reference"
from
  "booking"
where
  "booking"."appointment_id" = $1
limit $2;

-- bookingRepository.findIdByIdempotencyKey
select
  "id"
from
  "booking"
where
  "booking"."idempotency_key" = $1
limit $2;

-- bookingRepository.insertBooking
insert into "booking" (
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
)
values
  (
    default,
    $1,
    $2,
    $3,
    $4,
    $5,
    $6,
    $7,
    $8,
    $9,
    $10,
    $11,
    default,
    default,
    default,
    default,
    default,
    $12,
    $13,
    $14,
    $15,
    default,
    default,
    default,
    default,
    default,
    default,
    default,
    default
  )
returning
  "id",
  "reference";

-- bookingRepository.updateBookingReturning
update "booking"
set
  "stage" = $1,
  "late_cancellation" = $2,
  "cancellation_fee_cents" = $3,
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

-- bookingRepository.updateBooking
update "booking"
set
  "specialist_id" = $1,
  "starts_at" = $2,
  "ends_at" = $3,
  "stage" = $4,
  "updated_at" = $5
where
  "booking"."id" = $6;

-- bookingRepository.listForScope (admin, first page)
select
  "booking"."id",
  "booking"."reference",
  "booking"."starts_at",
  "booking"."ends_at",
  "booking"."clinic_time_zone",
  "booking"."status",
  "booking"."stage",
  "booking"."specialist_id",
  "specialist"."display_name",
  "booking"."appointment_type_id",
  "appointment_type"."name",
  "booking"."examinee_encrypted",
  "booking"."team_id",
  "booking"."owner_user_id",
  "booking"."created_by_user_id",
  to_char("booking"."starts_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  array_position(
    ARRAY['scheduled','rescheduled','no_show','report_in_progress','report_ready','paid','cancelled']::text[],
    "booking"."stage"
  )
from
  "booking"
  inner join "specialist" on "specialist"."id" = "booking"."specialist_id"
  inner join "appointment_type" on "appointment_type"."id" = "booking"."appointment_type_id"
where
  "booking"."status" = $1
order by
  "booking"."starts_at" asc,
  "booking"."id" asc
limit $2;

-- bookingRepository.listForScope (team lead, every filter, by status, after a cursor)
select
  "booking"."id",
  "booking"."reference",
  "booking"."starts_at",
  "booking"."ends_at",
  "booking"."clinic_time_zone",
  "booking"."status",
  "booking"."stage",
  "booking"."specialist_id",
  "specialist"."display_name",
  "booking"."appointment_type_id",
  "appointment_type"."name",
  "booking"."examinee_encrypted",
  "booking"."team_id",
  "booking"."owner_user_id",
  "booking"."created_by_user_id",
  to_char("booking"."starts_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  array_position(
    ARRAY['scheduled','rescheduled','no_show','report_in_progress','report_ready','paid','cancelled']::text[],
    "booking"."stage"
  )
from
  "booking"
  inner join "specialist" on "specialist"."id" = "booking"."specialist_id"
  inner join "appointment_type" on "appointment_type"."id" = "booking"."appointment_type_id"
where
  (
    (
      (
        "booking"."organization_id" = $1
        and ("booking"."team_id" = $2 OR "booking"."owner_user_id" = $3)
      )
      and "booking"."specialist_id" in ($4)
      and "booking"."stage" in ($5, $6)
      and "booking"."examinee_name_tokens" @> ARRAY[$7, $8]::text[]
      and "booking"."starts_at" >= $9
      and "booking"."starts_at" < $10
    )
    and (
      array_position(
        ARRAY['scheduled','rescheduled','no_show','report_in_progress','report_ready','paid','cancelled']::text[],
        "booking"."stage"
      ),
      "booking"."starts_at",
      "booking"."id"
    ) < ($11::int, $12::timestamptz, $13::uuid)
  )
order by
  array_position(
    ARRAY['scheduled','rescheduled','no_show','report_in_progress','report_ready','paid','cancelled']::text[],
    "booking"."stage"
  ) desc,
  "booking"."starts_at" desc,
  "booking"."id" desc
limit $14;

-- bookingRepository.listForScope (specialist, by specialist name)
select
  "firsts"."id",
  "firsts"."reference",
  "firsts"."starts_at",
  "firsts"."ends_at",
  "firsts"."clinic_time_zone",
  "firsts"."status",
  "firsts"."stage",
  "specialist"."id",
  "specialist"."display_name",
  "firsts"."appointment_type_id",
  "appointment_type"."name",
  "firsts"."examinee_encrypted",
  "firsts"."team_id",
  "firsts"."owner_user_id",
  "firsts"."created_by_user_id",
  "starts_at_key",
  "rank"
from
  "specialist"
  inner join lateral (
    select
      "id",
      "reference",
      "starts_at",
      "ends_at",
      "clinic_time_zone",
      "status",
      "stage",
      "appointment_type_id",
      "examinee_encrypted",
      "team_id",
      "owner_user_id",
      "created_by_user_id",
      to_char("booking"."starts_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "starts_at_key",
      array_position(
        ARRAY['scheduled','rescheduled','no_show','report_in_progress','report_ready','paid','cancelled']::text[],
        "booking"."stage"
      ) as "rank"
    from
      "booking"
    where
      (
        "booking"."specialist_id" = "specialist"."id"
        and (
          "booking"."specialist_id" IN (
            SELECT
              id
            FROM
              specialist
            WHERE
              user_id = $1
          )
          and "booking"."status" = $2
        )
      )
    order by
      "booking"."starts_at" asc,
      "booking"."id" asc
    limit $3
  ) "firsts" on true
  inner join "appointment_type" on "appointment_type"."id" = "firsts"."appointment_type_id"
order by
  "specialist"."display_name" asc,
  "firsts"."starts_at" asc,
  "firsts"."id" asc
limit $4;

-- bookingRepository.countForScope (admin)
select
  count(*)::int
from
  "booking"
where
  ("booking"."status" = $1 and "booking"."specialist_id" in ($2));

-- bookingRepository.countForScope (team lead)
select
  count(*)::int
from
  "booking"
where
  (
    (
      "booking"."organization_id" = $1
      and ("booking"."team_id" = $2 OR "booking"."owner_user_id" = $3)
    )
    and "booking"."status" = $4
    and "booking"."specialist_id" in ($5)
  );

-- bookingRepository.countByStage (admin)
select
  "stage",
  count(*)::int
from
  "booking"
group by
  "booking"."stage";

-- bookingRepository.countByStage (team lead)
select
  "stage",
  count(*)::int
from
  "booking"
where
  (
    "booking"."organization_id" = $1
    and ("booking"."team_id" = $2 OR "booking"."owner_user_id" = $3)
  )
group by
  "booking"."stage";

-- bookingRepository.monthRange
-- (sends no SQL)

-- bookingRepository.calendarMonth (admin)
select
  to_char("starts_at" AT TIME ZONE $1, 'YYYY-MM-DD'),
  count(*)::int
from
  "booking"
where
  (
    "booking"."status" = $2
    and "booking"."starts_at" >= $3
    and "booking"."starts_at" < $4
  )
group by
  1
order by
  1;

-- bookingRepository.calendarMonth (team lead)
select
  to_char("starts_at" AT TIME ZONE $1, 'YYYY-MM-DD'),
  count(*)::int
from
  "booking"
where
  (
    (
      "booking"."organization_id" = $2
      and ("booking"."team_id" = $3 OR "booking"."owner_user_id" = $4)
    )
    and "booking"."status" = $5
    and "booking"."starts_at" >= $6
    and "booking"."starts_at" < $7
  )
group by
  1
order by
  1;
