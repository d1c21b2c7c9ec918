/**
 * The scheduling service: local ids in, provider ids out. Availability through the cache and slot
 * holds here; webhooks, the reconciler and the catalogue sync in upstream-sync.ts, answered for by
 * this service. Routers call this, never a provider.
 */
import type { Db } from '../../db/client';
import { findActiveAppointmentType } from '../../repositories/catalogue.repository';
import { findActiveSpecialist } from '../../repositories/specialists.repository';
import type { Logger } from '../../logger';
import type { Cipher } from '../crypto/cipher';
import { AvailabilityCache, type AvailabilityCacheOptions, type PrefetchedRead } from './availability-cache';
import { busyIntervalOf, localParts } from './builtin/availability';
import { invalidInput } from './errors';
import { placeHold, releaseHold, type Hold, type HoldAdmission } from './holds';
import { HoldSpans, type HoldSpan, type HoldSpanOptions } from './hold-spans';
import { liveHoldSpans } from '../../repositories/holds.repository';
import type { ProviderAppointment, SchedulingProvider } from './provider';
import { shareCatalogueSync } from '../operations/shared-figures';
import { UpstreamSync, type ConflictRecorder, type ReconcileReport, type SyncOutcome, type UpstreamFollower } from './upstream-sync';

export {
	changeOf,
	isOwnEcho,
	PENDING_CHANGE_SECONDS,
	type ConflictRecorder,
	type ReconcileReport,
	type SyncOutcome,
	type UpstreamChange,
	type UpstreamFollower
} from './upstream-sync';

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

const DAY_MS = 86_400_000;
/** Whether any hold's busy time overlaps `busy` (half-open intervals). */
const heldDuring = (holds: HoldSpan[], busy: { start: Date; end: Date }) =>
	holds.some((h) => h.busyFrom < busy.end && h.busyTo > busy.start);
