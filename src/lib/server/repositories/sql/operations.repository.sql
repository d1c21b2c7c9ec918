-- The SQL of operations.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- operationsRepository.activeBookingsByStage
SELECT
  stage,
  sum(n)::int AS n
FROM
  (
    SELECT
      stage,
      n
    FROM
      booking_stage_tally
    WHERE
      status = 'active'
    UNION ALL
    SELECT
      stage,
      n
    FROM
      booking_stage_change
    WHERE
      status = 'active'
  ) counts
GROUP BY
  stage
HAVING
  sum(n) <> 0;

-- operationsRepository.foldStageChanges
WITH moved AS (DELETE FROM booking_stage_change RETURNING status, stage, n), sums AS (
  SELECT
    status,
    stage,
    sum(n) AS n,
    count(*) AS changes
  FROM
    moved
  GROUP BY
    status,
    stage
), written AS (
  INSERT INTO booking_stage_tally (status, stage, n) SELECT status,
  stage,
  n FROM sums ORDER BY status,
  stage ON CONFLICT (status, stage) DO UPDATE SET n = booking_stage_tally.n + excluded.n
)
SELECT
  coalesce(sum(changes), 0)::int AS folded
FROM
  sums;

-- operationsRepository.foldTurnaroundChanges
WITH moved AS (DELETE FROM booking_turnaround_change RETURNING released_on, days, n), sums AS (
  SELECT
    released_on,
    days,
    sum(n) AS n,
    count(*) AS changes
  FROM
    moved
  GROUP BY
    released_on,
    days
), written AS (
  INSERT INTO booking_turnaround_tally (released_on, days, n) SELECT released_on,
  days,
  n FROM sums ORDER BY released_on,
  days ON CONFLICT (released_on, days) DO UPDATE SET n = booking_turnaround_tally.n + excluded.n
)
SELECT
  coalesce(sum(changes), 0)::int AS folded
FROM
  sums;

-- operationsRepository.miscountedKeys (stages by status and stage)
SELECT
  count(*)::int AS wrong
FROM
  (
    SELECT
      status,
      stage,
      count(*) AS n
    FROM
      booking
    GROUP BY
      status,
      stage
  ) truth
  FULL JOIN (
    SELECT
      status,
      stage,
      sum(n) AS n
    FROM
      (
        SELECT
          status,
          stage,
          n
        FROM
          booking_stage_tally
        UNION ALL
        SELECT
          status,
          stage,
          n
        FROM
          booking_stage_change
      ) k
    GROUP BY
      status,
      stage
  ) kept USING (status, stage)
WHERE
  coalesce(truth.n, 0) <> coalesce(kept.n, 0);

-- operationsRepository.miscountedKeys (report turnaround by Sydney day and days)
SELECT
  count(*)::int AS wrong
FROM
  (
    SELECT
      (report_released_at AT TIME ZONE 'Australia/Sydney')::date AS released_on,
      greatest(floor(extract(epoch FROM (report_released_at - starts_at)) / 86400), 0)::int AS days,
      count(*) AS n
    FROM
      booking
    WHERE
      report_released_at IS NOT NULL
    GROUP BY
      1,
      2
  ) truth
  FULL JOIN (
    SELECT
      released_on,
      days,
      sum(n) AS n
    FROM
      (
        SELECT
          released_on,
          days,
          n
        FROM
          booking_turnaround_tally
        UNION ALL
        SELECT
          released_on,
          days,
          n
        FROM
          booking_turnaround_change
      ) k
    GROUP BY
      released_on,
      days
  ) kept USING (released_on, days)
WHERE
  coalesce(truth.n, 0) <> coalesce(kept.n, 0);

-- operationsRepository.recountKept (stages by status and stage)
SET
  LOCAL lock_timeout = '2s';
LOCK TABLE booking IN SHARE ROW EXCLUSIVE MODE;
SELECT
  count(*)::int AS wrong
