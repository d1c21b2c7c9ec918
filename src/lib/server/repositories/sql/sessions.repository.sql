-- The SQL of sessions.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- sessionsRepository.findSignedInSession
select
  "session"."id",
  "session"."token",
  "session"."expires_at",
  "session"."impersonated_by",
  "session"."active_organization_id",
  "user"."id",
  "user"."name",
  "user"."email",
  "user"."role",
  "user"."two_factor_enabled",
  "user"."banned",
  "user"."time_zone",
  (
    select
      coalesce(
        json_agg( json_build_object(
          'organizationId',
          "member"."organization_id",
          'organizationName',
          "organization"."name",
          'roles',
          "member"."roles",
          'teamId',
          "member"."team_id",
          'teamName',
          "team"."name",
          'require2fa',
          "organization"."require_2fa"
        ) order by "member"."created_at" ),
        '[]'::json
      )
    from
      "member"
      inner join "organization" on "organization"."id" = "member"."organization_id" and "organization"."active"
      left join "team" on "team"."id" = "member"."team_id"
    where
      "member"."user_id" = "user"."id"
  )
from
  "session"
  inner join "user" on "user"."id" = "session"."user_id"
where
  "session"."token" = $1
limit $2;

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
