-- The SQL of operations.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- operationsRepository.activeBookingsByStage
select
  "stage",
  count(*)::int
from
  "booking"
where
  "booking"."status" = $1
group by
  "booking"."stage";

-- operationsRepository.countExaminationsBetween
select
  count(*)::int
from
  "booking"
where
  (
    "booking"."starts_at" >= $1
    and "booking"."starts_at" < $2
    and "booking"."stage" not in ($3)
  );
