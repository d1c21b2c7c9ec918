-- The SQL of instances.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- instancesRepository.renewInstance
insert into "app_instance" ("id", "seen_at")
values
  ($1, $2)
on conflict ("id") do update
set
  "seen_at" = $3;

-- instancesRepository.removeInstancesSeenBefore
delete from "app_instance"
where
  "app_instance"."seen_at" < $1;

-- instancesRepository.countInstancesSeenAfter
select
  count(*)::int
from
  "app_instance"
where
  "app_instance"."seen_at" > $1;

-- instancesRepository.removeInstance
delete from "app_instance"
where
  "app_instance"."id" = $1;
