/**
 * Acuity Scheduling as the {@link SchedulingProvider} (see /work/shared/spec/ACUITY.md).
 *
 * - HTTP Basic auth, a timeout per request, every answer checked with zod (`wire.ts`); an answer
 *   of another shape is a logged, clear error, never a crash.
 * - Reads (GETs and check-times) are retried on 5xx, 429, timeouts and network errors, honouring
 *   Retry-After; a circuit breaker stops calls while Acuity is failing (`resilience.ts`, on
 *   cockatiel). Writes are never retried: a write whose outcome is unknown surfaces as
 *   upstream_unavailable and the caller retries with the same idempotency key, which `create`
 *   honours by looking for its `[ref:…]` marker first.
 * - At most `rateLimitPerSecond` requests in any window of one second, shared by every app
 *   instance (`rate-window.ts`). Callers queue for a slot; past `rateLimitMaxWaitMs` they get
 *   `rateLimited()`. A long 429 pauses every call of this instance until it has passed.
 * - No PHI in logs: method, path (no query string), status, duration, attempt, Acuity's error code.
 */
import { z } from 'zod';
import type { Logger } from '../../../logger';
import { invalidInput, notFound, slotUnavailable } from '../errors';
import {
	refMarker,
	type AvailabilityQuery,
	type CreateAppointmentInput,
	type ProviderAppointment,
	type ProviderAppointmentType,
	type ProviderCalendar,
	type ProviderForm,
	type SchedulingProvider,
	type Slot
} from '../provider';
import { addDays, formatOutgoingDateTime, isDate, isTimeZone, localDate, MONTH_RE, utcDate } from './datetime';
import { AcuityClient, AcuityClientError, daysBetween, numericId, requireId, type AcuityProviderOptions } from './client';
import {
	appointmentSchema,
	appointmentTypeSchema,
	calendarSchema,
	checkResponseSchema,
	datesSchema,
	formSchema,
	timesSchema,
	toAppointment,
	toAppointmentType,
	toCalendar,
	toForm
} from './wire';

export { priceToCents } from './wire';
export type { AcuityProviderOptions } from './client';

const CALENDAR_ZONES_TTL_MS = 10 * 60_000;
const IDEMPOTENCY_KEY_RE = /^[A-Za-z0-9_-]{8,80}$/;

export class AcuityProvider implements SchedulingProvider {
	readonly kind = 'acuity' as const;

	private readonly client: AcuityClient;
	private readonly logger: Logger;
	private readonly creating = new Map<string, Promise<ProviderAppointment>>();
	private zones: { at: number; byId: Map<string, string> } | null = null;
	private zonesLoading: Promise<Map<string, string>> | null = null;

	constructor(options: AcuityProviderOptions) {
		this.client = new AcuityClient(options);
		this.logger = options.logger;
	}

	/** The circuit breaker and retries; `breaker.status` is shown on the operations dashboard. */
	get breaker() {
		return this.client.breaker;
	}

	// --- catalogue ---------------------------------------------------------------------------------

	appointmentTypes(): Promise<ProviderAppointmentType[]> {
		return this.client.guard(async () =>
			(await this.client.call({ method: 'GET', path: '/appointment-types', read: true, schema: z.array(appointmentTypeSchema) })).map(
				toAppointmentType
			)
		);
	}

	calendars(): Promise<ProviderCalendar[]> {
		return this.client.guard(async () => {
			const calendars = (await this.client.call({ method: 'GET', path: '/calendars', read: true, schema: z.array(calendarSchema) })).map(
				toCalendar
			);
			this.zones = { at: Date.now(), byId: new Map(calendars.map((c) => [c.id, c.timeZone])) };
			return calendars;
		});
	}

	forms(): Promise<ProviderForm[]> {
		return this.client.guard(async () =>
			(await this.client.call({ method: 'GET', path: '/forms', read: true, schema: z.array(formSchema) })).map(toForm)
		);
	}

	/** The calendar's zone, from a short-lived cache of GET /calendars; undefined for an unknown calendar. */
	private async calendarZone(calendarId: string): Promise<string | undefined> {
		if (this.zones && Date.now() - this.zones.at < CALENDAR_ZONES_TTL_MS && this.zones.byId.has(calendarId))
			return this.zones.byId.get(calendarId);
		this.zonesLoading ??= this.calendars()
			.then(() => this.zones?.byId ?? new Map<string, string>())
			.finally(() => {
				this.zonesLoading = null;
			});
		return (await this.zonesLoading).get(calendarId);
	}

