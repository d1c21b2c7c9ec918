-- The SQL of case-links.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- caseLinksRepository.membershipIn
select
  "roles",
  "team_id"
from
  "member"
where
  ("member"."user_id" = $1 and "member"."organization_id" = $2)
limit $3;

-- caseLinksRepository.caseReferenceOf
select
  "id",
  "reference",
  "status"
from
  "claim_case"
where
  "claim_case"."id" = $1
limit $2;

-- caseLinksRepository.caseOfBooking (admin)
select
  "claim_case"."id",
  "claim_case"."reference"
from
  "booking"
  inner join "claim_case" on "claim_case"."id" = "booking"."case_id"
where
  "booking"."id" = $1
limit $2;

-- caseLinksRepository.caseOfBooking (team lead)
select
  "claim_case"."id",
  "claim_case"."reference"
from
  "booking"
  inner join "claim_case" on "claim_case"."id" = "booking"."case_id"
where
  (
    "booking"."id" = $1
    and (
      "claim_case"."organization_id" = $2
      and ("claim_case"."team_id" = $3 OR "claim_case"."owner_user_id" = $4)
    )
  )
limit $5;

-- caseLinksRepository.findMatchingCases (team lead)
select
  "id",
  "reference",
  "claimant_encrypted"
from
  "claim_case"
where
  (
    (
      "claim_case"."organization_id" = $1
      and ("claim_case"."team_id" = $2 OR "claim_case"."owner_user_id" = $3)
    )
    and "claim_case"."organization_id" = $4
    and "claim_case"."claim_number_hash" = $5
    and "claim_case"."status" <> $6
    and "claim_case"."claimant_name_tokens" @> ARRAY[$7, $8]::text[]
    AND "claim_case"."claimant_name_tokens" <@ ARRAY[$9, $10]::text[]
  )
order by
  "claim_case"."updated_at" DESC,
  "claim_case"."id" DESC
limit $11;

-- caseLinksRepository.attachBookingsToCase
update "booking"
set
  "case_id" = $1
where
  ("booking"."id" in ($2) and "booking"."case_id" is null)
returning
  "id";

-- caseLinksRepository.bookingsWithoutCase (first)
select
  "id",
  "organization_id",
  "owner_user_id",
  "team_id",
  "status",
  "created_at",
  "examinee_encrypted"
from
  "booking"
where
  "booking"."case_id" is null
order by
  "booking"."id" asc
limit $1;

-- caseLinksRepository.bookingsWithoutCase (next)
select
  "id",
  "organization_id",
  "owner_user_id",
  "team_id",
  "status",
  "created_at",
  "examinee_encrypted"
from
  "booking"
where
  ("booking"."case_id" is null and "booking"."id" > $1)
order by
  "booking"."id" asc
limit $2;

-- caseLinksRepository.findDataMigration
select
  "name",
  "ran_at",
  "report"
from
  "data_migration"
where
  "data_migration"."name" = $1
limit $2;

-- caseLinksRepository.recordDataMigration
insert into "data_migration" ("name", "ran_at", "report")
values
  ($1, default, $2)
on conflict ("name") do nothing
returning
  "name";

-- caseLinksRepository.lockDataMigrations
SELECT
  pg_advisory_xact_lock($1);
