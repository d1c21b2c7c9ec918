-- The SQL of sessions.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- sessionsRepository.listSessionsOf
select
  "id",
  "created_at",
  "updated_at",
  "expires_at",
  "ip_address",
  "user_agent"
from
  "session"
where
  "session"."user_id" = $1
order by
  "session"."created_at";

-- sessionsRepository.deleteOwnSession
delete from "session"
where
  ("session"."id" = $1 and "session"."user_id" = $2)
returning
  "id";

-- sessionsRepository.deleteSession
delete from "session"
where
  "session"."id" = $1;

-- sessionsRepository.deleteSessionByToken
delete from "session"
where
  "session"."token" = $1;

-- sessionsRepository.deleteSessionsOf
delete from "session"
where
  "session"."user_id" = $1;

-- sessionsRepository.deleteSessionsOfAndCount
delete from "session"
where
  "session"."user_id" = $1
returning
  "id";

-- sessionsRepository.findVerificationValue
select
  "value"
from
  "verification"
where
  "verification"."identifier" = $1
limit $2;