	// --- availability ------------------------------------------------------------------------------

	private validateQuery(q: AvailabilityQuery) {
		requireId(q.appointmentTypeId, 'appointment type');
		requireId(q.calendarId, 'calendar');
		if (!isTimeZone(q.timeZone)) throw invalidInput('Unknown time zone.');
	}

	async availableDates(query: AvailabilityQuery & { month: string }): Promise<string[]> {
		this.validateQuery(query);
		if (!MONTH_RE.test(query.month)) throw invalidInput('The month must be YYYY-MM.');
		return this.client.guard(async () => {
			const rows = await this.client.call({
				method: 'GET',
				path: '/availability/dates',
				read: true,
				query: { month: query.month, appointmentTypeID: query.appointmentTypeId, calendarID: query.calendarId, timezone: query.timeZone },
				schema: datesSchema
			});
			return [...new Set(rows.map((r) => r.date).filter((d) => d.startsWith(`${query.month}-`)))].sort();
		});
	}

	/** Free start instants on `date` in `timeZone`, ascending. */
	private async times(query: AvailabilityQuery & { date: string; ignoreAppointmentIds?: string[] }): Promise<Date[]> {
		const rows = await this.client.call({
			method: 'GET',
			path: '/availability/times',
			read: true,
			query: {
				date: query.date,
				appointmentTypeID: query.appointmentTypeId,
				calendarID: query.calendarId,
				timezone: query.timeZone,
				'ignoreAppointmentIDs[]': query.ignoreAppointmentIds?.filter(numericId)
			},
			schema: timesSchema
		});
		const unique = new Map<number, Date>();
		// The contract is "times on `date` in `timeZone`": drop any that fall on another date.
		for (const r of rows) if (localDate(r.time, query.timeZone) === query.date) unique.set(r.time.getTime(), r.time);
		return [...unique.values()].sort((a, b) => a.getTime() - b.getTime());
	}

	async availableTimes(query: AvailabilityQuery & { date: string; ignoreAppointmentIds?: string[] }): Promise<Slot[]> {
		this.validateQuery(query);
		if (!isDate(query.date)) throw invalidInput('The date must be YYYY-MM-DD.');
		return this.client.guard(async () => {
			const times = await this.times(query);
			// The calendar's zone is for display beside the user's: if it cannot be looked up, the asked zone will do.
			const zone = times.length
				? await this.calendarZone(query.calendarId).catch(() => {
						this.logger.warn({ upstream: 'acuity', path: '/calendars' }, 'Acuity: calendar zone unavailable, slots carry the asked zone');
						return undefined;
					})
				: undefined;
			const timeZone = zone ?? query.timeZone;
			return times.map((startsAt) => ({ startsAt, timeZone }));
		});
	}

	async checkTime(query: { startsAt: Date; appointmentTypeId: string; calendarId: string }): Promise<{ valid: boolean; reason?: string }> {
		const typeId = requireId(query.appointmentTypeId, 'appointment type');
		const calendarId = requireId(query.calendarId, 'calendar');
		if (Number.isNaN(query.startsAt.getTime())) throw invalidInput('Invalid start time.');
		return this.client.guard(async () => {
			const answer = await this.client.call({
				method: 'POST',
				path: '/availability/check-times',
				read: true,
				body: { datetime: formatOutgoingDateTime(query.startsAt), appointmentTypeID: typeId, calendarID: calendarId },
				schema: checkResponseSchema
			});
			const first = Array.isArray(answer) ? answer[0]! : answer;
			return first.valid
				? { valid: true }
				: { valid: false, ...(typeof first.reason === 'string' && first.reason ? { reason: first.reason } : {}) };
		});
	}

	// --- appointments ------------------------------------------------------------------------------

	async get(id: string): Promise<ProviderAppointment | null> {
		if (!numericId(id)) return null;
		try {
			return toAppointment(await this.client.call({ method: 'GET', path: `/appointments/${id}`, read: true, schema: appointmentSchema }));
		} catch (err) {
			if (err instanceof AcuityClientError && err.status === 404) return null;
			this.client.refusal(err);
		}
	}

