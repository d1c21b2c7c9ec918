-- The SQL of outbox.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- outboxRepository.insertMessage
insert into "outbox" (
  "id",
  "channel",
  "template",
  "payload",
  "user_id",
  "status",
  "attempts",
  "next_attempt_at",
  "locked_until",
  "last_error",
  "created_at",
  "sent_at"
)
values
  (
    default,
    $1,
    $2,
    $3,
    $4,
    default,
    default,
    default,
    default,
    default,
    default,
    default
  )
returning
  "id";

-- outboxRepository.claimDueMessages
UPDATE outbox
SET
  status = 'sending',
  attempts = attempts + 1,
  locked_until = now() + make_interval(secs => $1)
WHERE
  id IN (
    SELECT
      id
    FROM
      outbox
    WHERE
      (status = 'pending' AND next_attempt_at <= now())
      OR (status = 'sending' AND locked_until < now())
    ORDER BY
      next_attempt_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
RETURNING
  id;

-- outboxRepository.findMessage
select
  "id",
  "channel",
  "template",
  "payload",
  "user_id",
  "status",
  "attempts",
  "next_attempt_at",
  "locked_until",
  "last_error",
  "created_at",
  "sent_at"
from
  "outbox"
where
  "outbox"."id" = $1;

-- outboxRepository.markMessageSent
update "outbox"
set
  "status" = $1,
  "locked_until" = $2,
  "last_error" = $3,
  "sent_at" = $4
where
  ("outbox"."id" = $5 and "outbox"."status" = $6);

-- outboxRepository.markMessageFailed
update "outbox"
set
  "status" = $1,
  "next_attempt_at" = $2,
  "locked_until" = $3,
  "last_error" = $4
where
  ("outbox"."id" = $5 and "outbox"."status" = $6 and "outbox"."attempts" = $7);

-- outboxRepository.latestMessages
select
  "id",
  "channel",
  "template",
  "payload",
  "user_id",
  "status",
  "attempts",
  "next_attempt_at",
  "locked_until",
  "last_error",
  "created_at",
  "sent_at"
from
  "outbox"
order by
  "outbox"."created_at" desc
limit $1;

-- outboxRepository.messagesPage (first page)
select
  "id",
  "channel",
  "template",
  "payload",
  "user_id",
  "status",
  "attempts",
  "next_attempt_at",
  "locked_until",
  "last_error",
  "created_at",
  "sent_at",
  to_char("created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
from
  "outbox"
order by
  "outbox"."created_at" desc,
  "outbox"."id" desc
limit $1;

-- outboxRepository.messagesPage (after a cursor)
select
  "id",
  "channel",
  "template",
  "payload",
  "user_id",
  "status",
  "attempts",
  "next_attempt_at",
  "locked_until",
  "last_error",
  "created_at",
  "sent_at",
  to_char("created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
from
  "outbox"
where
  ("outbox"."created_at", "outbox"."id") < ($1::timestamptz, $2::uuid)
order by
  "outbox"."created_at" desc,
  "outbox"."id" desc
limit $3;

-- outboxRepository.messageCountsByStatus
select
  "status",
  count(*)::int,
  min("created_at")
from
  "outbox"
group by
  "outbox"."status";
