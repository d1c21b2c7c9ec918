-- The SQL of referrers.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- referrersRepository.firstMembershipOf
select
  "id",
  "organization_id",
  "user_id",
  "roles",
  "team_id",
  "created_at"
from
  "member"
where
  "member"."user_id" = $1
limit $2;

-- referrersRepository.membershipTeam
select
  "team_id"
from
  "member"
where
  ("member"."user_id" = $1 and "member"."organization_id" = $2)
limit $3;

-- referrersRepository.findReferrerMembership
select
  "member"."id",
  "member"."user_id",
  "member"."organization_id",
  "member"."team_id"
from
  "member"
  inner join "user" on "user"."id" = "member"."user_id"
where
  ("member"."id" = $1 and "user"."role" = $2)
limit $3;

-- referrersRepository.activeReferrers
select
  "member"."id",
  "user"."name",
  "user"."email",
  "organization"."name",
  "team"."name"
from
  "member"
  inner join "user" on "user"."id" = "member"."user_id"
  inner join "organization" on "organization"."id" = "member"."organization_id"
  left join "team" on "team"."id" = "member"."team_id"
where
  (
    "organization"."active" = $1
    and coalesce("user"."banned", false) = false
    and "user"."role" = $2
  )
order by
  "organization"."name" asc,
  "user"."name" asc
limit $3;

-- referrersRepository.searchMembers
select
  "user"."id",
  "user"."name",
  "user"."email",
  "organization"."name"
from
  "member"
  inner join "user" on "user"."id" = "member"."user_id"
  inner join "organization" on "organization"."id" = "member"."organization_id"
where
  (
    "user"."name" ilike $1
    or "user"."email" ilike $2
    or "organization"."name" ilike $3
  )
order by
  "organization"."name" asc,
  "user"."name" asc
limit $4;

-- referrersRepository.userNames
select
  "id",
  "name"
from
  "user"
where
  "user"."id" in ($1, $2);

-- referrersRepository.userEmails
select
  "id",
  "email"
from
  "user"
where
  "user"."id" in ($1, $2);

-- referrersRepository.userEmail
select
  "email"
from
  "user"
where
  "user"."id" = $1;
