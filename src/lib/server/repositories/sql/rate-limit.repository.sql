-- The SQL of rate-limit.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- rateLimitRepository.databaseRateLimiter
insert into "rate_limit" ("key", "points", "expire")
values
  ($1, $2, $3)
on conflict ("key") do update
set
  "points" = CASE WHEN "rate_limit"."expire" <= $4 THEN $5 ELSE "rate_limit"."points" + $6 END,
  "expire" = CASE WHEN "rate_limit"."expire" <= $7 THEN $8 ELSE "rate_limit"."expire" END
returning
  "key",
  "points",
  "expire";

-- rateLimitRepository.deleteLimitsExpiredBefore
delete from "rate_limit"
where
  "rate_limit"."expire" < $1;
