-- The SQL of org-people.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- orgPeopleRepository.listPeopleOf
select
  "member"."id",
  "user"."id",
  "user"."name",
  "user"."email",
  "member"."roles",
  "member"."team_id",
  "team"."name",
  "user"."role",
  "user"."banned",
  (
    select
      count(*)::int
    from
      "member" m2
    where
      m2.user_id = "member"."user_id"
  )
from
  "member"
  inner join "user" on "user"."id" = "member"."user_id"
  left join "team" on "team"."id" = "member"."team_id"
where
  "member"."organization_id" = $1
order by
  "user"."name" asc,
  "member"."id" asc;

-- orgPeopleRepository.lockPersonOf
select
  "member"."id",
  "member"."user_id",
  "user"."name",
  "member"."roles",
  "member"."team_id",
  "user"."role",
  "user"."banned",
  "user"."ban_reason",
  (
    select
      count(*)::int
    from
      "member" m2
    where
      m2.user_id = "member"."user_id"
  )
from
  "member"
  inner join "user" on "user"."id" = "member"."user_id"
where
  ("member"."id" = $1 and "member"."organization_id" = $2)
for update;

-- orgPeopleRepository.countOtherActiveOwners
select
  count(*)
from
  "member"
  inner join "user" on "user"."id" = "member"."user_id"
where
  (
    "member"."organization_id" = $1
    and "member"."id" <> $2
    and 'owner' = any("member"."roles")
    and not coalesce("user"."banned", false)
  );

-- orgPeopleRepository.listPendingInvitationsOf
select
  "id",
  "email",
  "name",
  "org_roles",
  "team_id",
  "expires_at"
from
  "invitation"
where
  (
    "invitation"."organization_id" = $1
    and "invitation"."accepted_at" is null
    and "invitation"."revoked_at" is null
    and "invitation"."expires_at" > now()
  )
order by
  "invitation"."name" asc,
  "invitation"."id" asc;

-- orgPeopleRepository.pendingInvitationElsewhere
select
  "id"
from
  "invitation"
where
  (
    "invitation"."email" = $1
    and "invitation"."accepted_at" is null
    and "invitation"."revoked_at" is null
    and "invitation"."expires_at" > now()
    and "invitation"."organization_id" is distinct from $2
  )
limit $3;
