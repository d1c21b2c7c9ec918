-- The SQL of users.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- usersRepository.findUserIdByEmail
select
  "id"
from
  "user"
where
  "user"."email" = $1
limit $2;

-- usersRepository.anyAdminExists
select
  "id"
from
  "user"
where
  "user"."role" = $1
limit $2;

-- usersRepository.findUserName
select
  "name"
from
  "user"
where
  "user"."id" = $1
limit $2;

-- usersRepository.findUserRole
select
  "role"
from
  "user"
where
  "user"."id" = $1
limit $2;

-- usersRepository.findImpersonationTarget
select
  "id",
  "role",
  "banned"
from
  "user"
where
  "user"."id" = $1
limit $2;

-- usersRepository.insertUser
insert into "user" (
  "id",
  "name",
  "email",
  "email_verified",
  "image",
  "created_at",
  "updated_at",
  "role",
  "banned",
  "ban_reason",
  "ban_expires",
  "two_factor_enabled",
  "phone_number",
  "otp_channel",
  "time_zone"
)
values
  (
    $1,
    $2,
    $3,
    $4,
    default,
    default,
    default,
    $5,
    default,
    default,
    default,
    default,
    default,
    default,
    default
  );

-- usersRepository.insertCredentialAccount
insert into "account" (
  "id",
  "account_id",
  "provider_id",
  "user_id",
  "access_token",
  "refresh_token",
  "id_token",
  "access_token_expires_at",
  "refresh_token_expires_at",
  "scope",
  "password",
  "created_at",
  "updated_at"
)
values
  (
    $1,
    $2,
    $3,
    $4,
    default,
    default,
    default,
    default,
    default,
    default,
    $5,
    default,
    default
  );

-- usersRepository.updateCodeChannel
update "user"
set
  "phone_number" = $1,
  "otp_channel" = $2
where
  "user"."id" = $3;

-- usersRepository.findUserTimeZone
select
  "time_zone"
from
  "user"
where
  "user"."id" = $1
limit $2;

-- usersRepository.updateUserTimeZone (chosen)
update "user"
set
  "updated_at" = $1,
  "time_zone" = $2
where
  ("user"."id" = $3 and ("user"."time_zone" is null or "user"."time_zone" <> $4))
returning
  "id";

-- usersRepository.updateUserTimeZone (detected)
update "user"
set
  "updated_at" = $1,
  "time_zone" = $2
where
  ("user"."id" = $3 and "user"."time_zone" is null)
returning
  "id";

-- usersRepository.updateUserBan
update "user"
set
  "updated_at" = $1,
  "banned" = $2,
  "ban_reason" = $3
where
  "user"."id" = $4
returning
  "id";

-- usersRepository.countUsers
select
  count(*) as count
from
  "user";

-- usersRepository.searchUsers
select
  "user"."id",
  "user"."name",
  "user"."email",
  "user"."role",
  "user"."banned",
  "user"."two_factor_enabled",
  "user"."created_at",
  "organization"."name",
  "member"."roles"
from
  "user"
  left join "member" on "member"."user_id" = "user"."id"
  left join "organization" on "organization"."id" = "member"."organization_id"
where
  (
    "user"."name" ilike $1
    or "user"."email" ilike $2
    or "organization"."name" ilike $3
    or greatest(
      word_similarity($4, "user"."name"),
      word_similarity($5, "user"."email"),
      coalesce(word_similarity($6, "organization"."name"), 0)
    ) > 0.45
  )
order by
  greatest(
    word_similarity($7, "user"."name"),
    word_similarity($8, "user"."email"),
    coalesce(word_similarity($9, "organization"."name"), 0)
  ) desc,
  "user"."name" asc
limit $10;

-- usersRepository.listUsersPage (by name)
select
  "id",
  "name",
  "email",
  "role",
  "banned",
  "two_factor_enabled",
  "created_at",
  to_char("created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
from
  "user"
order by
  "user"."name" asc,
  "user"."id" asc
limit $1;

-- usersRepository.listUsersPage (newest after a cursor)
select
  "id",
  "name",
  "email",
  "role",
  "banned",
  "two_factor_enabled",
  "created_at",
  to_char("created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
from
  "user"
where
  ("user"."created_at", "user"."id") < ($1::timestamptz, $2::text)
order by
  "user"."created_at" desc,
  "user"."id" desc
limit $3;

-- usersRepository.membershipsOfUsers
select
  "member"."user_id",
  "organization"."name",
  "member"."roles"
from
  "member"
  inner join "organization" on "organization"."id" = "member"."organization_id"
where
  "member"."user_id" in ($1)
order by
  "organization"."name" asc;
