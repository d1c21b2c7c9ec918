-- The SQL of enclosures.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- enclosuresRepository.templateItemsOfType
select
  "id",
  "appointment_type_id",
  "category",
  "label",
  "business_days_before",
  "position",
  "created_at"
from
  "enclosure_template_item"
where
  "enclosure_template_item"."appointment_type_id" = $1
order by
  "enclosure_template_item"."position" asc,
  "enclosure_template_item"."created_at" asc,
  "enclosure_template_item"."id" asc;

-- enclosuresRepository.replaceTemplateItems
delete from "enclosure_template_item"
where
  "enclosure_template_item"."appointment_type_id" = $1;
insert into "enclosure_template_item" (
  "id",
  "appointment_type_id",
  "category",
  "label",
  "business_days_before",
  "position",
  "created_at"
)
values
  (default, $1, $2, $3, $4, $5, default),
  (default, $6, $7, $8, $9, $10, default);

-- enclosuresRepository.checklistContext
select
  "booking"."id",
  "booking"."appointment_type_id",
  "appointment_type"."category",
  "booking"."starts_at",
  "booking"."clinic_time_zone",
  coalesce("specialist_location"."state", "specialist"."state")
from
  "booking"
  inner join "appointment_type" on "appointment_type"."id" = "booking"."appointment_type_id"
  inner join "specialist" on "specialist"."id" = "booking"."specialist_id"
  left join "specialist_location" on "specialist_location"."id" = "booking"."location_id"
where
  "booking"."id" = $1
limit $2;

-- enclosuresRepository.clinicStatesOfBookings
select
  "booking"."id",
  coalesce("specialist_location"."state", "specialist"."state")
from
  "booking"
  inner join "specialist" on "specialist"."id" = "booking"."specialist_id"
  left join "specialist_location" on "specialist_location"."id" = "booking"."location_id"
where
  "booking"."id" in ($1);

-- enclosuresRepository.insertEnclosures
insert into "booking_enclosure" (
  "id",
  "booking_id",
  "category",
  "label",
  "business_days_before",
  "due_on",
  "state",
  "reason_encrypted",
  "decided_by_user_id",
  "decided_at",
  "met_document_id",
  "created_at"
)
values
  (
    default,
    $1,
    $2,
    $3,
    $4,
    $5,
    default,
    default,
    default,
    default,
    default,
    default
  )
on conflict do nothing;

-- enclosuresRepository.enclosuresOfBookings
select
  "id",
  "booking_id",
  "category",
  "label",
  "business_days_before",
  "due_on",
  "state",
  "reason_encrypted",
  "decided_by_user_id",
  "decided_at",
  "met_document_id",
  "created_at"
from
  "booking_enclosure"
where
  "booking_enclosure"."booking_id" in ($1)
order by
  "booking_enclosure"."booking_id" asc,
  "booking_enclosure"."due_on" asc,
  "booking_enclosure"."created_at" asc,
  "booking_enclosure"."id" asc;

-- enclosuresRepository.setEnclosureDueOn
update "booking_enclosure"
set
  "due_on" = $1
where
  "booking_enclosure"."id" = $2;

-- enclosuresRepository.setEnclosureDecision
update "booking_enclosure"
set
  "state" = $1,
  "reason_encrypted" = $2,
  "decided_by_user_id" = $3,
  "decided_at" = $4
where
  ("booking_enclosure"."id" = $5 and "booking_enclosure"."booking_id" = $6)
returning
  "id",
  "booking_id",
  "category",
  "label",
  "business_days_before",
  "due_on",
  "state",
  "reason_encrypted",
  "decided_by_user_id",
  "decided_at",
  "met_document_id",
  "created_at";

-- enclosuresRepository.liveCategoriesOfBookings
select
  distinct on ("document"."booking_id", "document"."category") "booking_id",
  "category",
  "id"
from
  "document"
where
  ("document"."booking_id" in ($1) and "document"."deleted_at" is null)
order by
  "document"."booking_id" asc,
  "document"."category" asc,
  "document"."created_at" asc,
  "document"."id" asc;

-- enclosuresRepository.recordMetDocument
update "booking_enclosure"
set
  "met_document_id" = $1
where
  ("booking_enclosure"."id" = $2 and "booking_enclosure"."met_document_id" is null);

-- enclosuresRepository.pendingEnclosuresDueBy
select
  "booking"."id",
  "booking"."reference",
  "booking"."owner_user_id",
  "booking"."starts_at",
  "booking"."clinic_time_zone",
  coalesce("specialist_location"."state", "specialist"."state"),
  "booking_enclosure"."id",
  "booking_enclosure"."category",
  "booking_enclosure"."label",
  "booking_enclosure"."due_on",
  "booking_enclosure"."business_days_before"
from
  "booking_enclosure"
  inner join "booking" on "booking"."id" = "booking_enclosure"."booking_id"
  inner join "specialist" on "specialist"."id" = "booking"."specialist_id"
  left join "specialist_location" on "specialist_location"."id" = "booking"."location_id"
where
  (
    "booking_enclosure"."state" = $1
    and "booking_enclosure"."due_on" <= $2
    and "booking"."status" = $3
    and "booking"."stage" not in ($4, $5)
    and "booking"."starts_at" >= $6
  )
order by
  "booking_enclosure"."due_on" asc,
  "booking"."starts_at" asc,
  "booking_enclosure"."id" asc
limit $7;

-- enclosuresRepository.claimDigest
insert into "enclosure_digest" ("user_id", "day", "items", "created_at")
values
  ($1, $2, $3, default)
on conflict do nothing
returning
  "user_id";
