-- The SQL of appointments.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- appointmentsRepository.findAppointment
select
  "id",
  "provider",
  "provider_appointment_id",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "ends_at",
  "busy_from",
  "busy_to",
  "status",
  "idempotency_key",
  "organization_id",
  "source",
  "client_encrypted",
  "no_show",
  "pending_change",
  "pending_until",
  "created_at",
  "updated_at",
  "cancelled_at"
from
  "appointment"
where
  "appointment"."id" = $1
limit $2;

-- appointmentsRepository.appointmentStatus
select
  "status"
from
  "appointment"
where
  "appointment"."id" = $1;

-- appointmentsRepository.findByProviderId
select
  "id",
  "provider",
  "provider_appointment_id",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "ends_at",
  "busy_from",
  "busy_to",
  "status",
  "idempotency_key",
  "organization_id",
  "source",
  "client_encrypted",
  "no_show",
  "pending_change",
  "pending_until",
  "created_at",
  "updated_at",
  "cancelled_at"
from
  "appointment"
where
  ("appointment"."provider" = $1 and "appointment"."provider_appointment_id" = $2)
limit $3;

-- appointmentsRepository.findByIdempotencyKey
select
  "id",
  "provider",
  "provider_appointment_id",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "ends_at",
  "busy_from",
  "busy_to",
  "status",
  "idempotency_key",
  "organization_id",
  "source",
  "client_encrypted",
  "no_show",
  "pending_change",
  "pending_until",
  "created_at",
  "updated_at",
  "cancelled_at"
from
  "appointment"
where
  "appointment"."idempotency_key" = $1
limit $2;

-- appointmentsRepository.findBuiltinAppointment
select
  "id",
  "provider",
  "provider_appointment_id",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "ends_at",
  "busy_from",
  "busy_to",
  "status",
  "idempotency_key",
  "organization_id",
  "source",
  "client_encrypted",
  "no_show",
  "pending_change",
  "pending_until",
  "created_at",
  "updated_at",
  "cancelled_at"
from
  "appointment"
where
  ("appointment"."id" = $1 and "appointment"."provider" = $2)
limit $3;

-- appointmentsRepository.listBuiltinAppointments
select
  "id",
  "provider",
  "provider_appointment_id",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "ends_at",
  "busy_from",
  "busy_to",
  "status",
  "idempotency_key",
  "organization_id",
  "source",
  "client_encrypted",
  "no_show",
  "pending_change",
  "pending_until",
  "created_at",
  "updated_at",
  "cancelled_at"
from
  "appointment"
where
  (
    "appointment"."provider" = $1
    and "appointment"."starts_at" >= $2
    and "appointment"."starts_at" < $3
    and "appointment"."specialist_id" = $4
    and "appointment"."status" = $5
  )
order by
  "appointment"."starts_at" asc;

-- appointmentsRepository.confirmedStartingIn
select
  "id",
  "provider",
  "provider_appointment_id",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "ends_at",
  "busy_from",
  "busy_to",
  "status",
  "idempotency_key",
  "organization_id",
  "source",
  "client_encrypted",
  "no_show",
  "pending_change",
  "pending_until",
  "created_at",
  "updated_at",
  "cancelled_at"
from
  "appointment"
where
  (
    "appointment"."provider" = $1
    and "appointment"."status" = $2
    and "appointment"."starts_at" >= $3
    and "appointment"."starts_at" < $4
  );

-- appointmentsRepository.confirmedBusyOverlapping
select
  "id",
  "busy_from",
  "busy_to"
from
  "appointment"
where
  (
    "appointment"."specialist_id" = $1
    and "appointment"."status" = $2
    and "appointment"."busy_from" < $3
    and "appointment"."busy_to" > $4
  );

-- appointmentsRepository.findConfirmedClash
select
  "id"
from
  "appointment"
where
  (
    "appointment"."specialist_id" = $1
    and "appointment"."status" = $2
    and "appointment"."busy_from" < $3
    and "appointment"."busy_to" > $4
  )
limit $5;

