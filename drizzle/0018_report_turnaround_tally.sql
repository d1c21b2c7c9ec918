-- The insights' report turnaround, kept as bookings change instead of read from every report of the
-- year on each load (134,000 reports a year at a million bookings: 50-75 ms for the histogram and
-- the median, against a goal of 50).
--
-- booking_turnaround_tally counts released reports by the Sydney day of their release (the insights'
-- calendar, INSIGHTS_TIME_ZONE in insights.repository.ts: a change of zone needs the tally filled
-- again) and by whole days from the examination's start to the release (floored, never negative).
-- As with the stage counts (0016), triggers append each statement's net change to
-- booking_turnaround_change, the figures are the tally plus the changes, and the job that folds the
-- stage changes folds these too (operations.repository.ts, foldTurnaroundChanges).
CREATE TABLE "booking_turnaround_tally" (
	"released_on" date NOT NULL,
	"days" integer NOT NULL,
	"n" bigint NOT NULL,
	PRIMARY KEY ("released_on", "days")
);
--> statement-breakpoint
CREATE TABLE "booking_turnaround_change" (
	"id" bigserial PRIMARY KEY,
	"released_on" date NOT NULL,
	"days" integer NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "booking_turnaround_change_released_idx" ON "booking_turnaround_change" ("released_on");
--> statement-breakpoint
CREATE FUNCTION booking_turnaround_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO booking_turnaround_change (released_on, days, n)
	SELECT (report_released_at AT TIME ZONE 'Australia/Sydney')::date,
		greatest(floor(extract(epoch FROM (report_released_at - starts_at)) / 86400), 0)::int, count(*)
	FROM booking_inserted WHERE report_released_at IS NOT NULL
	GROUP BY 1, 2;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION booking_turnaround_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO booking_turnaround_change (released_on, days, n)
	SELECT released_on, days, sum(n) FROM (
		SELECT (report_released_at AT TIME ZONE 'Australia/Sydney')::date AS released_on,
			greatest(floor(extract(epoch FROM (report_released_at - starts_at)) / 86400), 0)::int AS days, 1 AS n
		FROM booking_after WHERE report_released_at IS NOT NULL
		UNION ALL
		SELECT (report_released_at AT TIME ZONE 'Australia/Sydney')::date,
			greatest(floor(extract(epoch FROM (report_released_at - starts_at)) / 86400), 0)::int, -1
		FROM booking_before WHERE report_released_at IS NOT NULL
	) c
	GROUP BY released_on, days
	HAVING sum(n) <> 0;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION booking_turnaround_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO booking_turnaround_change (released_on, days, n)
	SELECT (report_released_at AT TIME ZONE 'Australia/Sydney')::date,
		greatest(floor(extract(epoch FROM (report_released_at - starts_at)) / 86400), 0)::int, -count(*)
	FROM booking_deleted WHERE report_released_at IS NOT NULL
	GROUP BY 1, 2;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION booking_turnaround_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM booking_turnaround_change;
	DELETE FROM booking_turnaround_tally;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER booking_turnaround_inserted AFTER INSERT ON booking
	REFERENCING NEW TABLE AS booking_inserted FOR EACH STATEMENT EXECUTE FUNCTION booking_turnaround_inserted();
--> statement-breakpoint
CREATE TRIGGER booking_turnaround_updated AFTER UPDATE ON booking
	REFERENCING OLD TABLE AS booking_before NEW TABLE AS booking_after FOR EACH STATEMENT EXECUTE FUNCTION booking_turnaround_updated();
--> statement-breakpoint
CREATE TRIGGER booking_turnaround_deleted AFTER DELETE ON booking
	REFERENCING OLD TABLE AS booking_deleted FOR EACH STATEMENT EXECUTE FUNCTION booking_turnaround_deleted();
--> statement-breakpoint
CREATE TRIGGER booking_turnaround_truncated AFTER TRUNCATE ON booking FOR EACH STATEMENT EXECUTE FUNCTION booking_turnaround_truncated();
--> statement-breakpoint
-- The reports already released (the triggers above hold booking's writers off until this commits).
INSERT INTO booking_turnaround_tally (released_on, days, n)
SELECT (report_released_at AT TIME ZONE 'Australia/Sydney')::date,
	greatest(floor(extract(epoch FROM (report_released_at - starts_at)) / 86400), 0)::int, count(*)
FROM booking WHERE report_released_at IS NOT NULL
GROUP BY 1, 2;
