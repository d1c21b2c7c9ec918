-- The SQL of document.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- documentRepository.documentForScope (admin)
select
  "document"."id",
  "document"."booking_id",
  "document"."section",
  "document"."category",
  "document"."name_encrypted",
  "document"."content_type",
  "document"."extension",
  "document"."size_bytes",
  "document"."sha256",
  "document"."store_kind",
  "document"."storage_key",
  "document"."key_encrypted",
  "document"."uploaded_by_user_id",
  "document"."on_behalf_of_user_id",
  "document"."created_at",
  "document"."updated_at",
  "document"."deleted_at",
  "document"."deleted_by_user_id",
  "booking"."id",
  "booking"."reference",
  "booking"."organization_id",
  "booking"."owner_user_id",
  "booking"."specialist_id",
  "booking"."report_state",
  "booking"."stage",
  "booking"."status"
from
  "document"
  inner join "booking" on "booking"."id" = "document"."booking_id"
where
  "document"."id" = $1
limit $2;

-- documentRepository.documentForScope (team lead)
select
  "document"."id",
  "document"."booking_id",
  "document"."section",
  "document"."category",
  "document"."name_encrypted",
  "document"."content_type",
  "document"."extension",
  "document"."size_bytes",
  "document"."sha256",
  "document"."store_kind",
  "document"."storage_key",
  "document"."key_encrypted",
  "document"."uploaded_by_user_id",
  "document"."on_behalf_of_user_id",
  "document"."created_at",
  "document"."updated_at",
  "document"."deleted_at",
  "document"."deleted_by_user_id",
  "booking"."id",
  "booking"."reference",
  "booking"."organization_id",
  "booking"."owner_user_id",
  "booking"."specialist_id",
  "booking"."report_state",
  "booking"."stage",
  "booking"."status"
from
  "document"
  inner join "booking" on "booking"."id" = "document"."booking_id"
where
  (
    "document"."id" = $1
    and (
      "booking"."organization_id" = $2
      and ("booking"."team_id" = $3 OR "booking"."owner_user_id" = $4)
    )
  )
limit $5;

-- documentRepository.documentsOfBooking
select
  "id",
  "booking_id",
  "section",
  "category",
  "name_encrypted",
  "content_type",
  "extension",
  "size_bytes",
  "sha256",
  "store_kind",
  "storage_key",
  "key_encrypted",
  "uploaded_by_user_id",
  "on_behalf_of_user_id",
  "created_at",
  "updated_at",
  "deleted_at",
  "deleted_by_user_id"
from
  "document"
where
  ("document"."booking_id" = $1 and "document"."deleted_at" is null)
order by
  "document"."created_at" asc,
  "document"."id" asc;

-- documentRepository.liveDocumentsOfBookings
select
  "id",
  "booking_id",
  "section",
  "category",
  "name_encrypted",
  "content_type",
  "extension",
  "size_bytes",
  "sha256",
  "store_kind",
  "storage_key",
  "key_encrypted",
  "uploaded_by_user_id",
  "on_behalf_of_user_id",
  "created_at",
  "updated_at",
  "deleted_at",
  "deleted_by_user_id"
from
  "document"
where
  ("document"."booking_id" in ($1, $2) and "document"."deleted_at" is null)
order by
  "document"."created_at" asc,
  "document"."id" asc;

-- documentRepository.findLiveFinalReport
select
  "id"
from
  "document"
where
  (
    "document"."booking_id" = $1
    and "document"."category" = $2
    and "document"."deleted_at" is null
  )
limit $3;

-- documentRepository.insertDocument
insert into "document" (
  "id",
  "booking_id",
  "section",
  "category",
  "name_encrypted",
  "content_type",
  "extension",
  "size_bytes",
  "sha256",
  "store_kind",
  "storage_key",
  "key_encrypted",
  "uploaded_by_user_id",
  "on_behalf_of_user_id",
  "created_at",
  "updated_at",
  "deleted_at",
  "deleted_by_user_id"
)
values
  (
    default,
    $1,
    $2,
    $3,
    $4,
    $5,
    $6,
    $7,
    $8,
    $9,
    $10,
    $11,
    $12,
    $13,
    default,
    default,
    default,
    default
  )
returning
  "id",
  "booking_id",
  "section",
  "category",
  "name_encrypted",
  "content_type",
  "extension",
  "size_bytes",
  "sha256",
  "store_kind",
  "storage_key",
  "key_encrypted",
  "uploaded_by_user_id",
  "on_behalf_of_user_id",
  "created_at",
  "updated_at",
  "deleted_at",
  "deleted_by_user_id";

-- documentRepository.renameDocumentRow
update "document"
set
  "name_encrypted" = $1,
  "updated_at" = $2
where
  "document"."id" = $3;

-- documentRepository.markDocumentDeleted
update "document"
set
  "updated_at" = $1,
  "deleted_at" = $2,
  "deleted_by_user_id" = $3
where
  "document"."id" = $4;

-- documentRepository.markDocumentRestored
update "document"
set
  "updated_at" = $1,
  "deleted_at" = $2,
  "deleted_by_user_id" = $3
where
  "document"."id" = $4;

-- documentRepository.deleteDocumentRow
delete from "document"
where
  "document"."id" = $1;

-- documentRepository.keysInUse
select
  "storage_key"
from
  "document"
where
  "document"."storage_key" in ($1, $2);

-- documentRepository.deletedBefore
select
  "id",
  "booking_id",
  "section",
  "category",
  "name_encrypted",
  "content_type",
  "extension",
  "size_bytes",
  "sha256",
  "store_kind",
  "storage_key",
  "key_encrypted",
  "uploaded_by_user_id",
  "on_behalf_of_user_id",
  "created_at",
  "updated_at",
  "deleted_at",
  "deleted_by_user_id"
from
  "document"
where
  "document"."deleted_at" < $1
order by
  "document"."deleted_at" asc
limit $2;

-- documentRepository.reportQueue (admin)
select
  "booking"."id",
  "booking"."reference",
  "booking"."starts_at",
  "booking"."clinic_time_zone",
  "booking"."stage",
  "booking"."report_state",
  "specialist"."display_name"
from
  "booking"
  inner join "specialist" on "specialist"."id" = "booking"."specialist_id"
where
  (
    "booking"."status" = $1
    and "booking"."report_state" <> 'released'
    and "booking"."starts_at" < $2
    and "booking"."stage" not in ($3, $4)
  )
order by
  "booking"."starts_at" asc,
  "booking"."id" asc
limit $5;

-- documentRepository.reportQueue (team lead)
select
  "booking"."id",
  "booking"."reference",
  "booking"."starts_at",
  "booking"."clinic_time_zone",
  "booking"."stage",
  "booking"."report_state",
  "specialist"."display_name"
from
  "booking"
  inner join "specialist" on "specialist"."id" = "booking"."specialist_id"
where
  (
    "booking"."status" = $1
    and "booking"."report_state" <> 'released'
    and "booking"."starts_at" < $2
    and "booking"."stage" not in ($3, $4)
    and (
      "booking"."organization_id" = $5
      and ("booking"."team_id" = $6 OR "booking"."owner_user_id" = $7)
    )
  )
order by
  "booking"."starts_at" asc,
  "booking"."id" asc
limit $8;
