-- The SQL of upstream-appointments.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- upstreamAppointmentsRepository.findWaitingAppointment
select
  "appointment"."id",
  "appointment"."provider",
  "appointment"."provider_appointment_id",
  "appointment"."specialist_id",
  "appointment"."appointment_type_id",
  "appointment"."starts_at",
  "appointment"."ends_at",
  "appointment"."busy_from",
  "appointment"."busy_to",
  "appointment"."status",
  "appointment"."idempotency_key",
  "appointment"."organization_id",
  "appointment"."source",
  "appointment"."client_encrypted",
  "appointment"."no_show",
  "appointment"."pending_change",
  "appointment"."pending_until",
  "appointment"."created_at",
  "appointment"."updated_at",
  "appointment"."cancelled_at",
  "appointment_type"."id",
  "appointment_type"."name",
  "appointment_type"."label",
  "appointment_type"."display_order",
  "appointment_type"."description",
  "appointment_type"."category",
  "appointment_type"."mode",
  "appointment_type"."duration_minutes",
  "appointment_type"."price_cents",
  "appointment_type"."padding_before_minutes",
  "appointment_type"."padding_after_minutes",
  "appointment_type"."intake_fields",
  "appointment_type"."provider_type_id",
  "appointment_type"."active",
  "appointment_type"."created_at",
  "specialist"."id",
  "specialist"."user_id",
  "specialist"."display_name",
  "specialist"."title",
  "specialist"."specialty",
  "specialist"."registration_number",
  "specialist"."display_order",
  "specialist"."location",
  "specialist"."state",
  "specialist"."modes",
  "specialist"."time_zone",
  "specialist"."slot_interval_minutes",
  "specialist"."min_notice_minutes",
  "specialist"."horizon_days",
  "specialist"."provider_calendar_id",
  "specialist"."active",
  "specialist"."created_at"
from
  "appointment"
  inner join "appointment_type" on "appointment_type"."id" = "appointment"."appointment_type_id"
  inner join "specialist" on "specialist"."id" = "appointment"."specialist_id"
where
  (
    "appointment"."id" = $1
    and (
      "appointment"."source" = $2
      and "appointment"."status" = $3
      and (
        "appointment"."idempotency_key" is null
        or not exists (
          select
            1
          from
            "booking_draft"
          where
            "booking_draft"."id"::text = "appointment"."idempotency_key"
        )
      )
      and not exists (
        select
          1
        from
          "booking"
        where
          "booking"."appointment_id" = "appointment"."id"
      )
    )
  )
limit $4;

-- upstreamAppointmentsRepository.countWaitingAppointments
select
  count(*)::int
from
  "appointment"
where
  (
    "appointment"."source" = $1
    and "appointment"."status" = $2
    and (
      "appointment"."idempotency_key" is null
      or not exists (
        select
          1
        from
          "booking_draft"
        where
          "booking_draft"."id"::text = "appointment"."idempotency_key"
      )
    )
    and not exists (
      select
        1
      from
        "booking"
      where
        "booking"."appointment_id" = "appointment"."id"
    )
  );

-- upstreamAppointmentsRepository.listWaitingAppointments
select
  "appointment"."id",
  "appointment"."starts_at",
  "specialist"."display_name",
  "appointment_type"."name"
from
  "appointment"
  inner join "specialist" on "specialist"."id" = "appointment"."specialist_id"
  inner join "appointment_type" on "appointment_type"."id" = "appointment"."appointment_type_id"
where
  (
    "appointment"."source" = $1
    and "appointment"."status" = $2
    and (
      "appointment"."idempotency_key" is null
      or not exists (
        select
          1
        from
          "booking_draft"
        where
          "booking_draft"."id"::text = "appointment"."idempotency_key"
      )
    )
    and not exists (
      select
        1
      from
        "booking"
      where
        "booking"."appointment_id" = "appointment"."id"
    )
  )
order by
  "appointment"."starts_at" asc
limit $3;

-- upstreamAppointmentsRepository.findOrphanedAppointments
select
  "idempotency_key",
  "provider_appointment_id"
from
  "appointment"
where
  (
    "appointment"."idempotency_key" is not null
    and "appointment"."status" = $1
    and "appointment"."created_at" < $2
    and not exists (
      select
        1
      from
        "booking"
      where
        "booking"."appointment_id" = "appointment"."id"
    )
  )
limit $3;

-- upstreamAppointmentsRepository.recordWebhookEvent
insert into "webhook_event" (
  "id",
  "provider",
  "dedupe_key",
  "action",
  "provider_appointment_id",
  "outcome",
  "received_at",
  "processed_at"
)
values
  (default, $1, $2, $3, $4, default, default, default)
on conflict ("dedupe_key") do nothing
returning
  "id";

-- upstreamAppointmentsRepository.markWebhookProcessed
update "webhook_event"
set
  "outcome" = $1,
  "processed_at" = $2
where
  "webhook_event"."id" = $3;

-- upstreamAppointmentsRepository.tryReconcileLock
select
  pg_try_advisory_xact_lock(hashtext('ime:reconcile')) as locked;
