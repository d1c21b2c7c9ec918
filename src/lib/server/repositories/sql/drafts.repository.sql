-- The SQL of drafts.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- draftsRepository.insertDraft
insert into "booking_draft" (
  "id",
  "user_id",
  "organization_id",
  "owner_user_id",
  "data_encrypted",
  "expires_at",
  "created_at",
  "updated_at"
)
values
  (default, $1, $2, $3, $4, $5, default, default)
returning
  "id";

-- draftsRepository.deleteExpiredDrafts
delete from "booking_draft"
where
  "booking_draft"."expires_at" <= $1;

-- draftsRepository.findLiveDraftOf
select
  "id",
  "user_id",
  "organization_id",
  "owner_user_id",
  "data_encrypted",
  "expires_at",
  "created_at",
  "updated_at"
from
  "booking_draft"
where
  (
    "booking_draft"."id" = $1
    and "booking_draft"."user_id" = $2
    and "booking_draft"."expires_at" > $3
  )
limit $4;

-- draftsRepository.findDraft
select
  "id",
  "user_id",
  "organization_id",
  "owner_user_id",
  "data_encrypted",
  "expires_at",
  "created_at",
  "updated_at"
from
  "booking_draft"
where
  "booking_draft"."id" = $1
limit $2;

-- draftsRepository.updateDraftData
update "booking_draft"
set
  "data_encrypted" = $1,
  "updated_at" = $2
where
  "booking_draft"."id" = $3;

-- draftsRepository.deleteDraft
delete from "booking_draft"
where
  "booking_draft"."id" = $1;
