/**
 * The built-in scheduler (embedded default): the catalogue and hours live in our own tables, and
 * the `appointment` table is the provider's store as well as the local record.
 */
import type { Db, Executor } from '../../../db/client';
import { DEADLOCK, EXCLUSION_VIOLATION, UNIQUE_VIOLATION, pgCode, retryingOn } from '../../../db/errors';
import {
	cancelBuiltinAppointment,
	confirmedBusyOverlapping,
	findBuiltinAppointment,
	findByIdempotencyKey,
	insertAppointment,
	listBuiltinAppointments,
	moveBuiltinAppointment,
	updateClient,
	type AppointmentRow
} from '../../../repositories/appointments.repository';
import {
	allAppointmentTypes,
	allOffers,
	appointmentTypesByName,
	findAppointmentType,
	offers
} from '../../../repositories/catalogue.repository';
import { liveHoldSpans, lockSpecialistHolds } from '../../../repositories/holds.repository';
import { dateOverridesOf, weeklyHoursOf } from '../../../repositories/schedule.repository';
import { activeSpecialistsByName, findSpecialist } from '../../../repositories/specialists.repository';
import type { Cipher } from '../../crypto/cipher';
import { invalidInput, notFound, slotUnavailable } from '../errors';
import type {
	AppointmentClient,
	AvailabilityQuery,
	CreateAppointmentInput,
	ProviderAppointment,
	ProviderAppointmentType,
	ProviderCalendar,
	ProviderForm,
	SchedulingProvider,
	Slot
} from '../provider';
import { isPublicHoliday } from '../holidays';
import { availableTimes as engineTimes, busyIntervalOf, dayBoundsUtc, localParts, type Interval, type ScheduleRules } from './availability';
import { isUuid } from '../../../../ids';

const DAY_MS = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (date: string, days: number) => isoDate(new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY_MS));

/**
 * The statements the no-overlap constraint checks. Two writes of overlapping times that arrive
 * together can each wait for the other (an exclusion constraint is checked after the row is in the
 * index), and PostgreSQL then aborts one of them as a deadlock. That one is run again, up to twice:
 * it now waits for the other and is refused as an overlap, or goes through if the other rolled back.
 */
const retryingDeadlocks = retryingOn([DEADLOCK]);

export class BuiltinProvider implements SchedulingProvider {
	readonly kind = 'builtin' as const;

	constructor(
		private readonly db: Db,
		private readonly cipher: Cipher,
		private readonly now: () => Date = () => new Date()
	) {}

	async appointmentTypes(): Promise<ProviderAppointmentType[]> {
		const [types, links] = await Promise.all([appointmentTypesByName(this.db), allOffers(this.db)]);
		return types.map((t) => ({
			id: t.id,
			name: t.name,
			description: t.description,
			durationMinutes: t.durationMinutes,
			priceCents: t.priceCents,
			category: t.category,
			mode: t.mode === 'telehealth' ? 'telehealth' : 'in_person',
			paddingBeforeMinutes: t.paddingBeforeMinutes,
			paddingAfterMinutes: t.paddingAfterMinutes,
			calendarIds: links.filter((l) => l.appointmentTypeId === t.id).map((l) => l.specialistId),
			formIds: t.intakeFields.length ? [t.id] : [],
			active: t.active
		}));
	}

	async calendars(): Promise<ProviderCalendar[]> {
		const rows = await activeSpecialistsByName(this.db);
		return rows.map((s) => ({
			id: s.id,
			name: s.displayName,
			email: '',
			description: s.specialty,
			location: s.location,
			timeZone: s.timeZone
		}));
	}

	async forms(): Promise<ProviderForm[]> {
		const types = await allAppointmentTypes(this.db);
		return types
			.filter((t) => t.intakeFields.length > 0)
			.map((t) => ({ id: t.id, name: `${t.name} intake`, description: '', appointmentTypeIds: [t.id], fields: t.intakeFields }));
	}

