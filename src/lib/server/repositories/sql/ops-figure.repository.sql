-- The SQL of ops-figure.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- opsFigureRepository.addToFigures
insert into "ops_figure" ("name", "value", "at", "ok", "updated_at")
values
  ($1, $2, default, default, $3),
  ($4, $5, default, default, $6)
on conflict ("name") do update
set
  "value" = "ops_figure"."value" + excluded.value,
  "updated_at" = excluded.updated_at;

-- opsFigureRepository.recordFigureEvent
insert into "ops_figure" ("name", "value", "at", "ok", "updated_at")
values
  ($1, default, $2, $3, $4)
on conflict ("name") do update
set
  "at" = $5,
  "ok" = $6,
  "updated_at" = $7;

-- opsFigureRepository.readFigures
select
  "name",
  "value",
  "at",
  "ok",
  "updated_at"
from
  "ops_figure"
where
  "ops_figure"."name" in ($1, $2);
