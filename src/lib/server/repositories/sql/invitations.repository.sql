-- The SQL of invitations.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- invitationsRepository.countPendingInvitations
select
  count(*) as count
from
  "invitation"
where
  ("invitation"."accepted_at" is null and "invitation"."revoked_at" is null);

-- invitationsRepository.listRecentInvitations
select
  "invitation"."id",
  "invitation"."email",
  "invitation"."name",
  "invitation"."platform_role",
  "invitation"."org_roles",
  "organization"."name",
  "invitation"."expires_at",
  "invitation"."accepted_at",
  "invitation"."revoked_at",
  "invitation"."created_at"
from
  "invitation"
  left join "organization" on "organization"."id" = "invitation"."organization_id"
order by
  "invitation"."created_at" desc
limit $1;

-- invitationsRepository.listInvitationsPage (first page)
select
  "invitation"."id",
  "invitation"."email",
  "invitation"."name",
  "invitation"."platform_role",
  "invitation"."org_roles",
  "organization"."name",
  "invitation"."expires_at",
  "invitation"."accepted_at",
  "invitation"."revoked_at",
  "invitation"."created_at",
  to_char("invitation"."expires_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
from
  "invitation"
  left join "organization" on "organization"."id" = "invitation"."organization_id"
order by
  "invitation"."expires_at" desc,
  "invitation"."id" desc
limit $1;

-- invitationsRepository.listInvitationsPage (after a cursor)
select
  "invitation"."id",
  "invitation"."email",
  "invitation"."name",
  "invitation"."platform_role",
  "invitation"."org_roles",
  "organization"."name",
  "invitation"."expires_at",
  "invitation"."accepted_at",
  "invitation"."revoked_at",
  "invitation"."created_at",
  to_char("invitation"."expires_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
from
  "invitation"
  left join "organization" on "organization"."id" = "invitation"."organization_id"
where
  ("invitation"."expires_at", "invitation"."id") > ($1::timestamptz, $2::uuid)
order by
  "invitation"."expires_at" asc,
  "invitation"."id" asc
limit $3;

-- invitationsRepository.listInvitationsOf
select
  "id",
  "email",
  "name",
  "org_roles",
  "expires_at",
  "accepted_at",
  "revoked_at"
from
  "invitation"
where
  "invitation"."organization_id" = $1
order by
  "invitation"."created_at" asc;

-- invitationsRepository.findUnacceptedInvitation
select
  "id",
  "token_hash",
  "email",
  "name",
  "platform_role",
  "organization_id",
  "org_roles",
  "team_id",
  "specialist_id",
  "invited_by",
  "expires_at",
  "accepted_at",
  "revoked_at",
  "created_at"
from
  "invitation"
where
  ("invitation"."id" = $1 and "invitation"."accepted_at" is null);

-- invitationsRepository.revokePendingInvitation
update "invitation"
set
  "revoked_at" = $1
where
  (
    "invitation"."id" = $2
    and "invitation"."accepted_at" is null
    and "invitation"."revoked_at" is null
  )
returning
  "id";

-- invitationsRepository.pendingAdminInvitationExists
select
  "id"
from
  "invitation"
where
  (
    "invitation"."platform_role" = $1
    and "invitation"."accepted_at" is null
    and "invitation"."revoked_at" is null
    and "invitation"."expires_at" > now()
  )
limit $2;

-- invitationsRepository.revokePendingInvitationsFor
update "invitation"
set
  "revoked_at" = $1
where
  (
    "invitation"."email" = $2
    and "invitation"."accepted_at" is null
    and "invitation"."revoked_at" is null
  );

-- invitationsRepository.insertInvitation
insert into "invitation" (
  "id",
  "token_hash",
  "email",
  "name",
  "platform_role",
  "organization_id",
  "org_roles",
  "team_id",
  "specialist_id",
  "invited_by",
  "expires_at",
  "accepted_at",
  "revoked_at",
  "created_at"
)
values
  (default, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, default, default, default)
returning
  "id";

-- invitationsRepository.findUsableInvitationByTokenHash
select
  "invitation"."id",
  "invitation"."email",
  "invitation"."name",
  "invitation"."platform_role",
  "organization"."name"
from
  "invitation"
  left join "organization" on "organization"."id" = "invitation"."organization_id"
where
  (
    "invitation"."token_hash" = $1
    and "invitation"."accepted_at" is null
    and "invitation"."revoked_at" is null
    and "invitation"."expires_at" > $2
  )
limit $3;

-- invitationsRepository.lockInvitationByTokenHash
select
  "id",
  "token_hash",
  "email",
  "name",
  "platform_role",
  "organization_id",
  "org_roles",
  "team_id",
  "specialist_id",
  "invited_by",
  "expires_at",
  "accepted_at",
  "revoked_at",
  "created_at"
from
  "invitation"
where
  "invitation"."token_hash" = $1
limit $2
for update;

-- invitationsRepository.markInvitationAccepted
update "invitation"
set
  "accepted_at" = now()
where
  "invitation"."id" = $1;

-- invitationsRepository.findSpecialistAccountLink
select
  "user_id"
from
  "specialist"
where
  "specialist"."id" = $1
limit $2;

-- invitationsRepository.linkSpecialistIfUnlinked
update "specialist"
set
  "user_id" = $1
where
  ("specialist"."id" = $2 and "specialist"."user_id" is null);
