-- The SQL of cases.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- casesRepository.caseScope (admin)
-- (sends no SQL)

-- casesRepository.caseScope (team lead)
-- returns the condition:
(
  "claim_case"."organization_id" = $1
  and ("claim_case"."team_id" = $2 OR "claim_case"."owner_user_id" = $3)
)

-- casesRepository.caseForScope (admin)
select
  "id",
  "reference",
  "organization_id",
  "team_id",
  "owner_user_id",
  "created_by_user_id",
  "claimant_encrypted",
  "claimant_name_tokens",
  "claim_number_hash",
  "details_encrypted",
  "scheme",
  "status",
  "created_at",
  "updated_at"
from
  "claim_case"
where
  "claim_case"."id" = $1
limit $2;

-- casesRepository.caseForScope (team lead)
select
  "id",
  "reference",
  "organization_id",
  "team_id",
  "owner_user_id",
  "created_by_user_id",
  "claimant_encrypted",
  "claimant_name_tokens",
  "claim_number_hash",
  "details_encrypted",
  "scheme",
  "status",
  "created_at",
  "updated_at"
from
  "claim_case"
where
  (
    "claim_case"."id" = $1
    and (
      "claim_case"."organization_id" = $2
      and ("claim_case"."team_id" = $3 OR "claim_case"."owner_user_id" = $4)
    )
  )
limit $5;

-- casesRepository.lockCaseForScope (admin)
select
  "id",
  "reference",
  "organization_id",
  "team_id",
  "owner_user_id",
  "created_by_user_id",
  "claimant_encrypted",
  "claimant_name_tokens",
  "claim_number_hash",
  "details_encrypted",
  "scheme",
  "status",
  "created_at",
  "updated_at"
from
  "claim_case"
where
  "claim_case"."id" = $1
limit $2
for update;

-- casesRepository.lockCaseForScope (team lead)
select
  "id",
  "reference",
  "organization_id",
  "team_id",
  "owner_user_id",
  "created_by_user_id",
  "claimant_encrypted",
  "claimant_name_tokens",
  "claim_number_hash",
  "details_encrypted",
  "scheme",
  "status",
  "created_at",
  "updated_at"
from
  "claim_case"
where
  (
    "claim_case"."id" = $1
    and (
      "claim_case"."organization_id" = $2
      and ("claim_case"."team_id" = $3 OR "claim_case"."owner_user_id" = $4)
    )
  )
limit $5
for update;

-- casesRepository.insertCase
insert into "claim_case" (
  "id",
  "reference",
  "organization_id",
  "team_id",
  "owner_user_id",
  "created_by_user_id",
  "claimant_encrypted",
  "claimant_name_tokens",
  "claim_number_hash",
  "details_encrypted",
  "scheme",
  "status",
  "created_at",
  "updated_at"
)
values
  (default, $1, $2, $3, $4, $5, $6, $7, $8, $9, default, default, default, default)
returning
  "id",
  "reference";

-- casesRepository.updateCase
update "claim_case"
set
  "status" = $1,
  "updated_at" = $2
where
  "claim_case"."id" = $3;

-- casesRepository.touchCase
update "claim_case"
set
  "updated_at" = $1
where
  "claim_case"."id" = $2;

-- casesRepository.appendCaseHistory
insert into "case_history" (
  "id",
  "case_id",
  "at",
  "action",
  "actor_user_id",
  "on_behalf_of_user_id",
  "booking_id",
  "detail",
  "note_encrypted"
)
values
  (default, $1, default, $2, $3, default, default, $4, default);
