/**
 * Changes made upstream, at the provider: webhooks, the reconciler, the catalogue sync and the
 * appointments made there that wait to become bookings. The local appointment row always takes
 * the provider's state; what follows it (the booking) is handed to `follower`, set by the app.
 * The scheduling service (scheduling.ts) owns one of these and answers for it.
 */
import { createHash } from 'node:crypto';
import type { Db, Executor } from '../../db/client';
import type { IntakeField } from '../../db/schema';
import type { Logger } from '../../logger';
import {
	confirmedStartingIn,
	findByIdempotencyKey,
	findByProviderId,
	insertAppointment,
	markCancelled,
	moveAppointment,
	refreshClient,
	setProviderId,
	setUpstreamStatus,
	type AppointmentRow
} from '../../repositories/appointments.repository';
import { findTypeForProvider, replaceOffersOfType, upsertProviderType } from '../../repositories/catalogue.repository';
import { findSpecialistForCalendar, upsertCalendarSpecialist } from '../../repositories/specialists.repository';
import {
	listWaitingAppointments,
	markWebhookProcessed,
	recordWebhookEvent,
	tryReconcileLock
} from '../../repositories/upstream-appointments.repository';
import type { Cipher } from '../crypto/cipher';
import { busyIntervalOf } from './builtin/availability';
import { EXCLUSION_VIOLATION, UNIQUE_VIOLATION, pgCode } from '../../db/errors';
import { refFromNotes, type ProviderAppointment, type SchedulingProvider } from './provider';
import { verifyAcuitySignature } from './webhook-signature';

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

/** Records a change the local side could not take. */
export type ConflictRecorder = (
	exec: Executor,
	c: { kind: 'overlap'; appointmentId: string; startsAt: Date; clinicTimeZone: string }
) => Promise<void>;

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

export type SyncOutcome = 'created' | 'moved' | 'cancelled' | 'unchanged' | 'conflict' | 'unknown_calendar';

export interface ReconcileReport {
	skipped: boolean;
	checked: number;
	created: number;
	moved: number;
	cancelled: number;
	conflicts: number;
}

export interface UpstreamSyncDeps {
	db: Db;
	cipher: Cipher;
	provider: SchedulingProvider;
	logger: Logger;
	webhookKey?: string;
	dbKind: 'pglite' | 'postgres';
	now: () => Date;
	/** Drops a specialist's cached availability. */
	invalidate: (specialistId: string) => Promise<void>;
	/** Called once a catalogue sync has finished (or failed): cached provider ids are stale. */
	catalogueSynced: () => void;
}

export class UpstreamSync {
	constructor(private readonly deps: UpstreamSyncDeps) {}

	/** What the booking does when its appointment moves or ends upstream (set by the app: the booking service). */
	follower: UpstreamFollower | null = null;
	/** Records a change the local side could not take (set by the app). */
	conflictRecorder: ConflictRecorder | null = null;
	/** When this instance last synced the catalogue, and whether it worked (the operations dashboard). */
	lastCatalogueSync: { at: Date; ok: boolean } | null = null;

	private get byLocalId() {
		return this.deps.provider.kind === 'builtin';
	}

	/** Make the local record match one upstream appointment, and whatever follows it (the booking). Idempotent. */
	applyUpstream(pa: ProviderAppointment): Promise<SyncOutcome> {
		return this.apply(pa, false);
	}