const monthOf = (d: Date, tz: string) => localParts(d, tz).date.slice(0, 7);
const nextMonth = (m: string) => {
	const [y, mo] = m.split('-').map(Number) as [number, number];
	return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

export class SchedulingService {
	readonly availability: AvailabilityCache;
	/** Our own live holds, subtracted from every answer: kept between changes (hold-spans.ts). */
	readonly holdSpans: HoldSpans;

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
			holdSpanOptions?: HoldSpanOptions;
		}
	) {
		this.availability = new AvailabilityCache(deps.cache, deps.availabilityOptions);
		this.holdSpans = new HoldSpans(deps.db, deps.cache, deps.holdSpanOptions);
		this.upstream = new UpstreamSync({
			db: deps.db,
			cipher: deps.cipher,
			provider: deps.provider,
			logger: deps.logger,
			webhookKey: deps.webhookKey,
			dbKind: deps.dbKind,
			now: () => this.now(),
			invalidate: (specialistId) => this.invalidate(specialistId),
			catalogueSynced: () => this.idCache.clear()
		});
	}

	/** Webhooks, the reconciler and the catalogue sync (upstream-sync.ts). */
	readonly upstream: UpstreamSync;

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
		const s = await findActiveSpecialist(this.deps.db, specialistId);
		const t = await findActiveAppointmentType(this.deps.db, appointmentTypeId);
		if (!s) throw invalidInput('No such specialist.');
		if (!t) throw invalidInput('No such appointment type.');
		const builtin = this.deps.provider.kind === 'builtin';
		const calendarId = builtin ? s.id : s.providerCalendarId;
		const typeId = builtin ? t.id : t.providerTypeId;
		if (!calendarId || !typeId) throw invalidInput('This specialist or appointment type is not linked to the scheduling service yet.');
		return { specialist: s, type: t, calendarId, typeId };
	}

	/**
	 * Subtract our own live holds (Acuity knows nothing of them). `early`: holds for a wider span
	 * (their generation read with the cached answer), used when that span covers the slots' own.
	 */
	private async withoutHolds(
		specialistId: string,
		typeDuration: { d: number; b: number; a: number },
		slots: SlotView[],
		holderKey?: string,
		early?: { from: Date; to: Date; holds: () => Promise<HoldSpan[]> }
	) {
		if (slots.length === 0) return slots;
		const from = new Date(new Date(slots[0]!.startsAt).getTime() - 24 * 3600_000);
		const to = new Date(new Date(slots.at(-1)!.startsAt).getTime() + 24 * 3600_000);
		const covered = early && early.from <= from && early.to >= to;
		const holds = (covered ? await early.holds() : await liveHoldSpans(this.deps.db, specialistId, from, to, this.now())).filter(
			(h) => h.holderKey !== holderKey
		);
		if (holds.length === 0) return slots;
		return slots.filter((s) => {
			const busy = busyIntervalOf(new Date(s.startsAt), typeDuration.d, typeDuration.b, typeDuration.a);
			return !heldDuring(holds, busy);
		});
	}

	/**
	 * The month's dates with a free time. A date whose every free time is held by someone else (not
	 * `holderKey`, the caller's own draft) is left out, as its times would be empty: only the dates a live hold reaches are read again, through
	 * `availableTimes` (cached), so a month without holds costs nothing more. The holds' generation is
	 * read with the cached answer, as for the times.
	 */
	async availableDates(
		specialistId: string,
		appointmentTypeId: string,
		month: string,
		timeZone: string,
		holderKey?: string
	): Promise<Availability<string[]>> {
		const ids = await this.providerIds(specialistId, appointmentTypeId);
		const read = await this.availability.read(
			specialistId,
			`dates:${ids.typeId}:${month}:${timeZone}`,
			() =>
				this.deps.provider.availableDates({
					calendarId: ids.calendarId,
					appointmentTypeId: ids.typeId,
					timeZone,
					month,
					withoutHolds: true
				}),
			[HoldSpans.generationKey(specialistId)]
		);
		const dates = read.value;
		if (dates.length === 0) return { value: dates, stale: read.stale };
		const span = {
			from: new Date(Date.parse(`${dates[0]}T00:00:00Z`) - 2 * DAY_MS),
			to: new Date(Date.parse(`${dates.at(-1)}T00:00:00Z`) + 3 * DAY_MS)
		};
		const holds = (await this.holdSpans.spans(specialistId, span.from, span.to, this.now(), read.also[0] ?? null)).filter(
			(h) => h.holderKey !== holderKey
		);
		if (holds.length === 0) return { value: dates, stale: read.stale };
		// Every local date a hold's busy time, widened by a day each side, touches (steps of 6 hours
		// meet every date, whatever its length).
		const dateOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
		const reached = new Set<string>();
		for (const h of holds)
			for (let t = h.busyFrom.getTime() - DAY_MS; t <= h.busyTo.getTime() + DAY_MS + 6 * 3600_000; t += 6 * 3600_000)
				reached.add(dateOf.format(new Date(t)));
		const keep = await Promise.all(
			dates.map(
				async (date) =>
					!reached.has(date) || (await this.availableTimes(specialistId, appointmentTypeId, date, timeZone, holderKey)).value.length > 0
			)
		);
		return { value: dates.filter((_, i) => keep[i]), stale: read.stale };
	}

	/** Where `availableTimes` reads its cached answer: the specialist, the key, and the hold generation read with it. */
	private timesKeys(specialistId: string, typeId: string, date: string, timeZone: string) {
		return { calendarKey: specialistId, key: `times:${typeId}:${date}:${timeZone}`, also: [HoldSpans.generationKey(specialistId)] };
	}

	/**
	 * `availableTimes`' cache read started ahead (hooks.server.ts: while the session is read), when
	 * the specialist's and type's ids are already known here; null otherwise. Handed back to
	 * `availableTimes` with the same arguments, it takes the place of that call's own read.
	 */
	prefetchTimes(specialistId: string, appointmentTypeId: string, date: string, timeZone: string): PrefetchedRead | null {
		const hit = this.idCache.get(`${specialistId}:${appointmentTypeId}`);
		if (!hit || Date.now() - hit.at >= 30_000) return null;
		const k = this.timesKeys(specialistId, hit.ids.typeId, date, timeZone);
		return this.availability.prefetch(k.calendarKey, k.key, k.also);
	}

	async availableTimes(
		specialistId: string,
		appointmentTypeId: string,
		date: string,
		timeZone: string,
		holderKey?: string,
		prefetched?: PrefetchedRead | null
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
		// The holds, for the day in any zone with a day either side: their generation is read with the
		// cached answer (one round trip), and the database only when they changed since this process read them.
		const day = Date.parse(`${date}T00:00:00Z`);
		const span = { from: new Date(day - 2 * DAY_MS), to: new Date(day + 3 * DAY_MS) };
		const k = this.timesKeys(specialistId, ids.typeId, date, timeZone);
		const read = await this.availability.read(k.calendarKey, k.key, upstream, k.also, prefetched);
		const holds = () => this.holdSpans.spans(specialistId, span.from, span.to, this.now(), read.also[0] ?? null);
		return { value: await this.withoutHolds(specialistId, duration, read.value, holderKey, { ...span, holds }), stale: read.stale };
	}

	/** The first free time within the specialist's horizon, or null: one cached read per card. */
	async nextAvailable(specialistId: string, appointmentTypeId: string): Promise<Availability<SlotView | null>> {
		const ids = await this.providerIds(specialistId, appointmentTypeId);
		const tz = ids.specialist.timeZone;
		const read = await this.availability.read(specialistId, `next:${ids.typeId}`, () => this.firstUpstreamTime(ids), [
			HoldSpans.generationKey(specialistId)
		]);
		const next = read.value;
		if (!next) return { value: null, stale: read.stale };
		// Someone else holding that time: the first one not held, through the month grid and the
		// times as the wizard shows them (a few cached reads, and only while the hold lasts).
		const at = new Date(next.startsAt);
		const holds = await this.holdSpans.spans(
			specialistId,
			new Date(at.getTime() - 2 * DAY_MS),
			new Date(at.getTime() + 3 * DAY_MS),
			this.now(),
			read.also[0] ?? null
		);
		const busy = busyIntervalOf(at, ids.type.durationMinutes, ids.type.paddingBeforeMinutes, ids.type.paddingAfterMinutes);
		if (!heldDuring(holds, busy)) return { value: next, stale: read.stale };
		const from = localParts(at, tz).date;
		const last = monthOf(new Date(this.now().getTime() + ids.specialist.horizonDays * DAY_MS), tz);
		for (let month = from.slice(0, 7); month <= last; month = nextMonth(month)) {
			const dates = await this.availableDates(specialistId, appointmentTypeId, month, tz);
			for (const date of dates.value.filter((d) => d >= from)) {
				const times = await this.availableTimes(specialistId, appointmentTypeId, date, tz);
				if (times.value[0]) return { value: times.value[0], stale: read.stale || dates.stale || times.stale };
			}
		}
		return { value: null, stale: read.stale };
	}

	/** The provider's first free time within the specialist's horizon, holds not subtracted (cached by nextAvailable). */
	private async firstUpstreamTime(ids: Awaited<ReturnType<SchedulingService['providerIds']>>): Promise<SlotView | null> {
		const tz = ids.specialist.timeZone;
		let month = monthOf(this.now(), tz);
		const last = monthOf(new Date(this.now().getTime() + ids.specialist.horizonDays * DAY_MS), tz);
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
	}

	/** Also the specialist's holds: a booking made from a hold removes it (confirm.ts invalidates after committing). */
	async invalidate(specialistId: string) {
		await Promise.all([this.availability.invalidate(specialistId), this.holdsChanged(specialistId)]);
	}

	/**
	 * A hold hides its time from everyone else at once (every instance reads the holds again once the
	 * hold has committed), without touching the cached upstream answer.
	 */
	async hold(
		input: { holderKey: string; specialistId: string; appointmentTypeId: string; startsAt: Date },
		admit?: HoldAdmission
	): Promise<Hold> {
		const { previousSpecialistId, ...held } = await placeHold(this.deps.db, input, this.now(), admit);
		// A holder who moved to another specialist frees a time of the one before, too.
		await Promise.all([
			this.holdsChanged(input.specialistId),
			previousSpecialistId && previousSpecialistId !== input.specialistId ? this.holdsChanged(previousSpecialistId) : undefined
		]);
		return held;
	}

	async release(holderKey: string) {
		const released = await releaseHold(this.deps.db, holderKey);
		if (released) await this.holdsChanged(released.specialistId);
	}

	/** Never fails the change itself: a generation not written is seen within HoldSpans' maxAgeMs. */
	private async holdsChanged(specialistId: string) {
		await this.holdSpans.changed(specialistId).catch((err: unknown) => {
			this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'hold generation not written');
		});
	}

	// ——— Upstream changes: webhooks, reconciliation, catalogue (upstream-sync.ts) ———

	/** Make the local record match one upstream appointment, and whatever follows it (the booking). Idempotent. */
	applyUpstream(pa: ProviderAppointment): Promise<SyncOutcome> {
		return this.upstream.applyUpstream(pa);
	}

	/** What the booking does when its appointment moves or ends upstream (set by the app: the booking service). */
	get follower(): UpstreamFollower | null {
		return this.upstream.follower;
	}
	set follower(f: UpstreamFollower | null) {
		this.upstream.follower = f;
	}

	/** Records a change the local side could not take (set by the app). */
	get conflictRecorder(): ConflictRecorder | null {
		return this.upstream.conflictRecorder;
	}
	set conflictRecorder(r: ConflictRecorder | null) {
		this.upstream.conflictRecorder = r;
	}

	/** An Acuity webhook: verified, recognised when repeated, then applied. */
	handleWebhook(rawBody: Uint8Array, signature: string | null) {
		return this.upstream.handleWebhook(rawBody, signature);
	}

	/** Compare upstream and local appointments over a window and repair drift (one instance at a time). */
	reconcile(window: { from: Date; to: Date }): Promise<ReconcileReport> {
		return this.upstream.reconcile(window);
	}

	/** When this instance last synced the catalogue, and whether it worked (the operations dashboard). */
	get lastCatalogueSync(): { at: Date; ok: boolean } | null {
		return this.upstream.lastCatalogueSync;
	}

	/** Bring specialists, appointment types and intake forms in from the provider. */
	async syncCatalogue(): Promise<{ specialists: number; appointmentTypes: number; forms: number }> {
		try {
			return await this.upstream.syncCatalogue();
		} finally {
			// Every instance's dashboard reads the outcome; failing to share it must not hide the sync's own.
			const last = this.upstream.lastCatalogueSync;
			if (last)
				await shareCatalogueSync(this.deps.db, last).catch((err) =>
					this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'catalogue sync result not shared')
				);
		}
	}

	/** Appointments made directly in the provider that are not bookings yet. */
	unattached(limit = 100) {
		return this.upstream.unattached(limit);
	}
}
