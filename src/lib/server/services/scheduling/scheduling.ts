/**
 * The scheduling service: local ids in, provider ids out. Availability through the cache, slot
 * holds, webhooks, the reconciler and the catalogue sync. Routers call this, never a provider.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, gte, isNull, lt, notExists, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { rowsOf } from '../../db/rows';
import {
	appointment,
	appointmentType,
	booking,
	bookingDraft,
	specialist,
	specialistAppointmentType,
	webhookEvent,
	type IntakeField
} from '../../db/schema';
import type { Logger } from '../../logger';
import type { Cipher } from '../crypto/cipher';
import { AvailabilityCache, type AvailabilityCacheOptions } from './availability-cache';
import { busyIntervalOf, localParts } from './builtin/availability';
import { pgCode } from './builtin/builtin-provider';
import { invalidInput } from './errors';
import { placeHold, releaseHold, liveHolds, type Hold } from './holds';
import { refFromNotes, type ProviderAppointment, type SchedulingProvider } from './provider';
import { verifyAcuitySignature } from './webhook-signature';

export interface SlotView {
	/** ISO instant. */
	startsAt: string;
	/** The clinic's zone, to show its local time beside the user's. */
	clinicTimeZone: string;
}

export interface Availability<T> {
	value: T;
	stale: boolean;
}

/** A change made upstream to an appointment we hold: what its booking must follow. */
export interface UpstreamChange {
	/** `gone`: the provider no longer knows the appointment at all (not a cancellation: Acuity cancels, it does not delete). */
	kind: 'moved' | 'cancelled' | 'no_show' | 'gone';
	/** The local appointment row. */
	appointmentId: string;
	fromStartsAt: Date;
	toStartsAt: Date;
	toEndsAt: Date;
	fromSpecialistId: string;
	toSpecialistId: string;
}

/** Answers 'kept' when the appointment must stay as it is (a booking holds it and an admin must decide). */
export type UpstreamFollower = (tx: Executor, change: UpstreamChange) => Promise<void | 'kept'>;

type AppointmentRow = typeof appointment.$inferSelect;

/** How long the portal's own change at the provider is expected to echo back as a webhook. */
export const PENDING_CHANGE_SECONDS = 120;

/**
 * The webhook for a change the portal itself is making (it asked the provider, and has not yet
 * committed its side): not a change made upstream. Recognised by the marker the portal leaves on
 * the appointment before asking, for a couple of minutes.
 */
export function isOwnEcho(
	local: Pick<AppointmentRow, 'pendingChange' | 'pendingUntil'>,
	pa: Pick<ProviderAppointment, 'canceled' | 'startsAt'>,
	now: Date
): boolean {
	if (!local.pendingChange || !local.pendingUntil || local.pendingUntil <= now) return false;
	if (local.pendingChange === 'cancel') return pa.canceled;
	if (local.pendingChange.startsWith('reschedule:'))
		return !pa.canceled && new Date(local.pendingChange.slice(11)).getTime() === pa.startsAt.getTime();
	return false;
}

/** What changed upstream, or null when the local record already says the same. */
export function changeOf(
	local: Pick<AppointmentRow, 'id' | 'status' | 'noShow' | 'startsAt' | 'endsAt' | 'specialistId'>,
	pa: Pick<ProviderAppointment, 'canceled' | 'noShow' | 'startsAt' | 'endsAt'>,
	upstreamSpecialist: { id: string }
): UpstreamChange | null {
	const base = {
		appointmentId: local.id,
		fromStartsAt: local.startsAt,
		toStartsAt: pa.startsAt,
		toEndsAt: pa.endsAt,
		fromSpecialistId: local.specialistId,
		toSpecialistId: upstreamSpecialist.id
	};
	if (pa.noShow && !local.noShow)
		return { ...base, kind: 'no_show', toStartsAt: local.startsAt, toEndsAt: local.endsAt, toSpecialistId: local.specialistId };
	if (pa.canceled)
		return local.status === 'confirmed'
			? { ...base, kind: 'cancelled', toStartsAt: local.startsAt, toEndsAt: local.endsAt, toSpecialistId: local.specialistId }
			: null;
	// Acuity cannot reinstate a cancelled appointment: a local cancellation stands.
	if (local.status !== 'confirmed') return null;
	if (local.startsAt.getTime() !== pa.startsAt.getTime() || local.specialistId !== upstreamSpecialist.id) return { ...base, kind: 'moved' };
	return null;
}