	async list(query: { from: Date; to: Date; calendarId?: string; includeCanceled?: boolean }): Promise<ProviderAppointment[]> {
		if (Number.isNaN(query.from.getTime()) || Number.isNaN(query.to.getTime()) || query.to < query.from)
			throw invalidInput('Invalid date range.');
		if (query.calendarId !== undefined) requireId(query.calendarId, 'calendar');
		// Acuity reads minDate/maxDate as dates in its own zone: ask for a day more each side, then cut exactly.
		const minDate = addDays(utcDate(query.from), -1);
		const maxDate = addDays(utcDate(query.to), 1);
		return this.client.guard(async () => {
			const sets = await Promise.all(
				(query.includeCanceled ? [false, true] : [false]).map((canceled) => this.listRange(minDate, maxDate, query.calendarId, canceled))
			);
			const byId = new Map<string, ProviderAppointment>();
			for (const a of sets.flat()) if (a.startsAt >= query.from && a.startsAt < query.to) byId.set(a.id, a);
			return [...byId.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || Number(a.id) - Number(b.id));
		});
	}

	/** GET /appointments over [minDate, maxDate]; a full page (Acuity caps results at `max`) splits the range. */
	private async listRange(
		minDate: string,
		maxDate: string,
		calendarId: string | undefined,
		canceled: boolean
	): Promise<ProviderAppointment[]> {
		const rows = await this.client.call({
			method: 'GET',
			path: '/appointments',
			read: true,
			query: { minDate, maxDate, calendarID: calendarId, canceled, max: this.client.listPageSize },
			schema: z.array(appointmentSchema)
		});
		const appointments = rows.map(toAppointment);
		if (appointments.length < this.client.listPageSize) return appointments;
		const span = daysBetween(minDate, maxDate);
		if (span < 1) {
			this.logger.warn(
				{ upstream: 'acuity', path: '/appointments', pageSize: this.client.listPageSize },
				'Acuity: a single day fills a page; the list may be incomplete'
			);
			return appointments;
		}
		const mid = addDays(minDate, Math.floor(span / 2));
		const [left, right] = await Promise.all([
			this.listRange(minDate, mid, calendarId, canceled),
			this.listRange(addDays(mid, 1), maxDate, calendarId, canceled)
		]);
		return [...left, ...right];
	}

	create(input: CreateAppointmentInput): Promise<ProviderAppointment> {
		if (!IDEMPOTENCY_KEY_RE.test(input.idempotencyKey)) return Promise.reject(invalidInput('Invalid idempotency key.'));
		const running = this.creating.get(input.idempotencyKey);
		if (running) return running;
		const promise = this.client
			.withCreateLock(input.idempotencyKey, () => this.createOnce(input))
			.finally(() => {
				this.creating.delete(input.idempotencyKey);
			});
		this.creating.set(input.idempotencyKey, promise);
		return promise;
	}

	private async createOnce(input: CreateAppointmentInput): Promise<ProviderAppointment> {
		const typeId = requireId(input.appointmentTypeId, 'appointment type');
		const calendarId = requireId(input.calendarId, 'calendar');
		if (Number.isNaN(input.startsAt.getTime())) throw invalidInput('Invalid start time.');
		if (!input.client.firstName.trim() || !input.client.lastName.trim()) throw invalidInput('The client needs a first and last name.');
		const fields = (input.fields ?? []).map((f) => ({ id: requireId(f.fieldId, 'form field'), value: f.value }));
		const marker = refMarker(input.idempotencyKey);

		const existing = await this.findByRef(input, marker);
		if (existing) return existing;

		const check = await this.checkTime(input);
		if (!check.valid) throw slotUnavailable();

		const notes = [input.notes?.trim(), marker].filter(Boolean).join('\n\n');
		return this.client.guard(async () =>
			toAppointment(
				await this.client.call({
					method: 'POST',
					path: '/appointments',
					read: false,
					query: { admin: true, noEmail: true },
					body: {
						datetime: formatOutgoingDateTime(input.startsAt),
						appointmentTypeID: typeId,
						calendarID: calendarId,
						firstName: input.client.firstName,
						lastName: input.client.lastName,
						email: input.client.email,
						...(input.client.phone ? { phone: input.client.phone } : {}),
						notes,
						fields
					},
					schema: appointmentSchema
				})
			)
		);
	}

