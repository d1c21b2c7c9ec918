-- The SQL of organizations.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- organizationsRepository.listOrganizationRows
select
  "id",
  "name",
  "slug",
  "require_2fa",
  "active",
  "created_at"
from
  "organization"
order by
  "organization"."name" asc;

-- organizationsRepository.listOrganizationSummaries
select
  "id",
  "name",
  "require_2fa"
from
  "organization"
order by
  "organization"."name" asc;

-- organizationsRepository.memberCountsByOrganization
select
  "organization_id",
  count(*)
from
  "member"
group by
  "member"."organization_id";

-- organizationsRepository.listOrganizationsPage (first page)
select
  "id",
  "name",
  "slug",
  "active",
  "require_2fa",
  (
    select
      count(*)::int
    from
      "member"
    where
      "organization_id" = "organization"."id"
  ),
  (
    select
      count(*)::int
    from
      "team"
    where
      "organization_id" = "organization"."id"
  )
from
  "organization"
order by
  "organization"."name" asc,
  "organization"."id" asc
limit $1;

-- organizationsRepository.listOrganizationsPage (after a cursor)
select
  "id",
  "name",
  "slug",
  "active",
  "require_2fa",
  (
    select
      count(*)::int
    from
      "member"
    where
      "organization_id" = "organization"."id"
  ),
  (
    select
      count(*)::int
    from
      "team"
    where
      "organization_id" = "organization"."id"
  )
from
  "organization"
where
  ("organization"."name", "organization"."id") < ($1::text, $2::uuid)
order by
  "organization"."name" desc,
  "organization"."id" desc
limit $3;

-- organizationsRepository.teamCountsByOrganization
select
  "organization_id",
  count(*)
from
  "team"
group by
  "team"."organization_id";

-- organizationsRepository.countOrganizations
select
  count(*) as count
from
  "organization";

-- organizationsRepository.findOrganization
select
  "id",
  "name",
  "slug",
  "require_2fa",
  "active",
  "created_at"
from
  "organization"
where
  "organization"."id" = $1;

-- organizationsRepository.lockOrganization
select
  "id",
  "name",
  "slug",
  "require_2fa",
  "active",
  "created_at"
from
  "organization"
where
  "organization"."id" = $1
for update;

-- organizationsRepository.organizationExists
select
  "id"
from
  "organization"
where
  "organization"."id" = $1
limit $2;

-- organizationsRepository.slugsLike
select
  "slug"
from
  "organization"
where
  "organization"."slug" = $1
  OR "organization"."slug" LIKE $2;

-- organizationsRepository.insertOrganization
insert into "organization" ("id", "name", "slug", "require_2fa", "active", "created_at")
values
  (default, $1, $2, $3, default, default)
returning
  "id",
  "name",
  "slug",
  "require_2fa",
  "active",
  "created_at";

-- organizationsRepository.updateOrganizationSettings
update "organization"
set
  "name" = $1,
  "require_2fa" = $2,
  "active" = $3
where
  "organization"."id" = $4
returning
  "id",
  "name",
  "slug",
  "require_2fa",
  "active",
  "created_at";

-- organizationsRepository.listAllTeams
select
  "id",
  "name",
  "organization_id"
from
  "team"
order by
  "team"."name" asc;

-- organizationsRepository.listTeamsOf
select
  "id",
  "name"
from
  "team"
where
  "team"."organization_id" = $1
order by
  "team"."name" asc;

-- organizationsRepository.findTeam
select
  "id",
  "organization_id",
  "name",
  "created_at"
from
  "team"
where
  "team"."id" = $1;

-- organizationsRepository.findTeamOrganizationId
select
  "organization_id"
from
  "team"
where
  "team"."id" = $1;

-- organizationsRepository.teamBelongsTo
select
  "id"
from
  "team"
where
  ("team"."id" = $1 and "team"."organization_id" = $2)
limit $3;

-- organizationsRepository.teamNameTaken
select
  "id"
from
  "team"
where
  (
    "team"."organization_id" = $1
    and "team"."id" <> $2
    and lower("team"."name") = lower($3)
  );

-- organizationsRepository.insertTeam
insert into "team" ("id", "organization_id", "name", "created_at")
values
  (default, $1, $2, default)
returning
  "id",
  "organization_id",
  "name",
  "created_at";

-- organizationsRepository.renameTeamRow
update "team"
set
  "name" = $1
where
  "team"."id" = $2;

-- organizationsRepository.deleteTeamRow
delete from "team"
where
  "team"."id" = $1;
