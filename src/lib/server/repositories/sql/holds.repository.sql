-- The SQL of holds.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- holdsRepository.lockSpecialistHolds
select
  pg_advisory_xact_lock(hashtext($1));

-- holdsRepository.findLiveHold
select
  "id",
  "holder_key",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "busy_from",
  "busy_to",
  "expires_at",
  "created_at"
from
  "slot_hold"
where
  ("slot_hold"."holder_key" = $1 and "slot_hold"."expires_at" > $2);

-- holdsRepository.lockHoldsOf (a person and their organisation)
select
  pg_advisory_xact_lock(hashtext($1));
select
  pg_advisory_xact_lock(hashtext($1));

-- holdsRepository.lockHoldsOf (the organisation only (booking for others))
select
  pg_advisory_xact_lock(hashtext($1));

-- holdsRepository.deleteExpiredHolds
delete from "slot_hold"
where
  "slot_hold"."expires_at" <= $1;

-- holdsRepository.findOtherHoldOverlapping
select
  "id"
from
  "slot_hold"
where
  (
    "slot_hold"."specialist_id" = $1
    and "slot_hold"."holder_key" <> $2
    and "slot_hold"."expires_at" > $3
    and "slot_hold"."busy_from" < $4
    and "slot_hold"."busy_to" > $5
  )
limit $6;

-- holdsRepository.upsertHold
select
  "specialist_id"
from
  "slot_hold"
where
  "slot_hold"."holder_key" = $1
for update;
insert into "slot_hold" (
  "id",
  "holder_key",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "busy_from",
  "busy_to",
  "expires_at",
  "created_at"
)
values
  (default, $1, $2, $3, $4, $5, $6, $7, default)
on conflict ("holder_key") do update
set
  "holder_key" = $8,
  "specialist_id" = $9,
  "appointment_type_id" = $10,
  "starts_at" = $11,
  "busy_from" = $12,
  "busy_to" = $13,
  "expires_at" = $14;

-- holdsRepository.deleteHold
delete from "slot_hold"
where
  "slot_hold"."holder_key" = $1
returning
  "id",
  "holder_key",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "busy_from",
  "busy_to",
  "expires_at",
  "created_at";

-- holdsRepository.deleteHoldOf
delete from "slot_hold"
where
  "slot_hold"."holder_key" = $1;

-- holdsRepository.liveHolds
select
  "id",
  "holder_key",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "busy_from",
  "busy_to",
  "expires_at",
  "created_at"
from
  "slot_hold"
where
  (
    "slot_hold"."specialist_id" = $1
    and "slot_hold"."expires_at" > $2
    and "slot_hold"."busy_from" < $3
    and "slot_hold"."busy_to" > $4
  );

-- holdsRepository.liveHoldSpans
select
  "holder_key",
  "busy_from",
  "busy_to",
  "expires_at"
from
  "slot_hold"
where
  (
    "slot_hold"."specialist_id" = $1
    and "slot_hold"."expires_at" > $2
    and "slot_hold"."busy_from" < $3
    and "slot_hold"."busy_to" > $4
  );

-- holdsRepository.holdExpiry
select
  "expires_at"
from
  "slot_hold"
where
  "slot_hold"."holder_key" = $1;

-- holdsRepository.liveHoldsOfPersonOrOrganization
select
  "booking_draft"."user_id",
  "booking_draft"."organization_id"
from
  "slot_hold"
  inner join "booking_draft" on "booking_draft"."id"::text = "slot_hold"."holder_key"
where
  (
    "slot_hold"."expires_at" > $1
    and "slot_hold"."holder_key" <> $2
    and ("booking_draft"."user_id" = $3 or "booking_draft"."organization_id" = $4)
  );

-- holdsRepository.liveHoldsWithNames
select
  "slot_hold"."holder_key",
  "slot_hold"."starts_at",
  "slot_hold"."expires_at",
  "specialist"."display_name",
  "organization"."name"
from
  "slot_hold"
  inner join "specialist" on "specialist"."id" = "slot_hold"."specialist_id"
  left join "booking_draft" on "booking_draft"."id"::text = "slot_hold"."holder_key"
  left join "organization" on "organization"."id" = "booking_draft"."organization_id"
where
  "slot_hold"."expires_at" > $1
order by
  "slot_hold"."starts_at" asc
limit $2;