	private async context(calendarId: string, appointmentTypeId: string) {
		const s = await findSpecialist(this.db, calendarId);
		const t = await findAppointmentType(this.db, appointmentTypeId);
		if (!s || !s.active) throw invalidInput('No such specialist.');
		if (!t || !t.active) throw invalidInput('No such appointment type.');
		const offered = await offers(this.db, s.id, t.id);
		const [hours, overrides] = await Promise.all([weeklyHoursOf(this.db, s.id), dateOverridesOf(this.db, s.id)]);
		const weekly = new Map<number, { startMinute: number; endMinute: number }[]>();
		for (const h of hours)
			weekly.set(h.weekday, [...(weekly.get(h.weekday) ?? []), { startMinute: h.startMinute, endMinute: h.endMinute }]);
		const rules: ScheduleRules = {
			timeZone: s.timeZone,
			weeklyHours: [...weekly].map(([weekday, ranges]) => ({ weekday, ranges: ranges.sort((a, b) => a.startMinute - b.startMinute) })),
			overrides: overrides.map((o) => ({ date: o.date, ranges: o.ranges })),
			closedOn: (date) => isPublicHoliday(date, s.state),
			slotIntervalMinutes: s.slotIntervalMinutes,
			minNoticeMinutes: s.minNoticeMinutes,
			horizonDays: s.horizonDays
		};
		const request = {
			durationMinutes: t.durationMinutes,
			paddingBeforeMinutes: t.paddingBeforeMinutes,
			paddingAfterMinutes: t.paddingAfterMinutes
		};
		return { specialist: s, type: t, rules, request, offered };
	}

	/** Busy time of a specialist: confirmed appointments and live holds (but not the caller's own). */
	private async busy(
		exec: Executor,
		specialistId: string,
		from: Date,
		to: Date,
		ignore: { appointmentIds?: string[]; holderKey?: string; allHolds?: boolean } = {}
	) {
		const appts = await confirmedBusyOverlapping(exec, specialistId, from, to);
		const holds = ignore.allHolds ? [] : await liveHoldSpans(exec, specialistId, from, to, this.now());
		const intervals: Interval[] = [];
		for (const a of appts) if (!ignore.appointmentIds?.includes(a.id)) intervals.push({ start: a.busyFrom, end: a.busyTo });
		for (const h of holds) if (h.holderKey !== ignore.holderKey) intervals.push({ start: h.busyFrom, end: h.busyTo });
		return intervals;
	}

	/** Free times whose date, read in `timeZone`, is one of `dates` (any zone: clinic dates ±1 are scanned). */
	private async timesOn(
		query: AvailabilityQuery,
		dates: string[],
		ignore: { appointmentIds?: string[]; holderKey?: string; allHolds?: boolean } = {},
		exec: Executor = this.db
	): Promise<Date[]> {
		const ctx = await this.context(query.calendarId, query.appointmentTypeId);
		if (!ctx.offered || dates.length === 0) return [];
		const sorted = [...dates].sort();
		const clinicDates: string[] = [];
		for (let d = addDays(sorted[0]!, -1); d <= addDays(sorted.at(-1)!, 1); d = addDays(d, 1)) clinicDates.push(d);
		const from = dayBoundsUtc(clinicDates[0]!, ctx.rules.timeZone).start;
		const to = dayBoundsUtc(clinicDates.at(-1)!, ctx.rules.timeZone).end;
		const busy = await this.busy(exec, ctx.specialist.id, new Date(from.getTime() - DAY_MS), new Date(to.getTime() + DAY_MS), ignore);
		const now = this.now();
		const wanted = new Set(dates);
		const out: Date[] = [];
		for (const d of clinicDates)
			for (const t of engineTimes(ctx.rules, ctx.request, d, busy, now)) if (wanted.has(localParts(t, query.timeZone).date)) out.push(t);
		return out.sort((a, b) => a.getTime() - b.getTime());
	}

	async availableDates(query: AvailabilityQuery & { month: string }): Promise<string[]> {
		if (!/^\d{4}-\d{2}$/.test(query.month)) throw invalidInput('The month must look like 2026-03.');
		const dates: string[] = [];
		for (let d = `${query.month}-01`; d.startsWith(query.month); d = addDays(d, 1)) dates.push(d);
		const times = await this.timesOn(query, dates, { allHolds: query.withoutHolds });
		return [...new Set(times.map((t) => localParts(t, query.timeZone).date))].sort();
	}

