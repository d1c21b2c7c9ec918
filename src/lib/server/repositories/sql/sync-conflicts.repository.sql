-- The SQL of sync-conflicts.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- syncConflictsRepository.hasOpenConflict
select
  "id"
from
  "sync_conflict"
where
  (
    "sync_conflict"."appointment_id" = $1
    and "sync_conflict"."kind" = $2
    and "sync_conflict"."resolved_at" is null
  )
limit $3;

-- syncConflictsRepository.insertConflict
insert into "sync_conflict" (
  "id",
  "kind",
  "appointment_id",
  "booking_id",
  "detail",
  "created_at",
  "resolved_at",
  "resolved_by"
)
values
  (default, $1, $2, $3, $4, default, default, default);

-- syncConflictsRepository.listOpenConflicts
select
  "sync_conflict"."id",
  "sync_conflict"."kind",
  "sync_conflict"."detail",
  "sync_conflict"."created_at",
  "sync_conflict"."booking_id",
  "booking"."reference"
from
  "sync_conflict"
  left join "booking" on "booking"."id" = "sync_conflict"."booking_id"
where
  "sync_conflict"."resolved_at" is null
order by
  "sync_conflict"."created_at" desc
limit $1;

-- syncConflictsRepository.countOpenConflicts
select
  count(*)::int
from
  "sync_conflict"
where
  "sync_conflict"."resolved_at" is null;

-- syncConflictsRepository.markConflictResolved
update "sync_conflict"
set
  "resolved_at" = $1,
  "resolved_by" = $2
where
  ("sync_conflict"."id" = $3 and "sync_conflict"."resolved_at" is null)
returning
  "id";