	/** The appointment an earlier attempt with this key made: same calendar, same start, the marker in its notes. */
	private async findByRef(input: CreateAppointmentInput, marker: string): Promise<ProviderAppointment | null> {
		const day = utcDate(input.startsAt);
		const candidates = await this.client.guard(() => this.listRange(addDays(day, -1), addDays(day, 1), input.calendarId, false));
		const mine = candidates.filter((a) => a.notes.includes(marker));
		const match = mine.find((a) => a.startsAt.getTime() === input.startsAt.getTime() && a.calendarId === input.calendarId);
		if (match) {
			this.logger.info({ upstream: 'acuity', appointmentId: match.id }, 'Acuity: idempotent create returned the existing appointment');
			return match;
		}
		if (mine.length) throw invalidInput('That booking reference was already used for a different time.');
		return null;
	}

	async reschedule(id: string, input: { startsAt: Date; calendarId?: string }): Promise<ProviderAppointment> {
		if (!numericId(id)) throw notFound();
		if (Number.isNaN(input.startsAt.getTime())) throw invalidInput('Invalid start time.');
		if (input.calendarId !== undefined) requireId(input.calendarId, 'calendar');
		const current = await this.get(id);
		if (!current) throw notFound();
		if (current.canceled) throw invalidInput('A canceled appointment cannot be rescheduled.');
		const calendarId = input.calendarId ?? current.calendarId;
		if (calendarId === current.calendarId && current.startsAt.getTime() === input.startsAt.getTime()) return current;

		// admin=true skips Acuity's own check, so check first: the free times of that day, this appointment ignored.
		const timeZone = calendarId === current.calendarId ? current.timeZone : await this.client.guard(() => this.calendarZone(calendarId));
		if (!timeZone) throw invalidInput('Unknown calendar.');
		const free = await this.client.guard(() =>
			this.times({
				appointmentTypeId: current.appointmentTypeId,
				calendarId,
				timeZone,
				date: localDate(input.startsAt, timeZone),
				ignoreAppointmentIds: [id]
			})
		);
		if (!free.some((t) => t.getTime() === input.startsAt.getTime())) throw slotUnavailable();

		return this.client.guard(async () =>
			toAppointment(
				await this.client.call({
					method: 'PUT',
					path: `/appointments/${id}/reschedule`,
					read: false,
					query: { admin: true, noEmail: true },
					body: {
						datetime: formatOutgoingDateTime(input.startsAt),
						...(calendarId !== current.calendarId ? { calendarID: Number(calendarId) } : {})
					},
					schema: appointmentSchema
				})
			)
		);
	}

	async updateFields(id: string, fields: { fieldId: string; value: string }[]): Promise<ProviderAppointment> {
		if (!numericId(id)) throw notFound();
		const body = { fields: fields.map((f) => ({ id: requireId(f.fieldId, 'form field'), value: f.value })) };
		try {
			return toAppointment(
				await this.client.call({
					method: 'PUT',
					path: `/appointments/${id}`,
					read: false,
					query: { admin: true, noEmail: true },
					body,
					schema: appointmentSchema
				})
			);
		} catch (err) {
			this.client.refusal(err);
		}
	}

	async cancel(id: string, input: { note?: string; noShow?: boolean } = {}): Promise<ProviderAppointment> {
		if (!numericId(id)) throw notFound();
		try {
			return toAppointment(
				await this.client.call({
					method: 'PUT',
					path: `/appointments/${id}/cancel`,
					read: false,
					query: { admin: true, noEmail: true },
					body: { ...(input.note ? { cancelNote: input.note } : {}), ...(input.noShow ? { noShow: true } : {}) },
					schema: appointmentSchema
				})
			);
		} catch (err) {
			// Canceling twice is not an error for us: answer with the canceled appointment.
			if (err instanceof AcuityClientError && err.status === 400) {
				const current = await this.get(id);
				if (current?.canceled) return current;
			}
			this.client.refusal(err);
		}
	}
}
