-- The SQL of specialists.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- specialistsRepository.findSpecialist
select
  "id",
  "user_id",
  "display_name",
  "title",
  "specialty",
  "registration_number",
  "display_order",
  "location",
  "state",
  "modes",
  "time_zone",
  "slot_interval_minutes",
  "min_notice_minutes",
  "horizon_days",
  "provider_calendar_id",
  "active",
  "created_at"
from
  "specialist"
where
  "specialist"."id" = $1
limit $2;

-- specialistsRepository.findActiveSpecialist
select
  "id",
  "user_id",
  "display_name",
  "title",
  "specialty",
  "registration_number",
  "display_order",
  "location",
  "state",
  "modes",
  "time_zone",
  "slot_interval_minutes",
  "min_notice_minutes",
  "horizon_days",
  "provider_calendar_id",
  "active",
  "created_at"
from
  "specialist"
where
  ("specialist"."id" = $1 and "specialist"."active" = $2)
limit $3;

-- specialistsRepository.findSpecialistForCalendar (by provider id)
select
  "id",
  "user_id",
  "display_name",
  "title",
  "specialty",
  "registration_number",
  "display_order",
  "location",
  "state",
  "modes",
  "time_zone",
  "slot_interval_minutes",
  "min_notice_minutes",
  "horizon_days",
  "provider_calendar_id",
  "active",
  "created_at"
from
  "specialist"
where
  "specialist"."provider_calendar_id" = $1
limit $2;

-- specialistsRepository.findSpecialistForCalendar (by local id)
select
  "id",
  "user_id",
  "display_name",
  "title",
  "specialty",
  "registration_number",
  "display_order",
  "location",
  "state",
  "modes",
  "time_zone",
  "slot_interval_minutes",
  "min_notice_minutes",
  "horizon_days",
  "provider_calendar_id",
  "active",
  "created_at"
from
  "specialist"
where
  "specialist"."id" = $1
limit $2;

-- specialistsRepository.specialistCard
select
  "id",
  "display_name",
  "specialty",
  "location",
  "state",
  "time_zone"
from
  "specialist"
where
  "specialist"."id" = $1
limit $2;

-- specialistsRepository.activeSpecialistsByName
select
  "id",
  "user_id",
  "display_name",
  "title",
  "specialty",
  "registration_number",
  "display_order",
  "location",
  "state",
  "modes",
  "time_zone",
  "slot_interval_minutes",
  "min_notice_minutes",
  "horizon_days",
  "provider_calendar_id",
  "active",
  "created_at"
from
  "specialist"
where
  "specialist"."active" = $1
order by
  "specialist"."display_name" asc;

-- specialistsRepository.activeSpecialistOptions
select
  "id",
  "display_name",
  "user_id"
from
  "specialist"
where
  "specialist"."active" = $1
order by
  "specialist"."display_name" asc;

-- specialistsRepository.activeSpecialistsOffering
select
  "specialist"."id",
  "specialist"."display_name",
  "specialist"."title",
  "specialist"."specialty",
  "specialist"."location",
  "specialist"."state",
  "specialist"."modes",
  "specialist"."time_zone"
from
  "specialist"
  inner join "specialist_appointment_type" on "specialist_appointment_type"."specialist_id" = "specialist"."id"
where
  (
    "specialist"."active" = $1
    and "specialist_appointment_type"."appointment_type_id" = $2
    and "specialist"."state" = $3
  )
order by
  "specialist"."display_order" asc,
  "specialist"."display_name" asc;

-- specialistsRepository.specialistsWithAccountEmail
select
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
  "specialist"."created_at",
  "user"."email"
from
  "specialist"
  left join "user" on "user"."id" = "specialist"."user_id"
order by
  "specialist"."display_order" asc,
  "specialist"."display_name" asc;

-- specialistsRepository.specialistWithAccountEmail
select
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
  "specialist"."created_at",
  "user"."email"
from
  "specialist"
  left join "user" on "user"."id" = "specialist"."user_id"
where
  "specialist"."id" = $1;

-- specialistsRepository.insertSpecialist
insert into "specialist" (
  "id",
  "user_id",
  "display_name",
  "title",
  "specialty",
  "registration_number",
  "display_order",
  "location",
  "state",
  "modes",
  "time_zone",
  "slot_interval_minutes",
  "min_notice_minutes",
  "horizon_days",
  "provider_calendar_id",
  "active",
  "created_at"
)
values
  (
    default,
    default,
    $1,
    $2,
    $3,
    $4,
    default,
    $5,
    $6,
    $7,
    $8,
    default,
    default,
    default,
    default,
    default,
    default
  )
returning
  "id";

-- specialistsRepository.updateSpecialist
update "specialist"
set
  "display_name" = $1,
  "active" = $2
where
  "specialist"."id" = $3;

-- specialistsRepository.upsertCalendarSpecialist
insert into "specialist" (
  "id",
  "user_id",
  "display_name",
  "title",
  "specialty",
  "registration_number",
  "display_order",
  "location",
  "state",
  "modes",
  "time_zone",
  "slot_interval_minutes",
  "min_notice_minutes",
  "horizon_days",
  "provider_calendar_id",
  "active",
  "created_at"
)
values
  (
    default,
    default,
    $1,
    default,
    $2,
    default,
    default,
    $3,
    default,
    default,
    $4,
    default,
    default,
    default,
    $5,
    default,
    default
  )
on conflict ("provider_calendar_id") do update
set
  "display_name" = $6,
  "location" = $7,
  "time_zone" = $8
returning
  "id";

-- specialistsRepository.unlinkedSpecialistAccounts
select
  "user"."id",
  "user"."name",
  "user"."email"
from
  "user"
  left join "specialist" on "specialist"."user_id" = "user"."id"
where
  ("user"."role" = $1 and "specialist"."id" is null)
order by
  "user"."name" asc
limit $2;

-- specialistsRepository.lockSpecialistLink
select
  "id",
  "user_id"
from
  "specialist"
where
  "specialist"."id" = $1
limit $2
for update;

-- specialistsRepository.specialistLinkedTo
select
  "id",
  "display_name"
from
  "specialist"
where
  "specialist"."user_id" = $1
limit $2;

-- specialistsRepository.setSpecialistAccount
update "specialist"
set
  "user_id" = $1
where
  "specialist"."id" = $2;

-- specialistsRepository.clearSpecialistAccount
update "specialist"
set
  "user_id" = $1
where
  "specialist"."id" = $2
returning
  "id";
