-- The SQL of insights.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- insightsRepository.examinationsByWeek (by organisation)
WITH counts AS (
  SELECT
    to_char(date_trunc('week', b.starts_at AT TIME ZONE 'Australia/Sydney'), 'YYYY-MM-DD') AS week,
    b.organization_id AS key,
    count(*)::int AS n
  FROM
    booking b
  WHERE
    b.starts_at >= $1::timestamptz
    AND b.starts_at < $2::timestamptz
    AND b.stage <> 'cancelled'
  GROUP BY
    1,
    2
), ranked AS (
  SELECT
    key,
    row_number() OVER (ORDER BY sum(n) DESC, key) AS rank
  FROM
    counts
  GROUP BY
    key
), grouped AS (
  SELECT
    c.week,
    CASE WHEN r.rank <= $3::int THEN c.key END AS key,
    CASE WHEN r.rank <= $4::int THEN r.rank END AS rank,
    sum(c.n)::int AS n
  FROM
    counts c
    JOIN ranked r ON r.key = c.key
  GROUP BY
    1,
    2,
    3
)
SELECT
  g.week,
  g.key::text AS key,
  (
    SELECT
      o.name
    FROM
      organization o
    WHERE
      o.id = g.key
  ) AS name,
  g.rank::int AS rank,
  g.n
FROM
  grouped g
ORDER BY
  g.week,
  g.rank NULLS LAST;

-- insightsRepository.examinationsByWeek (by exam type)
WITH counts AS (
  SELECT
    to_char(date_trunc('week', b.starts_at AT TIME ZONE 'Australia/Sydney'), 'YYYY-MM-DD') AS week,
    b.appointment_type_id AS key,
    count(*)::int AS n
  FROM
    booking b
  WHERE
    b.starts_at >= $1::timestamptz
    AND b.starts_at < $2::timestamptz
    AND b.stage <> 'cancelled'
  GROUP BY
    1,
    2
), ranked AS (
  SELECT
    key,
    row_number() OVER (ORDER BY sum(n) DESC, key) AS rank
  FROM
    counts
  GROUP BY
    key
), grouped AS (
  SELECT
    c.week,
    CASE WHEN r.rank <= $3::int THEN c.key END AS key,
    CASE WHEN r.rank <= $4::int THEN r.rank END AS rank,
    sum(c.n)::int AS n
  FROM
    counts c
    JOIN ranked r ON r.key = c.key
  GROUP BY
    1,
    2,
    3
)
SELECT
  g.week,
  g.key::text AS key,
  (
    SELECT
      coalesce(t.label, t.name)
    FROM
      appointment_type t
    WHERE
      t.id = g.key
  ) AS name,
  g.rank::int AS rank,
  g.n
FROM
  grouped g
ORDER BY
  g.week,
  g.rank NULLS LAST;

-- insightsRepository.reportTurnaroundByDays
SELECT
  least(h.days, $1::int) AS days,
  sum(h.n)::int AS n
FROM
  (
    SELECT
      days,
      sum(n) AS n
    FROM
      (
        SELECT
          days,
          n
        FROM
          booking_turnaround_tally
        WHERE
          released_on >= $2::date
          AND released_on < $3::date
        UNION ALL
        SELECT
          days,
          n
        FROM
          booking_turnaround_change
        WHERE
          released_on >= $4::date
          AND released_on < $5::date
      ) kept
    GROUP BY
      days
    HAVING
      sum(n) <> 0
  ) h
GROUP BY
  1
ORDER BY
  1;

-- insightsRepository.reportTurnaroundSummary
WITH h AS (
  SELECT
    days,
    sum(n) AS n
  FROM
    (
      SELECT
        days,
        n
      FROM
        booking_turnaround_tally
      WHERE
        released_on >= $1::date
        AND released_on < $2::date
      UNION ALL
      SELECT
        days,
        n
      FROM
        booking_turnaround_change
      WHERE
        released_on >= $3::date
        AND released_on < $4::date
    ) kept
  GROUP BY
    days
  HAVING
    sum(n) <> 0
), running AS (
  SELECT
    days,
    n,
    sum(n) OVER (ORDER BY days) AS upto,
    sum(n) OVER () AS total
  FROM
    h
)
SELECT
  coalesce(max(total), 0)::int AS released,
  (((min(days) FILTER (WHERE upto > floor((total - 1) / 2.0))) + (min(days) FILTER (WHERE upto > ceil((total - 1) / 2.0)))) / 2.0)::float8 AS median_days,
  coalesce(sum(n) FILTER (WHERE days <= $5::int), 0)::int AS within_due
FROM
  running;

-- insightsRepository.missedByMonth
SELECT
  to_char(date_trunc('month', b.starts_at AT TIME ZONE 'Australia/Sydney'), 'YYYY-MM') AS month,
  count(*) FILTER (WHERE b.late_cancellation)::int AS late_cancellations,
  count(*) FILTER (WHERE b.stage = 'no_show')::int AS no_shows
FROM
  booking b
WHERE
  b.starts_at >= $1::timestamptz
  AND b.starts_at < $2::timestamptz
  AND (b.late_cancellation OR b.stage = 'no_show')
GROUP BY
  1
ORDER BY
  1;

-- insightsRepository.specialistHours
WITH days AS (
  SELECT
    d::date AS day
  FROM
    generate_series($1::date, $2::date, interval '1 day') AS d
), offered AS (
  SELECT
    s.id AS specialist_id,
    sum( CASE WHEN o.id IS NOT NULL THEN (
      SELECT
        coalesce(sum((r ->> 'endMinute')::int - (r ->> 'startMinute')::int), 0)
      FROM
        jsonb_array_elements(o.ranges) r
    ) WHEN coalesce(s.state, '') || ':' || to_char(days.day, 'YYYY-MM-DD') = ANY (string_to_array($3, ',')) THEN 0 ELSE (
      SELECT
        coalesce(sum(w.end_minute - w.start_minute), 0)
      FROM
        weekly_hours w
      WHERE
        w.specialist_id = s.id
        AND w.weekday = extract(isodow FROM days.day)
    ) END)::int AS minutes
  FROM
    specialist s
    CROSS JOIN days
    LEFT JOIN date_override o ON o.specialist_id = s.id AND o.date = days.day
  WHERE
    s.active
  GROUP BY
    s.id
), booked AS (
  SELECT
    b.specialist_id,
    sum(extract(epoch FROM (b.ends_at - b.starts_at)) / 60)::int AS minutes,
    count(*)::int AS examinations
  FROM
    booking b
    JOIN specialist s ON s.id = b.specialist_id
  WHERE
    b.starts_at >= ($4::date - 1)::timestamp AT TIME ZONE 'UTC'
    AND b.starts_at < ($5::date + 2)::timestamp AT TIME ZONE 'UTC'
    AND b.stage <> 'cancelled'
    AND (b.starts_at AT TIME ZONE s.time_zone)::date BETWEEN $6::date
    AND $7::date
  GROUP BY
    b.specialist_id
)
SELECT
  s.id AS specialist_id,
  s.display_name AS name,
  coalesce(o.minutes, 0) AS offered_minutes,
  coalesce(bk.minutes, 0) AS booked_minutes,
  coalesce(bk.examinations, 0) AS examinations
FROM
  specialist s
  LEFT JOIN offered o ON o.specialist_id = s.id
  LEFT JOIN booked bk ON bk.specialist_id = s.id
WHERE
  s.active
ORDER BY
  s.display_order,
  s.display_name,
  s.id;