-- appointmentsRepository.insertAppointment
insert into "appointment" (
  "id",
  "provider",
  "provider_appointment_id",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "ends_at",
  "busy_from",
  "busy_to",
  "status",
  "idempotency_key",
  "organization_id",
  "source",
  "client_encrypted",
  "no_show",
  "pending_change",
  "pending_until",
  "created_at",
  "updated_at",
  "cancelled_at"
)
values
  (
    $1,
    $2,
    $3,
    $4,
    $5,
    $6,
    $7,
    $8,
    $9,
    default,
    $10,
    $11,
    default,
    $12,
    default,
    default,
    default,
    default,
    default,
    default
  );

-- appointmentsRepository.insertAppointmentReturningId
insert into "appointment" (
  "id",
  "provider",
  "provider_appointment_id",
  "specialist_id",
  "appointment_type_id",
  "starts_at",
  "ends_at",
  "busy_from",
  "busy_to",
  "status",
  "idempotency_key",
  "organization_id",
  "source",
  "client_encrypted",
  "no_show",
  "pending_change",
  "pending_until",
  "created_at",
  "updated_at",
  "cancelled_at"
)
values
  (
    default,
    $1,
    $2,
    $3,
    $4,
    $5,
    $6,
    $7,
    $8,
    default,
    $9,
    $10,
    $11,
    default,
    default,
    default,
    default,
    default,
    default,
    default
  )
returning
  "id";

-- appointmentsRepository.setAppointmentOrganization
update "appointment"
set
  "organization_id" = $1,
  "updated_at" = $2
where
  "appointment"."id" = $3;

-- appointmentsRepository.claimForPortalBooking
update "appointment"
set
  "idempotency_key" = $1,
  "organization_id" = $2,
  "source" = $3,
  "updated_at" = $4
where
  "appointment"."id" = $5;

-- appointmentsRepository.setProviderId
update "appointment"
set
  "provider" = $1,
  "provider_appointment_id" = $2
where
  "appointment"."id" = $3;

-- appointmentsRepository.refreshClient
update "appointment"
set
  "client_encrypted" = $1
where
  "appointment"."id" = $2;

-- appointmentsRepository.updateClient
update "appointment"
set
  "client_encrypted" = $1,
  "updated_at" = $2
where
  "appointment"."id" = $3;

-- appointmentsRepository.markNoShow
update "appointment"
set
  "no_show" = $1,
  "updated_at" = $2
where
  "appointment"."id" = $3;

-- appointmentsRepository.setPendingChange
update "appointment"
set
  "pending_change" = $1,
  "pending_until" = $2
where
  "appointment"."id" = $3;

-- appointmentsRepository.moveAppointment
update "appointment"
set
  "specialist_id" = $1,
  "starts_at" = $2,
  "ends_at" = $3,
  "busy_from" = $4,
  "busy_to" = $5,
  "pending_change" = $6,
  "pending_until" = $7,
  "updated_at" = $8
where
  "appointment"."id" = $9;

-- appointmentsRepository.markCancelled
update "appointment"
set
  "status" = $1,
  "pending_change" = $2,
  "pending_until" = $3,
  "updated_at" = $4,
  "cancelled_at" = $5
where
  "appointment"."id" = $6;

-- appointmentsRepository.setUpstreamStatus
update "appointment"
set
  "status" = $1,
  "no_show" = $2,
  "pending_change" = $3,
  "pending_until" = $4,
  "updated_at" = $5,
  "cancelled_at" = $6
where
  "appointment"."id" = $7;

-- appointmentsRepository.moveBuiltinAppointment
update "appointment"
set
  "specialist_id" = $1,
  "starts_at" = $2,
  "ends_at" = $3,
  "busy_from" = $4,
  "busy_to" = $5,
  "updated_at" = $6
where
  "appointment"."id" = $7;

-- appointmentsRepository.cancelBuiltinAppointment
update "appointment"
set
  "status" = $1,
  "no_show" = $2,
  "updated_at" = $3,
  "cancelled_at" = $4
where
  ("appointment"."id" = $5 and "appointment"."provider" = $6)
returning
  "id";