/**
 * Appointments that came from the provider and are not bookings yet: they wait for an admin. One
 * of ours (it carries its key) waits only once its draft is gone — while the draft lives, the
 * interrupted confirmation is finished from it instead.
 */
export const madeUpstreamWithoutBooking = (db: Db) =>
	and(
		eq(appointment.source, 'upstream'),
		eq(appointment.status, 'confirmed'),
		or(
			isNull(appointment.idempotencyKey),
			notExists(
				db
					.select({ one: sql`1` })
					.from(bookingDraft)
					.where(sql`${bookingDraft.id}::text = ${appointment.idempotencyKey}`)
			)
		),
		notExists(
			db
				.select({ one: sql`1` })
				.from(booking)
				.where(eq(booking.appointmentId, appointment.id))
		)
	);

export type SyncOutcome = 'created' | 'moved' | 'cancelled' | 'unchanged' | 'conflict' | 'unknown_calendar';

export interface ReconcileReport {
	skipped: boolean;
	checked: number;
	created: number;
	moved: number;
	cancelled: number;
	conflicts: number;
}

const monthOf = (d: Date, tz: string) => localParts(d, tz).date.slice(0, 7);
const nextMonth = (m: string) => {
	const [y, mo] = m.split('-').map(Number) as [number, number];
	return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

export class SchedulingService {
	readonly availability: AvailabilityCache;

	constructor(
		private readonly deps: {
			db: Db;
			cipher: Cipher;
			provider: SchedulingProvider;
			cache: import('../cache/cache').Cache;
			logger: Logger;
			webhookKey?: string;
			dbKind: 'pglite' | 'postgres';
			now?: () => Date;
			availabilityOptions?: AvailabilityCacheOptions;
		}
	) {
		this.availability = new AvailabilityCache(deps.cache, deps.availabilityOptions);
	}

	get provider() {
		return this.deps.provider;
	}

	private now() {
		return this.deps.now?.() ?? new Date();
	}

	private readonly idCache = new Map<string, { at: number; ids: Awaited<ReturnType<SchedulingService['loadProviderIds']>> }>();

	/** The provider's ids for a local specialist and appointment type (kept for 30 s: read on every availability call). */
	async providerIds(specialistId: string, appointmentTypeId: string) {
		const key = `${specialistId}:${appointmentTypeId}`;
		const hit = this.idCache.get(key);
		if (hit && Date.now() - hit.at < 30_000) return hit.ids;
		const ids = await this.loadProviderIds(specialistId, appointmentTypeId);
		if (this.idCache.size > 5000) this.idCache.clear();
		this.idCache.set(key, { at: Date.now(), ids });
		return ids;
	}

	private async loadProviderIds(specialistId: string, appointmentTypeId: string) {
		const [s] = await this.deps.db
			.select()
			.from(specialist)
			.where(and(eq(specialist.id, specialistId), eq(specialist.active, true)))
			.limit(1);
		const [t] = await this.deps.db
			.select()
			.from(appointmentType)
			.where(and(eq(appointmentType.id, appointmentTypeId), eq(appointmentType.active, true)))
			.limit(1);
		if (!s) throw invalidInput('No such specialist.');
		if (!t) throw invalidInput('No such appointment type.');
		const builtin = this.deps.provider.kind === 'builtin';
		const calendarId = builtin ? s.id : s.providerCalendarId;
		const typeId = builtin ? t.id : t.providerTypeId;
		if (!calendarId || !typeId) throw invalidInput('This specialist or appointment type is not linked to the scheduling service yet.');
		return { specialist: s, type: t, calendarId, typeId };
	}

	/** Subtract our own live holds (Acuity knows nothing of them). */
	private async withoutHolds(
		specialistId: string,
		typeDuration: { d: number; b: number; a: number },
		slots: SlotView[],
		holderKey?: string
	) {
		if (slots.length === 0) return slots;
		const from = new Date(slots[0]!.startsAt);
		const to = new Date(new Date(slots.at(-1)!.startsAt).getTime() + 24 * 3600_000);
		const holds = (await liveHolds(this.deps.db, specialistId, new Date(from.getTime() - 24 * 3600_000), to, this.now())).filter(
			(h) => h.holderKey !== holderKey
		);
		if (holds.length === 0) return slots;
		return slots.filter((s) => {
			const busy = busyIntervalOf(new Date(s.startsAt), typeDuration.d, typeDuration.b, typeDuration.a);
			return !holds.some((h) => h.busyFrom < busy.end && h.busyTo > busy.start);
		});
	}

	async availableDates(specialistId: string, appointmentTypeId: string, month: string, timeZone: string): Promise<Availability<string[]>> {
		const ids = await this.providerIds(specialistId, appointmentTypeId);
		const read = await this.availability.read(specialistId, `dates:${ids.typeId}:${month}:${timeZone}`, () =>
			this.deps.provider.availableDates({ calendarId: ids.calendarId, appointmentTypeId: ids.typeId, timeZone, month, withoutHolds: true })
		);
		return { value: read.value, stale: read.stale };
	}

	async availableTimes(
		specialistId: string,
		appointmentTypeId: string,
		date: string,
		timeZone: string,
		holderKey?: string
	): Promise<Availability<SlotView[]>> {
		const ids = await this.providerIds(specialistId, appointmentTypeId);
		const duration = { d: ids.type.durationMinutes, b: ids.type.paddingBeforeMinutes, a: ids.type.paddingAfterMinutes };
		const upstream = () =>
			this.deps.provider
				.availableTimes({ calendarId: ids.calendarId, appointmentTypeId: ids.typeId, timeZone, date, withoutHolds: true })
				.then((slots) => slots.map((s) => ({ startsAt: s.startsAt.toISOString(), clinicTimeZone: s.timeZone || ids.specialist.timeZone })));
		// Upstream's answer is cached; our own holds (which Acuity knows nothing of) are subtracted live,
		// so placing or releasing a hold never throws the cached answer away — during an Acuity outage
		// that answer is all referrers have.
		const read = await this.availability.read(specialistId, `times:${ids.typeId}:${date}:${timeZone}`, upstream);
		return { value: await this.withoutHolds(specialistId, duration, read.value, holderKey), stale: read.stale };
	}

	/** The first free time within the specialist's horizon, or null: one cached read per card. */
	async nextAvailable(specialistId: string, appointmentTypeId: string): Promise<Availability<SlotView | null>> {
		const ids = await this.providerIds(specialistId, appointmentTypeId);
		const tz = ids.specialist.timeZone;
		const read = await this.availability.read(specialistId, `next:${ids.typeId}`, async () => {
			let month = monthOf(this.now(), tz);
			const last = monthOf(new Date(this.now().getTime() + ids.specialist.horizonDays * 86_400_000), tz);
			for (;;) {
				const dates = await this.deps.provider.availableDates({
					calendarId: ids.calendarId,
					appointmentTypeId: ids.typeId,
					timeZone: tz,
					month,
					withoutHolds: true
				});
				for (const date of dates) {
					const times = await this.deps.provider.availableTimes({
						calendarId: ids.calendarId,
						appointmentTypeId: ids.typeId,
						timeZone: tz,
						date,
						withoutHolds: true
					});
					if (times[0]) return { startsAt: times[0].startsAt.toISOString(), clinicTimeZone: tz };
				}
				if (month >= last) return null;
				month = nextMonth(month);
			}
		});
		return { value: read.value, stale: read.stale };
	}

	async invalidate(specialistId: string) {
		await this.availability.invalidate(specialistId);
	}

	/** A hold hides its time from everyone else at once (holds are read live), without touching the cached upstream answer. */
	async hold(input: { holderKey: string; specialistId: string; appointmentTypeId: string; startsAt: Date }): Promise<Hold> {
		return placeHold(this.deps.db, input, this.now());
	}

	async release(holderKey: string) {
		await releaseHold(this.deps.db, holderKey);
	}

	// ——— Upstream changes: webhooks, reconciliation, catalogue ———

	private async localSpecialistFor(calendarId: string) {
		const col = this.deps.provider.kind === 'builtin' ? specialist.id : specialist.providerCalendarId;
		const [s] = await this.deps.db.select().from(specialist).where(eq(col, calendarId)).limit(1);
		return s ?? null;
	}

	private async localTypeFor(typeId: string) {
		const col = this.deps.provider.kind === 'builtin' ? appointmentType.id : appointmentType.providerTypeId;
		const [t] = await this.deps.db.select().from(appointmentType).where(eq(col, typeId)).limit(1);
		return t ?? null;
	}

	/** Make the local record match one upstream appointment, and whatever follows it (the booking). Idempotent. */
	async applyUpstream(pa: ProviderAppointment): Promise<SyncOutcome> {
		const db = this.deps.db;
		const provider = this.deps.provider.kind;
		const s = await this.localSpecialistFor(pa.calendarId);
		const t = await this.localTypeFor(pa.appointmentTypeId);
		if (!s || !t) return 'unknown_calendar';
		let [local] = await db
			.select()
			.from(appointment)
			.where(and(eq(appointment.provider, provider), eq(appointment.providerAppointmentId, pa.id)))
			.limit(1);
		if (!local) {
			// Our own booking whose commit never recorded the upstream id: find it by the key in the notes.
			const ref = refFromNotes(pa.notes);
			if (ref) {
				[local] = await db.select().from(appointment).where(eq(appointment.idempotencyKey, ref)).limit(1);
				if (local) await db.update(appointment).set({ providerAppointmentId: pa.id, provider }).where(eq(appointment.id, local.id));
			}
		}
		const busy = busyIntervalOf(pa.startsAt, t.durationMinutes, t.paddingBeforeMinutes, t.paddingAfterMinutes);
		try {
			if (!local) {
				if (pa.canceled) return 'unchanged';
				await db.insert(appointment).values({
					provider,
					providerAppointmentId: pa.id,
					specialistId: s.id,
					appointmentTypeId: t.id,
					startsAt: pa.startsAt,
					endsAt: pa.endsAt,
					busyFrom: busy.start,
					busyTo: busy.end,
					source: 'upstream',
					idempotencyKey: refFromNotes(pa.notes),
					clientEncrypted: this.sealClient(pa)
				});
				await this.invalidate(s.id);
				return 'created';
			}
			if (isOwnEcho(local, pa, this.now())) return 'unchanged';
			const change = changeOf(local, pa, s);
			if (!change) {
				// Not yet a booking: keep what Acuity's form holds current, for the admin who turns it into one.
				if (local.source === 'upstream' && !local.organizationId && local.status === 'confirmed')
					await db
						.update(appointment)
						.set({ clientEncrypted: this.sealClient(pa) })
						.where(eq(appointment.id, local.id));
				return 'unchanged';
			}
			await db.transaction(async (tx) => {
				if (change.kind === 'moved')
					await tx
						.update(appointment)
						.set({
							specialistId: s.id,
							startsAt: pa.startsAt,
							endsAt: pa.endsAt,
							busyFrom: busy.start,
							busyTo: busy.end,
							pendingChange: null,
							pendingUntil: null,
							updatedAt: new Date()
						})
						.where(eq(appointment.id, local.id));
				else
					await tx
						.update(appointment)
						.set({
							status: pa.canceled ? 'cancelled' : local.status,
							cancelledAt: pa.canceled ? (local.cancelledAt ?? new Date()) : local.cancelledAt,
							noShow: pa.noShow,
							pendingChange: null,
							pendingUntil: null,
							updatedAt: new Date()
						})
						.where(eq(appointment.id, local.id));
				await this.follower?.(tx, change);
			});
			await this.invalidate(s.id);
			if (local.specialistId !== s.id) await this.invalidate(local.specialistId);
			return change.kind === 'moved' ? 'moved' : 'cancelled';
		} catch (err) {
			if (pgCode(err) === '23P01') {
				this.deps.logger.warn({ providerAppointmentId: pa.id }, 'upstream appointment overlaps a local one');
				if (local)
					await this.conflictRecorder?.(db, {
						kind: 'overlap',
						appointmentId: local.id,
						startsAt: pa.startsAt,
						clinicTimeZone: s.timeZone
					});
				return 'conflict';
			}
			throw err;
		}
	}

	/** What the booking does when its appointment moves or ends upstream (set by the app: the booking service). */
	follower: UpstreamFollower | null = null;
	/** Records a change the local side could not take (set by the app). */
	conflictRecorder:
		((exec: Executor, c: { kind: 'overlap'; appointmentId: string; startsAt: Date; clinicTimeZone: string }) => Promise<void>) | null =
		null;

	private sealClient(pa: ProviderAppointment) {
		return this.deps.cipher.encrypt(JSON.stringify({ ...pa.client, fields: pa.fields }), 'appointment-client');
	}

	/**
	 * An appointment the provider no longer has at all. Without a booking it is as good as cancelled;
	 * with one, nothing is cancelled on a missing answer (a referrer would be told their examination
	 * is off): an admin is shown it instead.
	 */
	private async applyGone(local: typeof appointment.$inferSelect): Promise<boolean> {
		const change: UpstreamChange = {
			kind: 'gone',
			appointmentId: local.id,
			fromStartsAt: local.startsAt,
			toStartsAt: local.startsAt,
			toEndsAt: local.endsAt,
			fromSpecialistId: local.specialistId,
			toSpecialistId: local.specialistId
		};
		const cancelled = await this.deps.db.transaction(async (tx) => {
			if ((await this.follower?.(tx, change)) === 'kept') return false;
			await tx
				.update(appointment)
				.set({ status: 'cancelled', cancelledAt: new Date(), pendingChange: null, pendingUntil: null, updatedAt: new Date() })
				.where(eq(appointment.id, local.id));
			return true;
		});
		if (cancelled) await this.invalidate(local.specialistId);
		return cancelled;
	}

	/**
	 * An Acuity webhook: verified on the raw bytes, recognised when repeated, then the appointment is
	 * fetched (the body is trusted for its id only) and applied.
	 */
	async handleWebhook(
		rawBody: Uint8Array,
		signature: string | null
	): Promise<{ status: 'applied' | 'duplicate' | 'rejected' | 'ignored'; outcome?: SyncOutcome }> {
		const key = this.deps.webhookKey;
		if (!key || !verifyAcuitySignature(rawBody, signature, key)) return { status: 'rejected' };
		const params = new URLSearchParams(Buffer.from(rawBody).toString('utf8'));
		const action = params.get('action') ?? '';
		const id = params.get('id') ?? '';
		if (!/^appointment\.(scheduled|rescheduled|canceled|changed)$/.test(action) || !/^\d{1,20}$/.test(id)) return { status: 'ignored' };
		// The same body within the same minute is the same delivery; `changed` arrives beside the others.
		const minute = Math.floor(this.now().getTime() / 60_000);
		const dedupeKey = createHash('sha256').update(rawBody).update(`:${minute}`).digest('hex');
		const recorded = await this.deps.db
			.insert(webhookEvent)
			.values({ provider: 'acuity', dedupeKey, action, providerAppointmentId: id })
			.onConflictDoNothing({ target: webhookEvent.dedupeKey })
			.returning({ id: webhookEvent.id });
		if (recorded.length === 0) return { status: 'duplicate' };
		const pa = await this.deps.provider.get(id);
		const outcome = pa ? await this.applyUpstream(pa) : 'unchanged';
		await this.deps.db.update(webhookEvent).set({ outcome, processedAt: new Date() }).where(eq(webhookEvent.id, recorded[0]!.id));
		return { status: 'applied', outcome };
	}

	/**
	 * Compare upstream and local appointments over a window and repair drift. One instance at a
	 * time: a transaction-scoped advisory lock; a second caller skips.
	 */
	async reconcile(window: { from: Date; to: Date }): Promise<ReconcileReport> {
		const report: ReconcileReport = { skipped: false, checked: 0, created: 0, moved: 0, cancelled: 0, conflicts: 0 };
		if (this.deps.provider.kind === 'builtin') return report;
		return this.withReconcileLock(report, async () => {
			const upstream = await this.deps.provider.list({ ...window, includeCanceled: true });
			const seen = new Set<string>();
			for (const pa of upstream) {
				seen.add(pa.id);
				report.checked++;
				const outcome = await this.applyUpstream(pa);
				if (outcome === 'created') report.created++;
				else if (outcome === 'moved') report.moved++;
				else if (outcome === 'cancelled') report.cancelled++;
				else if (outcome === 'conflict') report.conflicts++;
			}
			// Local confirmed appointments the upstream no longer lists: ask for each one directly.
			const locals = await this.deps.db
				.select()
				.from(appointment)
				.where(
					and(
						eq(appointment.provider, this.deps.provider.kind),
						eq(appointment.status, 'confirmed'),
						gte(appointment.startsAt, window.from),
						lt(appointment.startsAt, window.to)
					)
				);
			for (const local of locals) {
				if (!local.providerAppointmentId || seen.has(local.providerAppointmentId)) continue;
				report.checked++;
				const pa = await this.deps.provider.get(local.providerAppointmentId);
				if (!pa) {
					if (await this.applyGone(local)) report.cancelled++;
					else report.conflicts++;
					continue;
				}
				const outcome = await this.applyUpstream(pa);
				if (outcome === 'moved') report.moved++;
				else if (outcome === 'cancelled') report.cancelled++;
				else if (outcome === 'conflict') report.conflicts++;
			}
			this.deps.logger.info({ ...report }, 'reconciled appointments');
			return report;
		});
	}

	/**
	 * One reconciler at a time across instances: a transaction holds an advisory lock while the work
	 * runs (the work itself commits as it goes). PGlite is owned by one process, so it needs none.
	 */
	private async withReconcileLock(report: ReconcileReport, work: () => Promise<ReconcileReport>): Promise<ReconcileReport> {
		if (this.deps.dbKind === 'pglite') return work();
		return this.deps.db.transaction(async (tx) => {
			const rows = rowsOf<{ locked: boolean }>(
				await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('ime:reconcile')) as locked`)
			);
			if (!rows[0]?.locked) return { ...report, skipped: true };
			return work();
		});
	}

	/** When this instance last synced the catalogue, and whether it worked (the operations dashboard). */
	lastCatalogueSync: { at: Date; ok: boolean } | null = null;

	/** Bring specialists, appointment types and intake forms in from the provider. */
	async syncCatalogue(): Promise<{ specialists: number; appointmentTypes: number; forms: number }> {
		try {
			const report = await this.syncCatalogueNow();
			this.lastCatalogueSync = { at: new Date(), ok: true };
			return report;
		} catch (err) {
			this.lastCatalogueSync = { at: new Date(), ok: false };
			throw err;
		}
	}

	private async syncCatalogueNow(): Promise<{ specialists: number; appointmentTypes: number; forms: number }> {
		if (this.deps.provider.kind === 'builtin') return { specialists: 0, appointmentTypes: 0, forms: 0 };
		const [calendars, types, forms] = await Promise.all([
			this.deps.provider.calendars(),
			this.deps.provider.appointmentTypes(),
			this.deps.provider.forms()
		]);
		const db = this.deps.db;
		return db
			.transaction(async (tx) => {
				const specialistIds = new Map<string, string>();
				for (const c of calendars) {
					const [row] = await tx
						.insert(specialist)
						.values({ displayName: c.name, specialty: c.description, location: c.location, timeZone: c.timeZone, providerCalendarId: c.id })
						.onConflictDoUpdate({
							target: specialist.providerCalendarId,
							set: { displayName: c.name, location: c.location, timeZone: c.timeZone }
						})
						.returning({ id: specialist.id });
					specialistIds.set(c.id, row!.id);
				}
				for (const t of types) {
					const intakeFields: IntakeField[] = forms
						.filter((f) => f.appointmentTypeIds.includes(t.id) || t.formIds.includes(f.id))
						.flatMap((f) => f.fields);
					const values = {
						name: t.name,
						description: t.description,
						category: t.category || 'IME',
						mode: t.mode,
						durationMinutes: t.durationMinutes,
						priceCents: t.priceCents,
						paddingBeforeMinutes: t.paddingBeforeMinutes,
						paddingAfterMinutes: t.paddingAfterMinutes,
						intakeFields,
						active: t.active,
						providerTypeId: t.id
					};
					const [row] = await tx
						.insert(appointmentType)
						.values(values)
						.onConflictDoUpdate({ target: appointmentType.providerTypeId, set: values })
						.returning({ id: appointmentType.id });
					await tx.delete(specialistAppointmentType).where(eq(specialistAppointmentType.appointmentTypeId, row!.id));
					const links = t.calendarIds.map((c) => specialistIds.get(c)).filter((x): x is string => Boolean(x));
					if (links.length)
						await tx.insert(specialistAppointmentType).values(links.map((specialistId) => ({ specialistId, appointmentTypeId: row!.id })));
				}
				return { specialists: calendars.length, appointmentTypes: types.length, forms: forms.length };
			})
			.finally(() => this.idCache.clear());
	}

	/** Appointments made directly in the provider that are not bookings yet. */
	async unattached(limit = 100) {
		const db = this.deps.db;
		return db
			.select({
				id: appointment.id,
				startsAt: appointment.startsAt,
				specialistName: specialist.displayName,
				typeName: appointmentType.name
			})
			.from(appointment)
			.innerJoin(specialist, eq(specialist.id, appointment.specialistId))
			.innerJoin(appointmentType, eq(appointmentType.id, appointment.appointmentTypeId))
			.where(madeUpstreamWithoutBooking(db))
			.orderBy(asc(appointment.startsAt))
			.limit(limit);
	}
}
