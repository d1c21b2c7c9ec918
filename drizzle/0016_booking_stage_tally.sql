-- The admin dashboard's open bookings by stage, kept as bookings change instead of counted on
-- every load (a count reads every active booking: 130-170 ms at a million bookings, and more as
-- churn leaves heap pages the index-only scan must visit).
--
-- booking_stage_tally holds the counts per (status, stage) as of its last fold; every statement
-- that inserts, updates or deletes bookings appends its net change per (status, stage) to
-- booking_stage_change. Writers only ever insert there: no booking write waits on another for a
-- counter row, and none can deadlock on one. The counts are the tally plus the changes; a job
-- folds the changes into the tally (operations.repository.ts, foldStageChanges).
CREATE TABLE "booking_stage_tally" (
	"status" text NOT NULL,
	"stage" text NOT NULL,
	"n" bigint NOT NULL,
	PRIMARY KEY ("status", "stage")
);
--> statement-breakpoint
CREATE TABLE "booking_stage_change" (
	"id" bigserial PRIMARY KEY,
	"status" text NOT NULL,
	"stage" text NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION booking_stage_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO booking_stage_change (status, stage, n)
	SELECT status, stage, count(*) FROM booking_inserted GROUP BY status, stage;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION booking_stage_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO booking_stage_change (status, stage, n)
	SELECT status, stage, sum(n) FROM (
		SELECT status, stage, 1 AS n FROM booking_after
		UNION ALL
		SELECT status, stage, -1 AS n FROM booking_before
	) c
	GROUP BY status, stage
	HAVING sum(n) <> 0;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION booking_stage_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO booking_stage_change (status, stage, n)
	SELECT status, stage, -count(*) FROM booking_deleted GROUP BY status, stage;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION booking_stage_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM booking_stage_change;
	DELETE FROM booking_stage_tally;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER booking_stage_inserted AFTER INSERT ON booking
	REFERENCING NEW TABLE AS booking_inserted FOR EACH STATEMENT EXECUTE FUNCTION booking_stage_inserted();
--> statement-breakpoint
CREATE TRIGGER booking_stage_updated AFTER UPDATE ON booking
	REFERENCING OLD TABLE AS booking_before NEW TABLE AS booking_after FOR EACH STATEMENT EXECUTE FUNCTION booking_stage_updated();
--> statement-breakpoint
CREATE TRIGGER booking_stage_deleted AFTER DELETE ON booking
	REFERENCING OLD TABLE AS booking_deleted FOR EACH STATEMENT EXECUTE FUNCTION booking_stage_deleted();
--> statement-breakpoint
CREATE TRIGGER booking_stage_truncated AFTER TRUNCATE ON booking FOR EACH STATEMENT EXECUTE FUNCTION booking_stage_truncated();
--> statement-breakpoint
-- The bookings already there (the triggers above hold booking's writers off until this commits).
INSERT INTO booking_stage_tally (status, stage, n) SELECT status, stage, count(*) FROM booking GROUP BY status, stage;
