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

-- casesRepository.listCasesForScope (admin, first page)
select
  "claim_case"."id",
  "claim_case"."reference",
  "claim_case"."status",
  "claim_case"."scheme",
  "claim_case"."organization_id",
  "claim_case"."owner_user_id",
  "user"."name",
  "claim_case"."claimant_encrypted",
  "claim_case"."details_encrypted",
  "claim_case"."updated_at",
  "claim_case"."created_at",
  (
    SELECT
      count(*)::int
    FROM
      "booking"
    WHERE
      "booking"."case_id" = "claim_case"."id"
  ),
  to_char("claim_case"."updated_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
from
  "claim_case"
  left join "user" on "user"."id" = "claim_case"."owner_user_id"
order by
  "claim_case"."updated_at" desc,
  "claim_case"."id" desc
limit $1;

-- casesRepository.listCasesForScope (team lead, every filter, after a cursor)
select
  "claim_case"."id",
  "claim_case"."reference",
  "claim_case"."status",
  "claim_case"."scheme",
  "claim_case"."organization_id",
  "claim_case"."owner_user_id",
  "user"."name",
  "claim_case"."claimant_encrypted",
  "claim_case"."details_encrypted",
  "claim_case"."updated_at",
  "claim_case"."created_at",
  (
    SELECT
      count(*)::int
    FROM
      "booking"
    WHERE
      "booking"."case_id" = "claim_case"."id"
  ),
  to_char("claim_case"."updated_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
from
  "claim_case"
  left join "user" on "user"."id" = "claim_case"."owner_user_id"
where
  (
    (
      (
        "claim_case"."organization_id" = $1
        and ("claim_case"."team_id" = $2 OR "claim_case"."owner_user_id" = $3)
      )
      and "claim_case"."status" in ($4, $5)
      and "claim_case"."owner_user_id" = $6
      and EXISTS (
        SELECT
          1
        FROM
          "booking"
          JOIN "booking_enclosure" ON "booking_enclosure"."booking_id" = "booking"."id"
        WHERE
          "booking"."case_id" = "claim_case"."id"
          AND "booking"."stage" <> 'cancelled'
          AND "booking_enclosure"."state" = 'pending'
          AND "booking_enclosure"."due_on" < $7::date
          AND NOT EXISTS (
            SELECT
              1
            FROM
              "document"
            WHERE
              "document"."booking_id" = "booking"."id"
              AND "document"."category" = "booking_enclosure"."category"
              AND "document"."deleted_at" IS NULL
          )
      )
      and "claim_case"."claimant_name_tokens" @> ARRAY[$8, $9]::text[]
    )
    and ("claim_case"."updated_at", "claim_case"."id") < ($10::timestamptz, $11::uuid)
  )
order by
  "claim_case"."updated_at" desc,
  "claim_case"."id" desc
limit $12;

-- casesRepository.countCasesForScope (admin)
select
  count(*)::int
from
  "claim_case"
where
  (
    "claim_case"."status" in ($1)
    and EXISTS (
      SELECT
        1
      FROM
        "booking"
        JOIN "booking_enclosure" ON "booking_enclosure"."booking_id" = "booking"."id"
      WHERE
        "booking"."case_id" = "claim_case"."id"
        AND "booking"."stage" <> 'cancelled'
        AND "booking_enclosure"."state" = 'pending'
        AND "booking_enclosure"."due_on" < $2::date
        AND NOT EXISTS (
          SELECT
            1
          FROM
            "document"
          WHERE
            "document"."booking_id" = "booking"."id"
            AND "document"."category" = "booking_enclosure"."category"
            AND "document"."deleted_at" IS NULL
        )
    )
  );

-- casesRepository.countCasesForScope (team lead)
select
  count(*)::int
from
  "claim_case"
where
  (
    (
      "claim_case"."organization_id" = $1
      and ("claim_case"."team_id" = $2 OR "claim_case"."owner_user_id" = $3)
    )
    and "claim_case"."status" in ($4)
    and EXISTS (
      SELECT
        1
      FROM
        "booking"
        JOIN "booking_enclosure" ON "booking_enclosure"."booking_id" = "booking"."id"
      WHERE
        "booking"."case_id" = "claim_case"."id"
        AND "booking"."stage" <> 'cancelled'
        AND "booking_enclosure"."state" = 'pending'
        AND "booking_enclosure"."due_on" < $5::date
        AND NOT EXISTS (
          SELECT
            1
          FROM
            "document"
          WHERE
            "document"."booking_id" = "booking"."id"
            AND "document"."category" = "booking_enclosure"."category"
            AND "document"."deleted_at" IS NULL
        )
    )
  );

-- casesRepository.examinationsOfCase
select
  "booking"."id",
  "booking"."reference",
  "booking"."starts_at",
  "booking"."clinic_time_zone",
  "booking"."stage",
  "booking"."status",
  "booking"."report_state",
  "specialist"."display_name",
  "appointment_type"."name"
from
  "booking"
  inner join "specialist" on "specialist"."id" = "booking"."specialist_id"
  inner join "appointment_type" on "appointment_type"."id" = "booking"."appointment_type_id"
where
  "booking"."case_id" = $1
order by
  "booking"."starts_at" asc,
  "booking"."id" asc;

-- casesRepository.caseHistoryOf
select
  "id",
  "case_id",
  "at",
  "action",
  "actor_user_id",
  "on_behalf_of_user_id",
  "booking_id",
  "detail",
  "note_encrypted"
from
  "case_history"
where
  "case_history"."case_id" = $1
order by
  "case_history"."at" desc,
  "case_history"."id" desc;

-- casesRepository.bookingHistoryOfBookings
select
  "id",
  "booking_id",
  "at",
  "action",
  "actor_user_id",
  "on_behalf_of_user_id",
  "from_stage",
  "to_stage",
  "from_status",
  "to_status",
  "from_starts_at",
  "to_starts_at",
  "note_encrypted"
from
  "booking_history"
where
  "booking_history"."booking_id" in ($1)
order by
  "booking_history"."at" desc,
  "booking_history"."id" desc;

-- casesRepository.casesOfBookings
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
  "claim_case"."id" in (
    select
      "case_id"
    from
      "booking"
    where
      "booking"."id" in ($1)
  )
order by
  "claim_case"."created_at" asc,
  "claim_case"."id" asc;

-- casesRepository.caseReferrerOptions
select
  "member"."user_id",
  "user"."name",
  "member"."team_id"
from
  "member"
  inner join "user" on "user"."id" = "member"."user_id"
where
  (
    "member"."organization_id" = $1
    and "user"."role" = $2
    and coalesce("user"."banned", false) = false
  )
order by
  "user"."name" asc,
  "member"."user_id" asc;

-- casesRepository.casesWithClaimantTokens
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
  "claim_case"."claimant_name_tokens" @> $1::text[]
order by
  "claim_case"."created_at" asc,
  "claim_case"."id" asc;

-- casesRepository.caseAuditRecords
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
  ("audit_log"."resource_type" = $1 and "audit_log"."resource_id" in ($2))
order by
  "audit_log"."seq" asc;
