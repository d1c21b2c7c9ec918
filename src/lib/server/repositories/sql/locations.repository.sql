-- The SQL of locations.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- locationsRepository.locationsOf
select
  "id",
  "specialist_id",
  "name",
  "line1",
  "line2",
  "suburb",
  "state",
  "postcode",
  "directions",
  "is_primary",
  "active",
  "created_at"
from
  "specialist_location"
where
  "specialist_location"."specialist_id" = $1
order by
  "specialist_location"."is_primary" desc,
  "specialist_location"."active" desc,
  "specialist_location"."name" asc,
  "specialist_location"."created_at" asc;

-- locationsRepository.activeLocationsOf
select
  "id",
  "specialist_id",
  "name",
  "line1",
  "line2",
  "suburb",
  "state",
  "postcode",
  "directions",
  "is_primary",
  "active",
  "created_at"
from
  "specialist_location"
where
  (
    "specialist_location"."specialist_id" = $1
    and "specialist_location"."active" = $2
  )
order by
  "specialist_location"."is_primary" desc,
  "specialist_location"."name" asc,
  "specialist_location"."created_at" asc;

-- locationsRepository.activeLocationSuburbs
select
  distinct "specialist_id",
  "suburb",
  "state"
from
  "specialist_location"
where
  (
    "specialist_location"."specialist_id" in ($1)
    and "specialist_location"."active" = $2
  )
order by
  "specialist_location"."specialist_id" asc,
  "specialist_location"."suburb" asc;

-- locationsRepository.findLocation
select
  "id",
  "specialist_id",
  "name",
  "line1",
  "line2",
  "suburb",
  "state",
  "postcode",
  "directions",
  "is_primary",
  "active",
  "created_at"
from
  "specialist_location"
where
  ("specialist_location"."id" = $1 and "specialist_location"."specialist_id" = $2)
limit $3;

-- locationsRepository.findLocationById
select
  "id",
  "specialist_id",
  "name",
  "line1",
  "line2",
  "suburb",
  "state",
  "postcode",
  "directions",
  "is_primary",
  "active",
  "created_at"
from
  "specialist_location"
where
  "specialist_location"."id" = $1
limit $2;

-- locationsRepository.insertLocation
insert into "specialist_location" (
  "id",
  "specialist_id",
  "name",
  "line1",
  "line2",
  "suburb",
  "state",
  "postcode",
  "directions",
  "is_primary",
  "active",
  "created_at"
)
values
  (default, $1, $2, $3, $4, $5, $6, $7, $8, $9, default, default)
returning
  "id",
  "specialist_id",
  "name",
  "line1",
  "line2",
  "suburb",
  "state",
  "postcode",
  "directions",
  "is_primary",
  "active",
  "created_at";

-- locationsRepository.updateLocation
update "specialist_location"
set
  "name" = $1,
  "line1" = $2,
  "line2" = $3,
  "suburb" = $4,
  "state" = $5,
  "postcode" = $6,
  "directions" = $7
where
  ("specialist_location"."id" = $8 and "specialist_location"."specialist_id" = $9)
returning
  "id";

-- locationsRepository.setLocationActive
update "specialist_location"
set
  "active" = $1
where
  ("specialist_location"."id" = $2 and "specialist_location"."specialist_id" = $3)
returning
  "id";

-- locationsRepository.clearPrimary
update "specialist_location"
set
  "is_primary" = $1
where
  (
    "specialist_location"."specialist_id" = $2
    and "specialist_location"."is_primary" = $3
  );

-- locationsRepository.setPrimary
update "specialist_location"
set
  "is_primary" = $1
where
  ("specialist_location"."id" = $2 and "specialist_location"."specialist_id" = $3)
returning
  "id";

-- locationsRepository.detachHoursFrom
update "weekly_hours"
set
  "location_id" = $1
where
  ("weekly_hours"."specialist_id" = $2 and "weekly_hours"."location_id" = $3);
