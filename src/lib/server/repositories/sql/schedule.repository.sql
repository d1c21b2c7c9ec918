-- The SQL of schedule.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- scheduleRepository.weeklyHoursOf
select
  "id",
  "specialist_id",
  "weekday",
  "start_minute",
  "end_minute",
  "location_id"
from
  "weekly_hours"
where
  "weekly_hours"."specialist_id" = $1;

-- scheduleRepository.weeklyHoursInOrder
select
  "id",
  "specialist_id",
  "weekday",
  "start_minute",
  "end_minute",
  "location_id"
from
  "weekly_hours"
where
  "weekly_hours"."specialist_id" = $1
order by
  "weekly_hours"."weekday" asc,
  "weekly_hours"."start_minute" asc;

-- scheduleRepository.replaceWeeklyHours
delete from "weekly_hours"
where
  "weekly_hours"."specialist_id" = $1;
insert into "weekly_hours" ("id", "specialist_id", "weekday", "start_minute", "end_minute", "location_id")
values
  (default, $1, $2, $3, $4, default),
  (default, $5, $6, $7, $8, default);

-- scheduleRepository.dateOverridesOf
select
  "id",
  "specialist_id",
  "date",
  "ranges",
  "note"
from
  "date_override"
where
  "date_override"."specialist_id" = $1;

-- scheduleRepository.dateOverridesFrom
select
  "id",
  "specialist_id",
  "date",
  "ranges",
  "note"
from
  "date_override"
where
  ("date_override"."specialist_id" = $1 and "date_override"."date" >= $2)
order by
  "date_override"."date" asc;

-- scheduleRepository.upsertDateOverride
insert into "date_override" ("id", "specialist_id", "date", "ranges", "note")
values
  (default, $1, $2, $3, $4)
on conflict ("specialist_id","date") do update
set
  "ranges" = $5,
  "note" = $6;

-- scheduleRepository.deleteDateOverride
delete from "date_override"
where
  ("date_override"."id" = $1 and "date_override"."specialist_id" = $2)
returning
  "date";
