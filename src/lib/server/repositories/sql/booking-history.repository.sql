-- The SQL of booking-history.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- bookingHistoryRepository.insertHistory
insert into "booking_history" (
  "id",
  "booking_id",
  "at",
  "action",
  "actor_user_id",
  "on_behalf_of_user_id",
  "from_stage",
  "to_stage",
  "from_status",
  "to_status",
  "from_starts_at",
  "to_starts_at",
  "note_encrypted"
)
values
  (default, $1, default, $2, $3, $4, default, $5, default, $6, default, $7, default);

-- bookingHistoryRepository.historyOf
select
  "id",
  "booking_id",
  "at",
  "action",
  "actor_user_id",
  "on_behalf_of_user_id",
  "from_stage",
  "to_stage",
  "from_status",
  "to_status",
  "from_starts_at",
  "to_starts_at",
  "note_encrypted"
from
  "booking_history"
where
  "booking_history"."booking_id" = $1
order by
  "booking_history"."at" asc,
  "booking_history"."id" asc;
