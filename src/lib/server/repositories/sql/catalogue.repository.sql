-- The SQL of catalogue.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- catalogueRepository.findAppointmentType
select
  "id",
  "name",
  "label",
  "display_order",
  "description",
  "category",
  "mode",
  "duration_minutes",
  "price_cents",
  "padding_before_minutes",
  "padding_after_minutes",
  "intake_fields",
  "provider_type_id",
  "active",
  "created_at"
from
  "appointment_type"
where
  "appointment_type"."id" = $1
limit $2;

-- catalogueRepository.findActiveAppointmentType
select
  "id",
  "name",
  "label",
  "display_order",
  "description",
  "category",
  "mode",
  "duration_minutes",
  "price_cents",
  "padding_before_minutes",
  "padding_after_minutes",
  "intake_fields",
  "provider_type_id",
  "active",
  "created_at"
from
  "appointment_type"
where
  ("appointment_type"."id" = $1 and "appointment_type"."active" = $2)
limit $3;

-- catalogueRepository.findTypeForProvider (by provider id)
select
  "id",
  "name",
  "label",
  "display_order",
  "description",
  "category",
  "mode",
  "duration_minutes",
  "price_cents",
  "padding_before_minutes",
  "padding_after_minutes",
  "intake_fields",
  "provider_type_id",
  "active",
  "created_at"
from
  "appointment_type"
where
  "appointment_type"."provider_type_id" = $1
limit $2;

-- catalogueRepository.findTypeForProvider (by local id)
select
  "id",
  "name",
  "label",
  "display_order",
  "description",
  "category",
  "mode",
  "duration_minutes",
  "price_cents",
  "padding_before_minutes",
  "padding_after_minutes",
  "intake_fields",
  "provider_type_id",
  "active",
  "created_at"
from
  "appointment_type"
where
  "appointment_type"."id" = $1
limit $2;

-- catalogueRepository.findTypeWithSpecialist
select
  "appointment_type"."id",
  "appointment_type"."name",
  "appointment_type"."label",
  "appointment_type"."display_order",
  "appointment_type"."description",
  "appointment_type"."category",
  "appointment_type"."mode",
  "appointment_type"."duration_minutes",
  "appointment_type"."price_cents",
  "appointment_type"."padding_before_minutes",
  "appointment_type"."padding_after_minutes",
  "appointment_type"."intake_fields",
  "appointment_type"."provider_type_id",
  "appointment_type"."active",
  "appointment_type"."created_at",
  "specialist"."id",
  "specialist"."user_id",
  "specialist"."display_name",
  "specialist"."title",
  "specialist"."specialty",
  "specialist"."registration_number",
  "specialist"."display_order",
  "specialist"."location",
  "specialist"."state",
  "specialist"."modes",
  "specialist"."time_zone",
  "specialist"."slot_interval_minutes",
  "specialist"."min_notice_minutes",
  "specialist"."horizon_days",
  "specialist"."provider_calendar_id",
  "specialist"."active",
  "specialist"."created_at"
from
  "appointment_type"
  inner join "specialist" on "specialist"."id" = $1
where
  "appointment_type"."id" = $2
limit $3;

-- catalogueRepository.appointmentTypeSummary
select
  "id",
  "name",
  "mode",
  "duration_minutes",
  "intake_fields"
from
  "appointment_type"
where
  "appointment_type"."id" = $1;

-- catalogueRepository.appointmentTypesInDisplayOrder
select
  "id",
  "name",
  "label",
  "display_order",
  "description",
  "category",
  "mode",
  "duration_minutes",
  "price_cents",
  "padding_before_minutes",
  "padding_after_minutes",
  "intake_fields",
  "provider_type_id",
  "active",
  "created_at"
from
  "appointment_type"
order by
  "appointment_type"."display_order" asc,
  "appointment_type"."name" asc;

-- catalogueRepository.appointmentTypesByName
select
  "id",
  "name",
  "label",
  "display_order",
  "description",
  "category",
  "mode",
  "duration_minutes",
  "price_cents",
  "padding_before_minutes",
  "padding_after_minutes",
  "intake_fields",
  "provider_type_id",
  "active",
  "created_at"
from
  "appointment_type"
order by
  "appointment_type"."name" asc;

-- catalogueRepository.allAppointmentTypes
select
  "id",
  "name",
  "label",
  "display_order",
  "description",
  "category",
  "mode",
  "duration_minutes",
  "price_cents",
  "padding_before_minutes",
  "padding_after_minutes",
  "intake_fields",
  "provider_type_id",
  "active",
  "created_at"
from
  "appointment_type";

-- catalogueRepository.activeTypesForReferrers
select
  "id",
  coalesce("label", "name"),
  "category",
  "mode",
  "duration_minutes",
  "price_cents",
  (
    select
      count(*)
    from
      specialist_appointment_type o
    where
      o.appointment_type_id = appointment_type.id
  )::int
from
  "appointment_type"
where
  "appointment_type"."active" = $1
order by
  "appointment_type"."display_order" asc,
  "appointment_type"."category" asc,
  "appointment_type"."name" asc;

-- catalogueRepository.existingTypeIds
select
  "id"
from
  "appointment_type"
where
  "appointment_type"."id" in ($1, $2);

-- catalogueRepository.updateTypePresentation
update "appointment_type"
set
  "label" = $1,
  "display_order" = $2,
  "active" = $3
where
  "appointment_type"."id" = $4
returning
  "id";

-- catalogueRepository.upsertProviderType
insert into "appointment_type" (
  "id",
  "name",
  "label",
  "display_order",
  "description",
  "category",
  "mode",
  "duration_minutes",
  "price_cents",
  "padding_before_minutes",
  "padding_after_minutes",
  "intake_fields",
  "provider_type_id",
  "active",
  "created_at"
)
values
  (default, $1, default, default, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, default)
on conflict ("provider_type_id") do update
set
  "name" = $12,
  "description" = $13,
  "category" = $14,
  "mode" = $15,
  "duration_minutes" = $16,
  "price_cents" = $17,
  "padding_before_minutes" = $18,
  "padding_after_minutes" = $19,
  "intake_fields" = $20,
  "active" = "appointment_type"."active"
returning
  "id";

-- catalogueRepository.allOffers
select
  "specialist_id",
  "appointment_type_id"
from
  "specialist_appointment_type";

-- catalogueRepository.offers
select
  "specialist_id",
  "appointment_type_id"
from
  "specialist_appointment_type"
where
  (
    "specialist_appointment_type"."specialist_id" = $1
    and "specialist_appointment_type"."appointment_type_id" = $2
  )
limit $3;

-- catalogueRepository.offeredTypeIds
select
  "appointment_type_id"
from
  "specialist_appointment_type"
where
  "specialist_appointment_type"."specialist_id" = $1;

-- catalogueRepository.offeredTypeCounts
select
  "specialist_id",
  count(*)
from
  "specialist_appointment_type"
group by
  "specialist_appointment_type"."specialist_id";

-- catalogueRepository.replaceOffersOfSpecialist
delete from "specialist_appointment_type"
where
  "specialist_appointment_type"."specialist_id" = $1;
insert into "specialist_appointment_type" ("specialist_id", "appointment_type_id")
values
  ($1, $2),
  ($3, $4);

-- catalogueRepository.replaceOffersOfType
delete from "specialist_appointment_type"
where
  "specialist_appointment_type"."appointment_type_id" = $1;
insert into "specialist_appointment_type" ("specialist_id", "appointment_type_id")
values
  ($1, $2),
  ($3, $4);
