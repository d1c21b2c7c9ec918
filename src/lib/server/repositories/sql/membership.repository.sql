-- The SQL of membership.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- membershipRepository.membershipsOf
select
  "member"."organization_id",
  "organization"."name",
  "member"."roles",
  "member"."team_id",
  "team"."name",
  "organization"."require_2fa"
from
  "member"
  inner join "organization" on "organization"."id" = "member"."organization_id"
  left join "team" on "team"."id" = "member"."team_id"
where
  ("member"."user_id" = $1 and "organization"."active" = $2)
order by
  "member"."created_at" asc;

-- membershipRepository.listMembersOf
select
  "member"."id",
  "user"."id",
  "user"."name",
  "user"."email",
  "member"."roles",
  "member"."team_id",
  "user"."banned",
  "user"."two_factor_enabled"
from
  "member"
  inner join "user" on "user"."id" = "member"."user_id"
where
  "member"."organization_id" = $1
order by
  "user"."name" asc;

-- membershipRepository.findMember
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
  "member"."id" = $1;

-- membershipRepository.lockMember
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
  "member"."id" = $1
for update;

-- membershipRepository.countTeamMembers
select
  count(*)
from
  "member"
where
  "member"."team_id" = $1;

-- membershipRepository.insertMember
insert into "member" ("id", "organization_id", "user_id", "roles", "team_id", "created_at")
values
  (default, $1, $2, $3, $4, default);

-- membershipRepository.updateMemberRolesAndTeam
update "member"
set
  "roles" = $1,
  "team_id" = $2
where
  "member"."id" = $3;

-- membershipRepository.deleteMember
delete from "member"
where
  "member"."id" = $1;