	private async apply(pa: ProviderAppointment, again: boolean): Promise<SyncOutcome> {
		const db = this.deps.db;
		const provider = this.deps.provider.kind;
		const s = await findSpecialistForCalendar(db, this.byLocalId, pa.calendarId);
		const t = await findTypeForProvider(db, this.byLocalId, pa.appointmentTypeId);
		if (!s || !t) return 'unknown_calendar';
		let local = await findByProviderId(db, provider, pa.id);
		if (!local) {
			// Our own booking whose commit never recorded the upstream id: find it by the key in the notes.
			const ref = refFromNotes(pa.notes);
			if (ref) {
				local = await findByIdempotencyKey(db, ref);
				if (local) await setProviderId(db, local.id, provider, pa.id);
			}
		}
		const busy = busyIntervalOf(pa.startsAt, t.durationMinutes, t.paddingBeforeMinutes, t.paddingAfterMinutes);
		try {
			if (!local) {
				if (pa.canceled) return 'unchanged';
				await insertAppointment(db, {
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
				await this.deps.invalidate(s.id);
				return 'created';
			}
			if (isOwnEcho(local, pa, this.deps.now())) return 'unchanged';
			const change = changeOf(local, pa, s);
			if (!change) {
				// Not yet a booking: keep what Acuity's form holds current, for the admin who turns it into one.
				if (local.source === 'upstream' && !local.organizationId && local.status === 'confirmed')
					await refreshClient(db, local.id, this.sealClient(pa));
				return 'unchanged';
			}
			const current = local;
			await db.transaction(async (tx) => {
				if (change.kind === 'moved')
					await moveAppointment(tx, current.id, {
						specialistId: s.id,
						startsAt: pa.startsAt,
						endsAt: pa.endsAt,
						busyFrom: busy.start,
						busyTo: busy.end
					});
				else
					await setUpstreamStatus(tx, current.id, {
						status: pa.canceled ? 'cancelled' : current.status,
						cancelledAt: pa.canceled ? (current.cancelledAt ?? new Date()) : current.cancelledAt,
						noShow: pa.noShow
					});
				await this.follower?.(tx, change);
			});
			await this.deps.invalidate(s.id);
			if (local.specialistId !== s.id) await this.deps.invalidate(local.specialistId);
			return change.kind === 'moved' ? 'moved' : 'cancelled';
		} catch (err) {
			// Our own confirmation recorded it while this was inserting it (the webhook came before the
			// commit): what it recorded is read again, once.
			if (!local && !again && pgCode(err) === UNIQUE_VIOLATION) return this.apply(pa, true);
			if (pgCode(err) === EXCLUSION_VIOLATION) {
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

	private sealClient(pa: ProviderAppointment) {
		return this.deps.cipher.encrypt(JSON.stringify({ ...pa.client, fields: pa.fields }), 'appointment-client');
	}

	/**
	 * An appointment the provider no longer has at all. Without a booking it is as good as cancelled;
	 * with one, nothing is cancelled on a missing answer (a referrer would be told their examination
	 * is off): an admin is shown it instead.
	 */
	private async applyGone(local: AppointmentRow): Promise<boolean> {
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
			await markCancelled(tx, local.id, new Date());
			return true;
		});
		if (cancelled) await this.deps.invalidate(local.specialistId);
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
		const minute = Math.floor(this.deps.now().getTime() / 60_000);
		const dedupeKey = createHash('sha256').update(rawBody).update(`:${minute}`).digest('hex');
		const recorded = await recordWebhookEvent(this.deps.db, { provider: 'acuity', dedupeKey, action, providerAppointmentId: id });
		if (recorded === null) return { status: 'duplicate' };
		const pa = await this.deps.provider.get(id);
		const outcome = pa ? await this.applyUpstream(pa) : 'unchanged';
		await markWebhookProcessed(this.deps.db, recorded, outcome);
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
			const locals = await confirmedStartingIn(this.deps.db, this.deps.provider.kind, window.from, window.to);
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
			if (!(await tryReconcileLock(tx))) return { ...report, skipped: true };
			return work();
		});
	}

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
		return this.deps.db
			.transaction(async (tx) => {
				const specialistIds = new Map<string, string>();
				for (const c of calendars) specialistIds.set(c.id, await upsertCalendarSpecialist(tx, c));
				for (const t of types) {
					const intakeFields: IntakeField[] = forms
						.filter((f) => f.appointmentTypeIds.includes(t.id) || t.formIds.includes(f.id))
						.flatMap((f) => f.fields);
					const typeId = await upsertProviderType(tx, {
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
					});
					const links = t.calendarIds.map((c) => specialistIds.get(c)).filter((x): x is string => Boolean(x));
					await replaceOffersOfType(tx, typeId, links);
				}
				return { specialists: calendars.length, appointmentTypes: types.length, forms: forms.length };
			})
			.finally(() => this.deps.catalogueSynced());
	}

	/** Appointments made directly in the provider that are not bookings yet. */
	async unattached(limit = 100) {
		return listWaitingAppointments(this.deps.db, limit);
	}
}
