-- The SQL of audit.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- auditRepository.insertAuditRow
insert into "audit_log" (
  "seq",
  "id",
  "occurred_at",
  "actor",
  "on_behalf_of",
  "action",
  "resource_type",
  "resource_id",
  "outcome",
  "ip",
  "user_agent",
  "request_id",
  "details",
  "prev_hash",
  "hash"
)
values
  (
    default,
    default,
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
    default,
    default
  );

-- auditRepository.auditChainChecks
SELECT
  seq::text AS seq,
  (hash = audit_log_hash(a)) AS hash_ok,
  (prev_hash = coalesce(lag(hash) OVER (ORDER BY seq), repeat('0', 64))) AS link_ok,
  (seq = coalesce(lag(seq) OVER (ORDER BY seq), 0) + 1) AS seq_ok
FROM
  audit_log a
ORDER BY
  seq;

-- auditRepository.auditWhere
select
  "id"
from
  "user"
where
  "user"."email" = $1
limit $2;
-- returns the condition:
(
  "audit_log"."actor" = $1
  and "audit_log"."on_behalf_of" = $2
  and "audit_log"."action" = $3
  and "audit_log"."resource_type" = $4
  and "audit_log"."resource_id" = $5
  and "audit_log"."outcome" = $6
  and "audit_log"."occurred_at" >= $7
  and "audit_log"."occurred_at" < $8
)

-- auditRepository.auditPage
select
  "seq",
  "id",
  "occurred_at",
  "actor",
  "on_behalf_of",
  "action",
  "resource_type",
  "resource_id",
  "outcome",
  "ip",
  "user_agent",
  "request_id",
  "details",
  "prev_hash",
  "hash"
from
  "audit_log"
where
  (
    ("audit_log"."action" = $1 and "audit_log"."outcome" = $2)
    and "audit_log"."seq" < $3
  )
order by
  "audit_log"."seq" desc
limit $4;

-- auditRepository.peopleByUserId
select
  "id",
  "name",
  "email"
from
  "user"
where
  "user"."id" in ($1, $2);

-- auditRepository.auditRecordsAbout
select
  "seq",
  "id",
  "occurred_at",
  "actor",
  "on_behalf_of",
  "action",
  "resource_type",
  "resource_id",
  "outcome",
  "ip",
  "user_agent",
  "request_id",
  "details",
  "prev_hash",
  "hash"
from
  "audit_log"
where
  (
    ("audit_log"."resource_type" = $1 and "audit_log"."resource_id" in ($2))
    or ("audit_log"."resource_type" = $3 and "audit_log"."resource_id" in ($4))
  )
order by
  "audit_log"."seq" asc;

-- auditRepository.bookingReferencesByIds
select
  "id",
  "reference"
from
  "booking"
where
  "booking"."id" in ($1);

-- auditRepository.caseReferencesByIds
select
  "id",
  "reference"
from
  "claim_case"
where
  "claim_case"."id" in ($1);

-- auditRepository.documentBookingsByIds
select
  "document"."id",
  "document"."category",
  "document"."booking_id",
  "booking"."reference"
from
  "document"
  inner join "booking" on "booking"."id" = "document"."booking_id"
where
  "document"."id" in ($1);
