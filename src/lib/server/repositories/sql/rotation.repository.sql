-- The SQL of rotation.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- rotationRepository.bookingsSealedWithOtherKey
select
  "id",
  "examinee_encrypted",
  "intake_encrypted"
from
  "booking"
where
  split_part("booking"."examinee_encrypted", '.', 2) <> $1
  OR split_part("booking"."intake_encrypted", '.', 2) <> $2
limit $3;

-- rotationRepository.resealBooking
update "booking"
set
  "examinee_encrypted" = $1,
  "intake_encrypted" = $2,
  "examinee_name_tokens" = $3
where
  "booking"."id" = $4;

-- rotationRepository.valuesSealedWithOtherKey (booking_history)
select
  "id",
  "note_encrypted"
from
  "booking_history"
where
  (
    "booking_history"."note_encrypted" is not null
    and split_part("booking_history"."note_encrypted", '.', 2) <> $1
  )
limit $2;

-- rotationRepository.valuesSealedWithOtherKey (booking_draft)
select
  "id",
  "data_encrypted"
from
  "booking_draft"
where
  (
    "booking_draft"."data_encrypted" is not null
    and split_part("booking_draft"."data_encrypted", '.', 2) <> $1
  )
limit $2;

-- rotationRepository.valuesSealedWithOtherKey (appointment)
select
  "id",
  "client_encrypted"
from
  "appointment"
where
  (
    "appointment"."client_encrypted" is not null
    and split_part("appointment"."client_encrypted", '.', 2) <> $1
  )
limit $2;

-- rotationRepository.valuesSealedWithOtherKey (outbox)
select
  "id",
  "payload"
from
  "outbox"
where
  ("outbox"."payload" is not null and split_part("outbox"."payload", '.', 2) <> $1)
limit $2;

-- rotationRepository.valuesSealedWithOtherKey (case_history)
select
  "id",
  "note_encrypted"
from
  "case_history"
where
  (
    "case_history"."note_encrypted" is not null
    and split_part("case_history"."note_encrypted", '.', 2) <> $1
  )
limit $2;

-- rotationRepository.valuesSealedWithOtherKey (booking_enclosure)
select
  "id",
  "reason_encrypted"
from
  "booking_enclosure"
where
  (
    "booking_enclosure"."reason_encrypted" is not null
    and split_part("booking_enclosure"."reason_encrypted", '.', 2) <> $1
  )
limit $2;

-- rotationRepository.valuesSealedWithOtherKey (booking_logistics)
select
  "booking_id",
  "data_encrypted"
from
  "booking_logistics"
where
  (
    "booking_logistics"."data_encrypted" is not null
    and split_part("booking_logistics"."data_encrypted", '.', 2) <> $1
  )
limit $2;

-- rotationRepository.valuesSealedWithOtherKey (document_name)
select
  "id",
  "name_encrypted"
from
  "document"
where
  (
    "document"."name_encrypted" is not null
    and split_part("document"."name_encrypted", '.', 2) <> $1
  )
limit $2;

-- rotationRepository.valuesSealedWithOtherKey (document_key)
select
  "id",
  "key_encrypted"
from
  "document"
where
  (
    "document"."key_encrypted" is not null
    and split_part("document"."key_encrypted", '.', 2) <> $1
  )
limit $2;

-- rotationRepository.valuesSealedWithOtherKey (two_factor_backup_codes)
select
  "id",
  "backup_codes"
from
  "two_factor"
where
  (
    "two_factor"."backup_codes" is not null
    and split_part("two_factor"."backup_codes", '.', 2) <> $1
  )
limit $2;

-- rotationRepository.resealValue (booking_history)
update "booking_history"
set
  "note_encrypted" = $1
where
  "booking_history"."id" = $2;

-- rotationRepository.resealValue (booking_draft)
update "booking_draft"
set
  "data_encrypted" = $1
where
  "booking_draft"."id" = $2;

-- rotationRepository.resealValue (appointment)
update "appointment"
set
  "client_encrypted" = $1
where
  "appointment"."id" = $2;

-- rotationRepository.resealValue (outbox)
update "outbox"
set
  "payload" = $1
where
  "outbox"."id" = $2;

-- rotationRepository.resealValue (case_history)
update "case_history"
set
  "note_encrypted" = $1
where
  "case_history"."id" = $2;

-- rotationRepository.resealValue (booking_enclosure)
update "booking_enclosure"
set
  "reason_encrypted" = $1
where
  "booking_enclosure"."id" = $2;

-- rotationRepository.resealValue (booking_logistics)
update "booking_logistics"
set
  "data_encrypted" = $1
where
  "booking_logistics"."booking_id" = $2;

-- rotationRepository.resealValue (document_name)
update "document"
set
  "name_encrypted" = $1
where
  "document"."id" = $2;

-- rotationRepository.resealValue (document_key)
update "document"
set
  "key_encrypted" = $1
where
  "document"."id" = $2;

-- rotationRepository.resealValue (two_factor_backup_codes)
update "two_factor"
set
  "backup_codes" = $1
where
  "two_factor"."id" = $2;

-- rotationRepository.casesSealedWithOtherKey
select
  "id",
  "claimant_encrypted",
  "details_encrypted"
from
  "claim_case"
where
  split_part("claim_case"."claimant_encrypted", '.', 2) <> $1
  OR split_part("claim_case"."details_encrypted", '.', 2) <> $2
limit $3;

-- rotationRepository.resealCase
update "claim_case"
set
  "claimant_encrypted" = $1,
  "claimant_name_tokens" = $2,
  "claim_number_hash" = $3,
  "details_encrypted" = $4
where
  "claim_case"."id" = $5;