	async availableTimes(query: AvailabilityQuery & { date: string; ignoreAppointmentIds?: string[]; holderKey?: string }): Promise<Slot[]> {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(query.date)) throw invalidInput('The date must look like 2026-03-14.');
		const ctx = await this.context(query.calendarId, query.appointmentTypeId);
		const times = await this.timesOn(query, [query.date], {
			appointmentIds: query.ignoreAppointmentIds,
			holderKey: query.holderKey,
			allHolds: query.withoutHolds
		});
		return times.map((startsAt) => ({ startsAt, timeZone: ctx.rules.timeZone }));
	}

	private async isFree(
		startsAt: Date,
		appointmentTypeId: string,
		calendarId: string,
		ignore: { appointmentIds?: string[]; holderKey?: string },
		exec: Executor = this.db
	) {
		const ctx = await this.context(calendarId, appointmentTypeId);
		const date = localParts(startsAt, ctx.rules.timeZone).date;
		const times = await this.timesOn({ calendarId, appointmentTypeId, timeZone: ctx.rules.timeZone }, [date], ignore, exec);
		return { ok: times.some((t) => t.getTime() === startsAt.getTime()), ctx };
	}

	async checkTime(query: { startsAt: Date; appointmentTypeId: string; calendarId: string }) {
		const { ok } = await this.isFree(query.startsAt, query.appointmentTypeId, query.calendarId, {});
		return ok ? { valid: true } : { valid: false, reason: 'not_available' };
	}

	async create(input: CreateAppointmentInput): Promise<ProviderAppointment> {
		const existing = await this.byIdempotencyKey(input.idempotencyKey);
		if (existing) return existing;
		const { ok, ctx } = await this.isFree(input.startsAt, input.appointmentTypeId, input.calendarId, { holderKey: input.holderKey });
		// A concurrent call with the same key may have just booked it: that is this call's answer too.
		if (!ok) {
			const done = await this.byIdempotencyKey(input.idempotencyKey);
			if (done) return done;
			throw slotUnavailable();
		}
		const id = crypto.randomUUID();
		const busy = busyIntervalOf(input.startsAt, ctx.type.durationMinutes, ctx.type.paddingBeforeMinutes, ctx.type.paddingAfterMinutes);
		let booked: boolean;
		try {
			booked = await retryingDeadlocks.execute(() =>
				this.db.transaction(async (tx) => {
					// One specialist's appointments are written one at a time, under the lock their holds
					// are placed under: the time is checked again exactly (someone else's hold or booking
					// since the check above), and two confirmations of overlapping times never wait on
					// each other inside the exclusion constraint (under load, one deadlock a second for
					// minutes). Nothing here asks the pool for another connection while the lock is held.
					await lockSpecialistHolds(tx, ctx.specialist.id);
					const taken = await this.busy(tx, ctx.specialist.id, busy.start, busy.end, { holderKey: input.holderKey });
					if (taken.some((t) => t.start < busy.end && t.end > busy.start)) return false;
					await insertAppointment(tx, {
						id,
						provider: 'builtin',
						providerAppointmentId: id,
						specialistId: ctx.specialist.id,
						appointmentTypeId: ctx.type.id,
						startsAt: input.startsAt,
						endsAt: new Date(input.startsAt.getTime() + ctx.type.durationMinutes * 60_000),
						busyFrom: busy.start,
						busyTo: busy.end,
						idempotencyKey: input.idempotencyKey,
						clientEncrypted: this.cipher.encrypt(
							JSON.stringify({ ...input.client, notes: input.notes ?? '', fields: input.fields ?? [] }),
							'appointment-client'
						)
					});
					return true;
				})
			);
		} catch (err) {
			const code = pgCode(err);
			if (code === UNIQUE_VIOLATION || code === EXCLUSION_VIOLATION || code === DEADLOCK) {
				const again = await this.byIdempotencyKey(input.idempotencyKey);
				if (again) return again;
			}
			// Still contested after the retries: someone else is taking that time.
			if (code === EXCLUSION_VIOLATION || code === DEADLOCK) throw slotUnavailable();
			throw err;
		}
		if (!booked) {
			// The same key's other call may have booked it meanwhile: that is this call's answer too.
			const done = await this.byIdempotencyKey(input.idempotencyKey);
			if (done) return done;
			throw slotUnavailable();
		}
		return (await this.get(id))!;
	}

	private async byIdempotencyKey(key: string) {
		const row = await findByIdempotencyKey(this.db, key);
		return row ? this.toProvider(row) : null;
	}

	async reschedule(id: string, input: { startsAt: Date; calendarId?: string }): Promise<ProviderAppointment> {
		const row = await findBuiltinAppointment(this.db, id);
		if (!row) throw notFound();
		if (row.status !== 'confirmed') throw invalidInput('A cancelled appointment cannot be moved.');
		const calendarId = input.calendarId ?? row.specialistId;
		const { ok, ctx } = await this.isFree(input.startsAt, row.appointmentTypeId, calendarId, { appointmentIds: [id] });
		if (!ok) throw slotUnavailable();
		const busy = busyIntervalOf(input.startsAt, ctx.type.durationMinutes, ctx.type.paddingBeforeMinutes, ctx.type.paddingAfterMinutes);
		try {
			// Under the specialist's lock, the time checked again there, as a new appointment is written (create).
			await retryingDeadlocks.execute(() =>
				this.db.transaction(async (tx) => {
					await lockSpecialistHolds(tx, calendarId);
					const taken = await this.busy(tx, calendarId, busy.start, busy.end, { appointmentIds: [id] });
					if (taken.some((t) => t.start < busy.end && t.end > busy.start)) throw slotUnavailable();
					await moveBuiltinAppointment(tx, id, {
						specialistId: calendarId,
						startsAt: input.startsAt,
						endsAt: new Date(input.startsAt.getTime() + ctx.type.durationMinutes * 60_000),
						busyFrom: busy.start,
						busyTo: busy.end
					});
				})
			);
		} catch (err) {
			const code = pgCode(err);
			if (code === EXCLUSION_VIOLATION || code === DEADLOCK) throw slotUnavailable();
			throw err;
		}
		return (await this.get(id))!;
	}

	async cancel(id: string, input: { note?: string; noShow?: boolean } = {}): Promise<ProviderAppointment> {
		if (!(await cancelBuiltinAppointment(this.db, id, input.noShow ?? false))) throw notFound();
		return (await this.get(id))!;
	}

	async updateFields(id: string, fields: { fieldId: string; value: string }[]): Promise<ProviderAppointment> {
		const current = await this.get(id);
		if (!current) throw notFound();
		const merged = [...current.fields.filter((f) => !fields.some((u) => u.fieldId === f.fieldId)), ...fields];
		const sealed = this.cipher.encrypt(JSON.stringify({ ...current.client, notes: current.notes, fields: merged }), 'appointment-client');
		await updateClient(this.db, id, sealed);
		return { ...current, fields: merged };
	}

	async get(id: string): Promise<ProviderAppointment | null> {
		if (!isUuid(id)) return null;
		const row = await findBuiltinAppointment(this.db, id);
		return row ? this.toProvider(row) : null;
	}

	async list(query: { from: Date; to: Date; calendarId?: string; includeCanceled?: boolean }): Promise<ProviderAppointment[]> {
		const rows = await listBuiltinAppointments(this.db, query);
		return rows.map((r) => this.toProvider(r));
	}

	private toProvider(row: AppointmentRow): ProviderAppointment {
		const client = row.clientEncrypted
			? (JSON.parse(this.cipher.decrypt(row.clientEncrypted, 'appointment-client')) as AppointmentClient & {
					notes?: string;
					fields?: { fieldId: string; value: string }[];
				})
			: { firstName: '', lastName: '', email: '' };
		return {
			id: row.id,
			calendarId: row.specialistId,
			appointmentTypeId: row.appointmentTypeId,
			startsAt: row.startsAt,
			endsAt: row.endsAt,
			durationMinutes: Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 60_000),
			timeZone: '',
			canceled: row.status === 'cancelled',
			noShow: row.noShow,
			client: { firstName: client.firstName, lastName: client.lastName, email: client.email, phone: client.phone },
			notes: client.notes ?? '',
			fields: client.fields ?? [],
			createdAt: row.createdAt
		};
	}
}