FROM
  (
    SELECT
      status,
      stage,
      count(*) AS n
    FROM
      booking
    GROUP BY
      status,
      stage
  ) truth
  FULL JOIN (
    SELECT
      status,
      stage,
      sum(n) AS n
    FROM
      (
        SELECT
          status,
          stage,
          n
        FROM
          booking_stage_tally
        UNION ALL
        SELECT
          status,
          stage,
          n
        FROM
          booking_stage_change
      ) k
    GROUP BY
      status,
      stage
  ) kept USING (status, stage)
WHERE
  coalesce(truth.n, 0) <> coalesce(kept.n, 0);

-- operationsRepository.recountKept (report turnaround by Sydney day and days)
SET
  LOCAL lock_timeout = '2s';
LOCK TABLE booking IN SHARE ROW EXCLUSIVE MODE;
SELECT
  count(*)::int AS wrong
FROM
  (
    SELECT
      (report_released_at AT TIME ZONE 'Australia/Sydney')::date AS released_on,
      greatest(floor(extract(epoch FROM (report_released_at - starts_at)) / 86400), 0)::int AS days,
      count(*) AS n
    FROM
      booking
    WHERE
      report_released_at IS NOT NULL
    GROUP BY
      1,
      2
  ) truth
  FULL JOIN (
    SELECT
      released_on,
      days,
      sum(n) AS n
    FROM
      (
        SELECT
          released_on,
          days,
          n
        FROM
          booking_turnaround_tally
        UNION ALL
        SELECT
          released_on,
          days,
          n
        FROM
          booking_turnaround_change
      ) k
    GROUP BY
      released_on,
      days
  ) kept USING (released_on, days)
WHERE
  coalesce(truth.n, 0) <> coalesce(kept.n, 0);

-- operationsRepository.countExaminationsBetween
select
  count(*)::int
from
  "booking"
where
  (
    "booking"."starts_at" >= $1
    and "booking"."starts_at" < $2
    and "booking"."stage" not in ($3)
  );

-- operationsRepository.examinationsBetween
select
  "booking"."id",
  "booking"."reference",
  "booking"."starts_at",
  "booking"."clinic_time_zone",
  "booking"."stage",
  "specialist"."display_name",
  "appointment_type"."mode",
  "booking"."examinee_encrypted",
  "booking_logistics"."interpreter_needed"
from
  "booking"
  inner join "specialist" on "specialist"."id" = "booking"."specialist_id"
  inner join "appointment_type" on "appointment_type"."id" = "booking"."appointment_type_id"
  left join "booking_logistics" on "booking_logistics"."booking_id" = "booking"."id"
where
  (
    "booking"."starts_at" >= $1
    and "booking"."starts_at" < $2
    and "booking"."stage" not in ($3)
  )
order by
  "booking"."starts_at" asc,
  "booking"."id" asc
limit $4;

-- operationsRepository.feesToInvoice
select
  "id",
  "reference",
  "starts_at",
  "clinic_time_zone",
  "cancellation_fee_cents"
from
  "booking"
where
  "booking"."late_cancellation"
  AND "booking"."cancellation_fee_cents" > 0
  AND "booking"."cancellation_invoiced_at" IS NULL
order by
  "booking"."starts_at" asc,
  "booking"."id" asc
limit $1;

-- operationsRepository.countFeesToInvoice
select
  count(*)::int
from
  "booking"
where
  "booking"."late_cancellation"
  AND "booking"."cancellation_fee_cents" > 0
  AND "booking"."cancellation_invoiced_at" IS NULL;

-- operationsRepository.markFeeInvoiced
update "booking"
set
  "cancellation_invoiced_at" = $1,
  "cancellation_invoiced_by" = $2,
  "updated_at" = $3
where
  (
    "booking"."id" = $4
    and "booking"."late_cancellation"
    AND "booking"."cancellation_fee_cents" > 0
    AND "booking"."cancellation_invoiced_at" IS NULL
  )
returning
  "id";
