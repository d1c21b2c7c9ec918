/**
 * A fake Acuity Scheduling API (the part in /work/shared/spec/ACUITY.md) on `node:http`, for tests
 * and demos: Basic auth, catalogue, availability computed by the project's availability engine
 * from each calendar's weekly hours minus appointments and blocks, appointments, blocks, signed
 * webhooks, and injectable faults (status, Retry-After, latency, dropped connections, odd bodies).
 *
 * Everything lives in memory in `state`; `requestLog` records every request (method, path, time)
 * so tests can count upstream calls and measure their rate.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	availableDates as engineDates,
	availableTimes as engineTimes,
	busyIntervalOf,
	type DateOverride,
	type Interval,
	type ScheduleRules,
	type WeeklyHours
} from '../builtin/availability';
import type { FormFieldType } from '../provider';
import { handleAdminRequest, type FakeAdminContext } from './fake-admin';
import {
	addDays,
	datesOfMonth,
	formatAcuityDateTime,
	humanDate,
	humanTime,
	isDate,
	isTimeZone,
	localDate,
	MONTH_RE,
	parseAcuityDateTime
} from './datetime';

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

export interface FakeCalendar {
	id: number;
	name: string;
	email: string;
	description: string;
	location: string;
	timezone: string;
	thumbnail: string;
	image: string;
	/** Not part of Acuity's calendar JSON: the rules the fake computes availability from. */
	weeklyHours: WeeklyHours[];
	overrides: DateOverride[];
	slotIntervalMinutes: number;
	minNoticeMinutes: number;
	horizonDays: number;
}

export interface FakeAppointmentType {
	id: number;
	active: boolean;
	name: string;
	description: string;
	duration: number;
	/** Acuity sends prices as decimal strings, e.g. "1650.00". */
	price: string;
	category: string;
	color: string;
	private: boolean;
	type: 'service' | 'class' | 'series';
	paddingBefore: number;
	paddingAfter: number;
	calendarIDs: number[];
}

export interface FakeFormField {
	id: number;
	name: string;
	required: boolean;
	type: FormFieldType;
	options: string[];
}

export interface FakeForm {
	id: number;
	name: string;
	description: string;
	hidden: boolean;
	appointmentTypeIDs: number[];
	fields: FakeFormField[];
}

export interface FakeAppointment {
	id: number;
	startsAt: Date;
	duration: number;
	calendarID: number;
	appointmentTypeID: number;
	firstName: string;
	lastName: string;
	email: string;
	phone: string;
	/** The client's zone. */
	timezone: string;
	notes: string;
	fields: { id: number; value: string }[];
	canceled: boolean;
	noShow: boolean;
	cancelNote: string;
	createdAt: Date;
	price: string;
	paid: boolean;
}

export interface FakeBlock {
	id: number;
	calendarID: number;
	start: Date;
	end: Date;
	notes: string;
}

export interface FakeWebhookSubscription {
	id: number;
	event: WebhookEvent;
	target: string;
}

export const WEBHOOK_EVENTS = ['appointment.scheduled', 'appointment.rescheduled', 'appointment.canceled', 'appointment.changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface FakeState {
	calendars: FakeCalendar[];
	appointmentTypes: FakeAppointmentType[];
	forms: FakeForm[];
	appointments: FakeAppointment[];
	blocks: FakeBlock[];
	webhooks: FakeWebhookSubscription[];
}

export interface FakeFault {
	status?: 500 | 502 | 503 | 429;
	retryAfterSeconds?: number;
	latencyMs?: number;
	/** Destroy the socket without answering. */
	dropConnection?: boolean;
	/** Answer 200 with this JSON instead of the real answer (an upstream that changed its format). */
	body?: unknown;
	/** How many requests it affects; unlimited when absent. */
	times?: number;
	/** Tested against the path below /api/v1, e.g. `/appointments/12/cancel`. All paths when absent. */
	paths?: RegExp;
	/** Only these methods (upper case). All methods when absent. */
	methods?: string[];
}

export interface RequestLogEntry {
	method: string;
	/** The path below /api/v1, without the query string. */
	path: string;
	/** The query string, `?…` or ''. */
	search: string;
	/** Arrival, epoch ms (the real clock, not the `now` option). */
	time: number;
	/** Set once answered; undefined for dropped connections. */
	status?: number;
}

export interface DeliveredWebhook {
	target: string;
	action: WebhookEvent;
	/** The raw form body as sent. */
	body: string;
	signature: string;
	/** The target's answer, or undefined when the delivery failed (`error`). */
	status?: number;
	error?: string;
	at: number;
}

export interface NewAppointment {
	calendarID: number;
	appointmentTypeID: number;
	/** A Date, or a string Acuity would accept (with an offset, or read in the calendar's zone). */
	startsAt: Date | string;
	firstName?: string;
	lastName?: string;
	email?: string;
	phone?: string;
	notes?: string;
	fields?: { id: number; value: string }[];
	timezone?: string;
}

export interface FakeAcuity {
	/** Base URL ending in /api/v1. */
	url: string;
	port: number;
	userId: string;
	apiKey: string;
	state: FakeState;
	seed: {
		calendar(c?: Partial<FakeCalendar>): FakeCalendar;
		appointmentType(t?: Partial<FakeAppointmentType>): FakeAppointmentType;
		form(f?: Partial<Omit<FakeForm, 'fields'>> & { fields?: Partial<FakeFormField>[] }): FakeForm;
		block(b: { calendarID: number; start: Date; end: Date; notes?: string }): FakeBlock;
		/** An appointment put straight into the state: no checks, no webhooks. */
		appointment(a: NewAppointment): FakeAppointment;
		/** The demo catalogue (three specialists, four exam types, one form). */
		demo(): DemoCatalogue;
	};
	faults: { set(f: FakeFault): void; clear(): void; readonly current: FakeFault | null };
	requestLog: RequestLogEntry[];
	webhooks: {
		/** Subscribes `targetUrl` to `events` (all four appointment events by default). */
		subscribe(targetUrl: string, events?: readonly WebhookEvent[]): FakeWebhookSubscription[];
		delivered: DeliveredWebhook[];
		/** Resolves once every delivery started so far has finished. */
		settled(): Promise<void>;
		/** The next `count` deliveries (0–100) are recorded as dropped and never sent: a lost webhook. */
		dropNext(count: number): void;
	};
	/** An appointment made directly in Acuity (its admin screens): no availability check; fires webhooks. */
	createDirect(a: NewAppointment): FakeAppointment;
	/** The appointment as the API returns it. */
	toJson(a: FakeAppointment): Record<string, unknown>;
	close(): Promise<void>;
}

export interface DemoCatalogue {
	calendars: { sydney: FakeCalendar; adelaide: FakeCalendar; brisbane: FakeCalendar };
	types: { ime: FakeAppointmentType; telehealth: FakeAppointmentType; fileReview: FakeAppointmentType; supplementary: FakeAppointmentType };
	form: FakeForm;
}

export interface FakeAcuityOptions {
	port?: number;
	host?: string;
	userId?: string;
	apiKey?: string;
	now?: () => Date;
}

// ---------------------------------------------------------------------------------------------
// Errors and small helpers
// ---------------------------------------------------------------------------------------------

class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

const bad = (code: string, message: string) => new HttpError(400, code, message);

/** Monday–Friday 09:00–12:30 and 13:30–17:00. */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours[] = [1, 2, 3, 4, 5].map((weekday) => ({
	weekday,
	ranges: [
		{ startMinute: 9 * 60, endMinute: 12 * 60 + 30 },
		{ startMinute: 13 * 60 + 30, endMinute: 17 * 60 }
	]
}));

const FIELD_TYPES: readonly FormFieldType[] = ['textbox', 'textarea', 'dropdown', 'checkbox', 'checkboxlist', 'yesno', 'file', 'address'];

function toId(value: unknown): number | null {
	if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
	return null;
}

const str = (value: unknown) => (typeof value === 'string' ? value : value == null ? '' : String(value));

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

export async function startFakeAcuity(options: FakeAcuityOptions = {}): Promise<FakeAcuity> {
	const userId = options.userId ?? '24681357';
	const apiKey = options.apiKey ?? randomBytes(16).toString('hex');
	const now = options.now ?? (() => new Date());
	const host = options.host ?? '127.0.0.1';

	const state: FakeState = { calendars: [], appointmentTypes: [], forms: [], appointments: [], blocks: [], webhooks: [] };
	const requestLog: RequestLogEntry[] = [];
	const delivered: DeliveredWebhook[] = [];
	const pendingDeliveries = new Set<Promise<void>>();
	let deliveryChain: Promise<void> = Promise.resolve();
	let fault: FakeFault | null = null;
	let dropping = 0;
	const timers = new Set<NodeJS.Timeout>();
	const seq = { calendar: 1000, type: 2000, form: 3000, field: 4000, block: 5000, appointment: 700_000_000, webhook: 0 };

	const expectedAuth = `Basic ${Buffer.from(`${userId}:${apiKey}`).toString('base64')}`;

	// --- lookups -----------------------------------------------------------------------------

	const calendarById = (id: number) => state.calendars.find((c) => c.id === id);
	const typeById = (id: number) => state.appointmentTypes.find((t) => t.id === id);
	const appointmentById = (id: number) => state.appointments.find((a) => a.id === id);

	function requireType(raw: unknown): FakeAppointmentType {
		if (raw === undefined || raw === null || raw === '') throw bad('required_appointment_type_id', 'appointmentTypeID is required.');
		const id = toId(raw);
		const type = id === null ? undefined : typeById(id);
		if (!type) throw bad('invalid_appointment_type', `The appointment type "${str(raw)}" does not exist.`);
		return type;
	}

	function requireCalendar(raw: unknown, type: FakeAppointmentType): FakeCalendar {
		const id = toId(raw);
		const calendar = id === null ? undefined : calendarById(id);
		if (!calendar) throw bad('invalid_calendar', `The calendar "${str(raw)}" does not exist.`);
		if (!type.calendarIDs.includes(calendar.id))
			throw bad('invalid_calendar', `The calendar "${calendar.id}" does not offer appointment type "${type.id}".`);
		return calendar;
	}

	/** The calendar asked for, or every calendar of the type when none is. */
	function calendarsFor(type: FakeAppointmentType, rawCalendar: unknown): FakeCalendar[] {
		if (rawCalendar !== undefined && rawCalendar !== null && rawCalendar !== '') return [requireCalendar(rawCalendar, type)];
		return type.calendarIDs.map(calendarById).filter((c): c is FakeCalendar => Boolean(c));
	}

	// --- availability --------------------------------------------------------------------------

	const rulesOf = (c: FakeCalendar): ScheduleRules => ({
		timeZone: c.timezone,
		weeklyHours: c.weeklyHours,
		overrides: c.overrides,
		slotIntervalMinutes: c.slotIntervalMinutes,
		minNoticeMinutes: c.minNoticeMinutes,
		horizonDays: c.horizonDays
	});
	const requestOf = (t: FakeAppointmentType) => ({
		durationMinutes: t.duration,
		paddingBeforeMinutes: t.paddingBefore,
		paddingAfterMinutes: t.paddingAfter
	});

	function busyOf(calendar: FakeCalendar, ignore: ReadonlySet<number>): Interval[] {
		const busy: Interval[] = [];
		for (const a of state.appointments) {
			if (a.calendarID !== calendar.id || a.canceled || ignore.has(a.id)) continue;
			const t = typeById(a.appointmentTypeID);
			busy.push(busyIntervalOf(a.startsAt, a.duration, t?.paddingBefore ?? 0, t?.paddingAfter ?? 0));
		}
		for (const b of state.blocks) if (b.calendarID === calendar.id) busy.push({ start: b.start, end: b.end });
		return busy;
	}

	/** Free start times on the calendar's own local date. */
	const timesOnClinicDate = (c: FakeCalendar, t: FakeAppointmentType, date: string, ignore: ReadonlySet<number>) =>
		engineTimes(rulesOf(c), requestOf(t), date, busyOf(c, ignore), now());

	/** Free start times whose local date in `zone` is `date`. */
	function timesOn(c: FakeCalendar, t: FakeAppointmentType, date: string, zone: string, ignore: ReadonlySet<number>): Date[] {
		if (zone === c.timezone) return timesOnClinicDate(c, t, date, ignore);
		return [addDays(date, -1), date, addDays(date, 1)]
			.flatMap((d) => timesOnClinicDate(c, t, d, ignore))
			.filter((s) => localDate(s, zone) === date);
	}

	function datesIn(c: FakeCalendar, t: FakeAppointmentType, month: string, zone: string): string[] {
		if (zone === c.timezone) return engineDates(rulesOf(c), requestOf(t), month, busyOf(c, new Set()), now());
		const days = datesOfMonth(month);
		const clinicDays = [addDays(days[0]!, -1), ...days, addDays(days[days.length - 1]!, 1)];
		const found = new Set<string>();
		for (const d of clinicDays)
			for (const s of timesOnClinicDate(c, t, d, new Set())) {
				const local = localDate(s, zone);
				if (local.startsWith(month)) found.add(local);
			}
		return [...found].sort();
	}

	function isAvailable(c: FakeCalendar, t: FakeAppointmentType, startsAt: Date, ignore: ReadonlySet<number> = new Set()) {
		const ms = startsAt.getTime();
		return timesOnClinicDate(c, t, localDate(startsAt, c.timezone), ignore).some((s) => s.getTime() === ms);
	}

	/** Admin bookings skip availability but never double-book: the raw appointment times must not overlap. */
	function overlapsAppointment(c: FakeCalendar, startsAt: Date, duration: number, exceptId?: number) {
		const start = startsAt.getTime();
		const end = start + duration * 60_000;
		return state.appointments.some(
			(a) =>
				a.calendarID === c.id &&
				!a.canceled &&
				a.id !== exceptId &&
				a.startsAt.getTime() < end &&
				start < a.startsAt.getTime() + a.duration * 60_000
		);
	}

	function zoneParam(raw: string | null, fallback: string): string {
		if (!raw) return fallback;
		if (!isTimeZone(raw)) throw bad('invalid_timezone', `The timezone "${raw}" is not valid.`);
		return raw;
	}

	function parseDateTimeParam(raw: unknown, zone: string): Date {
		if (raw === undefined || raw === null || raw === '') throw bad('required_datetime', 'datetime is required.');
		const d = parseAcuityDateTime(str(raw), zone);
		if (!d) throw bad('invalid_datetime', `The datetime "${str(raw)}" is not valid.`);
		return d;
	}

	// --- serialisation ---------------------------------------------------------------------------

	const formIdsOf = (t: FakeAppointmentType) => state.forms.filter((f) => f.appointmentTypeIDs.includes(t.id)).map((f) => f.id);

	const typeJson = (t: FakeAppointmentType) => ({
		id: t.id,
		active: t.active,
		name: t.name,
		description: t.description,
		duration: t.duration,
		price: t.price,
		category: t.category,
		color: t.color,
		private: t.private,
		type: t.type,
		classSize: null,
		paddingAfter: t.paddingAfter,
		paddingBefore: t.paddingBefore,
		calendarIDs: [...t.calendarIDs],
		addonIDs: [],
		formIDs: formIdsOf(t),
		image: '',
		schedulingUrl: `https://app.acuityscheduling.com/schedule.php?owner=${userId}&appointmentType=${t.id}`
	});

	const calendarJson = (c: FakeCalendar) => ({
		id: c.id,
		name: c.name,
		email: c.email,
		replyTo: c.email,
		description: c.description,
		location: c.location,
		timezone: c.timezone,
		thumbnail: c.thumbnail,
		image: c.image
	});

	const formJson = (f: FakeForm) => ({
		id: f.id,
		name: f.name,
		description: f.description,
		hidden: f.hidden,
		appointmentTypeIDs: [...f.appointmentTypeIDs],
		fields: f.fields.map((x) => ({
			id: x.id,
			name: x.name,
			required: x.required,
			type: x.type,
			options: x.options.length ? [...x.options] : null
		}))
	});

	function appointmentJson(a: FakeAppointment): Record<string, unknown> {
		const c = calendarById(a.calendarID);
		const t = typeById(a.appointmentTypeID);
		const zone = c?.timezone ?? 'UTC';
		const end = new Date(a.startsAt.getTime() + a.duration * 60_000);
		const forms = state.forms
			.filter((f) => f.appointmentTypeIDs.includes(a.appointmentTypeID) || f.fields.some((x) => a.fields.some((v) => v.id === x.id)))
			.map((f) => ({
				id: f.id,
				name: f.name,
				values: f.fields.map((x, i) => ({
					id: a.id * 100 + i,
					fieldID: x.id,
					value: a.fields.find((v) => v.id === x.id)?.value ?? '',
					name: x.name
				}))
			}));
		return {
			id: a.id,
			firstName: a.firstName,
			lastName: a.lastName,
			phone: a.phone,
			email: a.email,
			date: humanDate(a.startsAt, zone),
			time: humanTime(a.startsAt, zone),
			// Acuity's endTime is a clock time in the calendar's zone, not a datetime.
			endTime: humanTime(end, zone),
			dateCreated: humanDate(a.createdAt, zone),
			datetimeCreated: formatAcuityDateTime(a.createdAt, zone),
			datetime: formatAcuityDateTime(a.startsAt, zone),
			price: a.price,
			priceSold: a.price,
			paid: a.paid ? 'yes' : 'no',
			amountPaid: a.paid ? a.price : '0.00',
			type: t?.name ?? '',
			appointmentTypeID: a.appointmentTypeID,
			classID: null,
			addonIDs: [],
			category: t?.category ?? '',
			// Acuity sends an appointment's duration as a string.
			duration: String(a.duration),
			calendar: c?.name ?? '',
			calendarID: a.calendarID,
			certificate: null,
			confirmationPage: `https://app.acuityscheduling.com/schedule.php?owner=${userId}&action=appt&id%5B%5D=${createHmac('md5', apiKey).update(String(a.id)).digest('hex')}`,
			location: c?.location ?? '',
			notes: a.notes,
			timezone: a.timezone,
			calendarTimezone: zone,
			canceled: a.canceled,
			canClientCancel: !a.canceled,
			canClientReschedule: !a.canceled,
			noShow: a.noShow,
			labels: null,
			forms
		};
	}

	const blockJson = (b: FakeBlock) => {
		const zone = calendarById(b.calendarID)?.timezone ?? 'UTC';
		return {
			id: b.id,
			calendarID: b.calendarID,
			start: formatAcuityDateTime(b.start, zone),
			end: formatAcuityDateTime(b.end, zone),
			notes: b.notes,
			description: `${humanDate(b.start, zone)} ${humanTime(b.start, zone)} – ${humanTime(b.end, zone)}`
		};
	};

	// --- webhooks --------------------------------------------------------------------------------

	function deliver(target: string, action: WebhookEvent, a: FakeAppointment, drop = false): Promise<void> {
		const body = new URLSearchParams({
			action,
			id: String(a.id),
			calendarID: String(a.calendarID),
			appointmentTypeID: String(a.appointmentTypeID)
		}).toString();
		const signature = createHmac('sha256', apiKey).update(body).digest('base64');
		const record: DeliveredWebhook = { target, action, body, signature, at: Date.now() };
		if (drop) {
			record.error = 'dropped by fault injection';
			delivered.push(record);
			return Promise.resolve();
		}
		return fetch(target, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'x-acuity-signature': signature,
				'user-agent': 'AcuityScheduling-Webhooks'
			},
			body,
			signal: AbortSignal.timeout(5000)
		})
			.then(async (res) => {
				record.status = res.status;
				await res.arrayBuffer().catch(() => undefined);
			})
			.catch((err: unknown) => {
				record.error = err instanceof Error ? err.message : String(err);
			})
			.finally(() => {
				delivered.push(record);
			});
	}

	/** The specific event, then `appointment.changed` (Acuity sends both), in order. */
	function emit(action: Exclude<WebhookEvent, 'appointment.changed'> | 'appointment.changed', a: FakeAppointment) {
		const actions: WebhookEvent[] = action === 'appointment.changed' ? [action] : [action, 'appointment.changed'];
		const snapshot = { ...a };
		for (const act of actions)
			for (const sub of state.webhooks.filter((w) => w.event === act)) {
				// Decided now, not at send time, so "the next n" means the next n emitted.
				const drop = dropping > 0;
				if (drop) dropping -= 1;
				const run = deliveryChain.then(() => deliver(sub.target, act, snapshot, drop));
				deliveryChain = run;
				pendingDeliveries.add(run);
				void run.finally(() => pendingDeliveries.delete(run));
			}
	}

	function dropNext(count: number) {
		if (!Number.isInteger(count) || count < 0 || count > 100) throw new RangeError('count must be an integer from 0 to 100.');
		dropping = count;
	}

	function subscribe(target: string, event: string): FakeWebhookSubscription {
		if (!(WEBHOOK_EVENTS as readonly string[]).includes(event)) throw bad('invalid_event', `The event "${event}" is not supported.`);
		let url: URL;
		try {
			url = new URL(target);
		} catch {
			throw bad('invalid_target', 'The target must be a URL.');
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('invalid_target', 'The target must be an http(s) URL.');
		if (state.webhooks.length >= 25) throw bad('too_many_webhooks', 'At most 25 webhooks may be configured.');
		const sub = { id: ++seq.webhook, event: event as WebhookEvent, target };
		state.webhooks.push(sub);
		return sub;
	}

	// --- appointments ------------------------------------------------------------------------------

	function fieldsFrom(raw: unknown, type: FakeAppointmentType, enforceRequired: boolean): { id: number; value: string }[] {
		const allowed = state.forms.filter((f) => f.appointmentTypeIDs.includes(type.id)).flatMap((f) => f.fields);
		const list = raw === undefined || raw === null ? [] : raw;
		if (!Array.isArray(list)) throw bad('invalid_fields', 'fields must be a list of {id, value}.');
		const out: { id: number; value: string }[] = [];
		for (const item of list) {
			const id = toId((item as { id?: unknown } | null)?.id);
			const field = id === null ? undefined : allowed.find((x) => x.id === id);
			if (!field)
				throw bad(
					'invalid_fields',
					`The field "${str((item as { id?: unknown } | null)?.id)}" does not exist on this appointment type's forms.`
				);
			const value = str((item as { value?: unknown }).value);
			if (field.type === 'dropdown' && value && field.options.length && !field.options.includes(value))
				throw bad('invalid_fields', `"${value}" is not an option of field "${field.id}".`);
			out.push({ id: field.id, value });
		}
		if (enforceRequired)
			for (const field of allowed)
				if (field.required && !out.some((v) => v.id === field.id && v.value.trim()))
					throw bad('required_field', `The field "${field.name}" is required.`);
		return out;
	}

	function insertAppointment(input: {
		calendar: FakeCalendar;
		type: FakeAppointmentType;
		startsAt: Date;
		firstName: string;
		lastName: string;
		email: string;
		phone: string;
		notes: string;
		timezone: string;
		fields: { id: number; value: string }[];
	}): FakeAppointment {
		const a: FakeAppointment = {
			id: ++seq.appointment,
			startsAt: input.startsAt,
			duration: input.type.duration,
			calendarID: input.calendar.id,
			appointmentTypeID: input.type.id,
			firstName: input.firstName,
			lastName: input.lastName,
			email: input.email,
			phone: input.phone,
			timezone: input.timezone,
			notes: input.notes,
			fields: input.fields,
			canceled: false,
			noShow: false,
			cancelNote: '',
			createdAt: now(),
			price: input.type.price,
			paid: false
		};
		state.appointments.push(a);
		return a;
	}

	function newAppointmentFrom(a: NewAppointment, checkOverlap: boolean): FakeAppointment {
		const type = requireType(a.appointmentTypeID);
		const calendar = requireCalendar(a.calendarID, type);
		const startsAt = a.startsAt instanceof Date ? a.startsAt : parseDateTimeParam(a.startsAt, calendar.timezone);
		if (checkOverlap && overlapsAppointment(calendar, startsAt, type.duration))
			throw bad('not_available', 'The time overlaps an appointment.');
		return insertAppointment({
			calendar,
			type,
			startsAt,
			firstName: a.firstName ?? 'Direct',
			lastName: a.lastName ?? 'Booking',
			email: a.email ?? '',
			phone: a.phone ?? '',
			notes: a.notes ?? '',
			timezone: a.timezone ?? calendar.timezone,
			fields: a.fields ?? []
		});
	}

	function createFromApi(body: Record<string, unknown>, admin: boolean): FakeAppointment {
		const type = requireType(body.appointmentTypeID);
		const firstName = str(body.firstName).trim();
		const lastName = str(body.lastName).trim();
		const email = str(body.email).trim();
		if (!firstName) throw bad('required_first_name', 'firstName is required.');
		if (!lastName) throw bad('required_last_name', 'lastName is required.');
		if (!email && !admin) throw bad('required_email', 'email is required.');
		if (email && !EMAIL_RE.test(email)) throw bad('invalid_email', `The email address "${email}" is not valid.`);
		const timezone = body.timezone ? zoneParam(str(body.timezone), 'UTC') : undefined;
		const fields = fieldsFrom(body.fields, type, !admin);
		const hasCalendar = body.calendarID !== undefined && body.calendarID !== null && body.calendarID !== '';
		if (admin && !hasCalendar) throw bad('required_calendar_id', 'calendarID is required when booking as an admin.');

		let calendar: FakeCalendar | undefined;
		let startsAt: Date;
		if (hasCalendar) {
			calendar = requireCalendar(body.calendarID, type);
			startsAt = parseDateTimeParam(body.datetime, calendar.timezone);
			if (admin) {
				if (overlapsAppointment(calendar, startsAt, type.duration))
					throw bad('not_available', 'The calendar already has an appointment at that time.');
			} else if (!isAvailable(calendar, type, startsAt)) {
				throw bad('not_available', 'The time is not available.');
			}
		} else {
			const candidates = calendarsFor(type, undefined);
			startsAt = parseDateTimeParam(body.datetime, candidates[0]?.timezone ?? 'UTC');
			calendar = candidates.find((c) => isAvailable(c, type, startsAt));
			if (!calendar) throw bad('not_available', 'The time is not available.');
		}
		return insertAppointment({
			calendar,
			type,
			startsAt,
			firstName,
			lastName,
			email,
			phone: str(body.phone).trim(),
			notes: str(body.notes),
			timezone: timezone ?? calendar.timezone,
			fields
		});
	}

	function listAppointments(q: URLSearchParams): FakeAppointment[] {
		const boundary = (raw: string | null, end: boolean): ((a: FakeAppointment) => boolean) => {
			if (!raw) return () => true;
			if (isDate(raw))
				return (a) => {
					const d = localDate(a.startsAt, calendarById(a.calendarID)?.timezone ?? 'UTC');
					return end ? d <= raw : d >= raw;
				};
			const at = parseAcuityDateTime(raw);
			if (!at) throw bad(end ? 'invalid_max_date' : 'invalid_min_date', `The date "${raw}" is not valid.`);
			return (a) => (end ? a.startsAt <= at : a.startsAt >= at);
		};
		const afterMin = boundary(q.get('minDate'), false);
		const beforeMax = boundary(q.get('maxDate'), true);
		const calendarID = q.get('calendarID') ? toId(q.get('calendarID')) : null;
		const typeID = q.get('appointmentTypeID') ? toId(q.get('appointmentTypeID')) : null;
		const canceled = q.get('canceled') === 'true';
		const maxRaw = q.get('max');
		const max = maxRaw && /^\d+$/.test(maxRaw) ? Number(maxRaw) : 100;
		const asc = (q.get('direction') ?? 'DESC').toUpperCase() === 'ASC';
		return state.appointments
			.filter(
				(a) =>
					a.canceled === canceled &&
					(calendarID === null || a.calendarID === calendarID) &&
					(typeID === null || a.appointmentTypeID === typeID) &&
					afterMin(a) &&
					beforeMax(a)
			)
			.sort((x, y) => (asc ? 1 : -1) * (x.startsAt.getTime() - y.startsAt.getTime() || x.id - y.id))
			.slice(0, max);
	}

	// Shared by the API routes and the admin screens, so both change state and fire webhooks alike.

	function rescheduleAppointment(a: FakeAppointment, b: Record<string, unknown>, admin: boolean): FakeAppointment {
		if (a.canceled) throw bad('reschedule_not_allowed', 'A canceled appointment cannot be rescheduled.');
		const type = requireType(a.appointmentTypeID);
		const calendar = b.calendarID === undefined || b.calendarID === null ? calendarById(a.calendarID) : requireCalendar(b.calendarID, type);
		if (!calendar) throw bad('invalid_calendar', 'The calendar does not exist.');
		const startsAt = parseDateTimeParam(b.datetime, calendar.timezone);
		if (admin) {
			if (overlapsAppointment(calendar, startsAt, a.duration, a.id))
				throw bad('not_available', 'The calendar already has an appointment at that time.');
		} else {
			if (startsAt.getTime() - now().getTime() < calendar.minNoticeMinutes * 60_000)
				throw bad('reschedule_too_close', 'The appointment is too close to reschedule.');
			if (!isAvailable(calendar, type, startsAt, new Set([a.id]))) throw bad('not_available', 'The time is not available.');
		}
		a.startsAt = startsAt;
		a.calendarID = calendar.id;
		if (b.timezone) a.timezone = zoneParam(str(b.timezone), a.timezone);
		emit('appointment.rescheduled', a);
		return a;
	}

	function cancelAppointment(a: FakeAppointment, b: Record<string, unknown>): FakeAppointment {
		if (a.canceled) throw bad('cancel_not_allowed', 'The appointment is already canceled.');
		a.canceled = true;
		a.noShow = b.noShow === true || b.noShow === 'true';
		a.cancelNote = str(b.cancelNote);
		emit('appointment.canceled', a);
		return a;
	}

	function createDirect(a: NewAppointment): FakeAppointment {
		const appointment = newAppointmentFrom(a, false);
		emit('appointment.scheduled', appointment);
		return appointment;
	}

	function requireAppointment(rawId: string): FakeAppointment {
		const id = toId(rawId);
		const a = id === null ? undefined : appointmentById(id);
		if (!a) throw new HttpError(404, 'not_found', 'The appointment does not exist.');
		return a;
	}

	// --- routing -------------------------------------------------------------------------------------

	type Handler = (ctx: { params: string[]; query: URLSearchParams; body: unknown }) => { status?: number; json?: unknown };
	const routes: { method: string; pattern: RegExp; handler: Handler }[] = [];
	const route = (method: string, pattern: RegExp, handler: Handler) => routes.push({ method, pattern, handler });
	const asObject = (body: unknown): Record<string, unknown> => {
		if (body === undefined || body === null) return {};
		if (typeof body !== 'object' || Array.isArray(body)) throw bad('invalid_body', 'The request body must be a JSON object.');
		return body as Record<string, unknown>;
	};

	route('GET', /^\/me$/, () => ({
		json: { id: Number(userId), email: 'owner@example.com', timezone: 'Australia/Sydney', name: 'Fake Acuity' }
	}));
	route('GET', /^\/appointment-types$/, () => ({ json: state.appointmentTypes.map(typeJson) }));
	route('GET', /^\/calendars$/, () => ({ json: state.calendars.map(calendarJson) }));
	route('GET', /^\/forms$/, () => ({ json: state.forms.map(formJson) }));

	route('GET', /^\/availability\/dates$/, ({ query }) => {
		const month = query.get('month') ?? '';
		if (!MONTH_RE.test(month)) throw bad('invalid_month', 'month must be YYYY-MM.');
		const type = requireType(query.get('appointmentTypeID'));
		const calendars = calendarsFor(type, query.get('calendarID'));
		const zone = zoneParam(query.get('timezone'), calendars[0]?.timezone ?? 'UTC');
		const dates = new Set(calendars.flatMap((c) => datesIn(c, type, month, zone)));
		return { json: [...dates].sort().map((date) => ({ date })) };
	});

	route('GET', /^\/availability\/times$/, ({ query }) => {
		const date = query.get('date') ?? '';
		if (!isDate(date)) throw bad('invalid_date', 'date must be YYYY-MM-DD.');
		const type = requireType(query.get('appointmentTypeID'));
		const calendars = calendarsFor(type, query.get('calendarID'));
		const zone = zoneParam(query.get('timezone'), calendars[0]?.timezone ?? 'UTC');
		const ignore = new Set(
			[...query.getAll('ignoreAppointmentIDs[]'), ...query.getAll('ignoreAppointmentIDs')]
				.flatMap((v) => v.split(','))
				.map(toId)
				.filter((v): v is number => v !== null)
		);
		const counts = new Map<number, number>();
		for (const c of calendars)
			for (const s of timesOn(c, type, date, zone, ignore)) counts.set(s.getTime(), (counts.get(s.getTime()) ?? 0) + 1);
		return {
			json: [...counts.entries()]
				.sort(([x], [y]) => x - y)
				.map(([ms, slotsAvailable]) => ({ time: formatAcuityDateTime(new Date(ms), zone), slotsAvailable }))
		};
	});

	route('POST', /^\/availability\/check-times$/, ({ body }) => {
		const check = (raw: unknown) => {
			const item = asObject(raw);
			const type = requireType(item.appointmentTypeID);
			const calendars = calendarsFor(type, item.calendarID);
			const startsAt = parseDateTimeParam(item.datetime, calendars[0]?.timezone ?? 'UTC');
			const free = calendars.find((c) => isAvailable(c, type, startsAt));
			const zone = (free ?? calendars[0])?.timezone ?? 'UTC';
			return {
				datetime: formatAcuityDateTime(startsAt, zone),
				appointmentTypeID: type.id,
				calendarID: free?.id ?? (calendars.length === 1 ? calendars[0]!.id : false),
				valid: Boolean(free),
				...(free ? {} : { reason: 'not_available' })
			};
		};
		return { json: Array.isArray(body) ? body.map(check) : check(body) };
	});

	route('POST', /^\/appointments$/, ({ query, body }) => {
		const a = createFromApi(asObject(body), query.get('admin') === 'true');
		emit('appointment.scheduled', a);
		return { json: appointmentJson(a) };
	});
	route('GET', /^\/appointments$/, ({ query }) => ({ json: listAppointments(query).map(appointmentJson) }));
	route('GET', /^\/appointments\/([^/]+)$/, ({ params }) => ({ json: appointmentJson(requireAppointment(params[0]!)) }));

	route('PUT', /^\/appointments\/([^/]+)$/, ({ params, body }) => {
		const a = requireAppointment(params[0]!);
		const b = asObject(body);
		const type = typeById(a.appointmentTypeID);
		if (b.email !== undefined && str(b.email) && !EMAIL_RE.test(str(b.email)))
			throw bad('invalid_email', `The email address "${str(b.email)}" is not valid.`);
		if (b.fields !== undefined && type) {
			const updates = fieldsFrom(b.fields, type, false);
			a.fields = [...a.fields.filter((v) => !updates.some((u) => u.id === v.id)), ...updates];
		}
		for (const key of ['firstName', 'lastName', 'phone', 'email', 'notes'] as const) if (b[key] !== undefined) a[key] = str(b[key]);
		emit('appointment.changed', a);
		return { json: appointmentJson(a) };
	});

	route('PUT', /^\/appointments\/([^/]+)\/reschedule$/, ({ params, query, body }) => ({
		json: appointmentJson(rescheduleAppointment(requireAppointment(params[0]!), asObject(body), query.get('admin') === 'true'))
	}));
	route('PUT', /^\/appointments\/([^/]+)\/cancel$/, ({ params, body }) => ({
		json: appointmentJson(cancelAppointment(requireAppointment(params[0]!), asObject(body)))
	}));

	route('GET', /^\/blocks$/, ({ query }) => {
		const calendarID = query.get('calendarID') ? toId(query.get('calendarID')) : null;
		const min = query.get('minDate');
		const max = query.get('maxDate');
		return {
			json: state.blocks
				.filter((b) => {
					const zone = calendarById(b.calendarID)?.timezone ?? 'UTC';
					if (calendarID !== null && b.calendarID !== calendarID) return false;
					if (min && isDate(min) && localDate(b.end, zone) < min) return false;
					if (max && isDate(max) && localDate(b.start, zone) > max) return false;
					return true;
				})
				.map(blockJson)
		};
	});
	route('POST', /^\/blocks$/, ({ body }) => {
		const b = asObject(body);
		const id = toId(b.calendarID);
		const calendar = id === null ? undefined : calendarById(id);
		if (!calendar) throw bad('invalid_calendar', `The calendar "${str(b.calendarID)}" does not exist.`);
		const start = parseAcuityDateTime(str(b.start), calendar.timezone);
		const end = parseAcuityDateTime(str(b.end), calendar.timezone);
		if (!start || !end) throw bad('invalid_datetime', 'start and end must be datetimes.');
		if (end <= start) throw bad('invalid_block', 'end must be after start.');
		const block = { id: ++seq.block, calendarID: calendar.id, start, end, notes: str(b.notes) };
		state.blocks.push(block);
		return { json: blockJson(block) };
	});
	route('DELETE', /^\/blocks\/([^/]+)$/, ({ params }) => {
		const id = toId(params[0]);
		const index = state.blocks.findIndex((b) => b.id === id);
		if (index < 0) throw new HttpError(404, 'not_found', 'The block does not exist.');
		state.blocks.splice(index, 1);
		return { status: 204 };
	});

	route('GET', /^\/webhooks$/, () => ({ json: state.webhooks.map((w) => ({ ...w, status: 'active' })) }));
	route('POST', /^\/webhooks$/, ({ body }) => {
		const b = asObject(body);
		const sub = subscribe(str(b.target), str(b.event));
		return { json: { ...sub, status: 'active' } };
	});
	route('DELETE', /^\/webhooks\/([^/]+)$/, ({ params }) => {
		const id = toId(params[0]);
		const index = state.webhooks.findIndex((w) => w.id === id);
		if (index < 0) throw new HttpError(404, 'not_found', 'The webhook does not exist.');
		state.webhooks.splice(index, 1);
		return { status: 204 };
	});

	// --- the HTTP layer ---------------------------------------------------------------------------

	const send = (res: ServerResponse, entry: RequestLogEntry, status: number, json?: unknown, headers: Record<string, string> = {}) => {
		entry.status = status;
		if (res.destroyed || res.headersSent) return;
		if (json === undefined) {
			res.writeHead(status, headers).end();
			return;
		}
		const text = JSON.stringify(json);
		res
			.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers })
			.end(text);
	};
	const sendError = (
		res: ServerResponse,
		entry: RequestLogEntry,
		status: number,
		code: string,
		message: string,
		headers?: Record<string, string>
	) => send(res, entry, status, { status_code: status, message, error: code }, headers);

	const wait = (ms: number, req: IncomingMessage) =>
		new Promise<void>((resolve) => {
			const timer = setTimeout(done, ms);
			timers.add(timer);
			req.socket.once('close', done);
			function done() {
				clearTimeout(timer);
				timers.delete(timer);
				req.socket.off('close', done);
				resolve();
			}
		});

	function takeFault(method: string, path: string): FakeFault | null {
		const f = fault;
		if (!f) return null;
		if (f.paths && !f.paths.test(path)) return null;
		if (f.methods && !f.methods.map((m) => m.toUpperCase()).includes(method)) return null;
		if (f.times !== undefined) {
			if (f.times <= 0) return null;
			f.times -= 1;
			if (f.times === 0) fault = null;
		}
		return f;
	}

	async function readBody(req: IncomingMessage): Promise<string> {
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of req) {
			size += (chunk as Buffer).length;
			if (size > 1_000_000) throw new HttpError(413, 'too_large', 'The request body is too large.');
			chunks.push(chunk as Buffer);
		}
		return Buffer.concat(chunks).toString('utf8');
	}

	const admin: FakeAdminContext = {
		state,
		delivered,
		toJson: appointmentJson,
		reschedule: (a: FakeAppointment, datetime: string) => rescheduleAppointment(a, { datetime }, true),
		cancel: (a: FakeAppointment, b: { noShow: boolean; cancelNote?: string }) => cancelAppointment(a, b),
		createDirect,
		dropNext,
		get dropping() {
			return dropping;
		}
	};

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://fake.acuity');
		// Acuity's own screens, not its API: no auth, faults or request log (tests count API calls).
		if (url.pathname === '/admin' || url.pathname.startsWith('/admin/')) return handleAdminRequest(req, res, url, admin);
		const base = '/api/v1';
		const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) || '/' : url.pathname;
		const entry: RequestLogEntry = { method, path, search: url.search, time: Date.now() };
		requestLog.push(entry);

		const f = takeFault(method, path);
		if (f) {
			if (f.latencyMs) await wait(f.latencyMs, req);
			if (req.socket.destroyed) return;
			if (f.dropConnection) {
				req.socket.destroy();
				return;
			}
			if (f.status) {
				const headers: Record<string, string> = f.retryAfterSeconds !== undefined ? { 'retry-after': String(f.retryAfterSeconds) } : {};
				if (f.status === 502) {
					entry.status = 502;
					res.writeHead(502, { 'content-type': 'text/html', ...headers }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
					return;
				}
				const code = f.status === 429 ? 'too_many_requests' : f.status === 503 ? 'service_unavailable' : 'server_error';
				sendError(res, entry, f.status, code, f.status === 429 ? 'Too Many Requests' : 'Something went wrong.', headers);
				return;
			}
		}

		if (req.headers.authorization !== expectedAuth) {
			sendError(res, entry, 401, 'unauthorized', 'Unauthorized', { 'www-authenticate': 'Basic realm="Acuity Scheduling API"' });
			return;
		}
		if (!url.pathname.startsWith(`${base}/`)) {
			sendError(res, entry, 404, 'not_found', 'Not found.');
			return;
		}
		if (f && f.body !== undefined) {
			send(res, entry, 200, f.body);
			return;
		}

		const matching = routes.filter((r) => r.pattern.test(path));
		const match = matching.find((r) => r.method === method);
		if (!match) {
			if (matching.length) sendError(res, entry, 405, 'method_not_allowed', 'Method not allowed.');
			else sendError(res, entry, 404, 'not_found', 'Not found.');
			return;
		}

		try {
			let body: unknown;
			if (method === 'POST' || method === 'PUT') {
				const text = await readBody(req);
				if (text.trim()) {
					try {
						body = JSON.parse(text);
					} catch {
						throw bad('invalid_json', 'The request body is not valid JSON.');
					}
				}
			}
			const params = (match.pattern.exec(path) ?? []).slice(1).map((p) => decodeURIComponent(p));
			const out = match.handler({ params, query: url.searchParams, body });
			send(res, entry, out.status ?? 200, out.json);
		} catch (err) {
			if (err instanceof HttpError) sendError(res, entry, err.status, err.code, err.message);
			else {
				sendError(res, entry, 500, 'server_error', 'Something went wrong.');
				console.error('[fake-acuity] handler error', err);
			}
		}
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((err: unknown) => {
			console.error('[fake-acuity] unexpected error', err);
			if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;

	// --- seeding -------------------------------------------------------------------------------------

	const seed: FakeAcuity['seed'] = {
		calendar(c = {}) {
			const id = c.id ?? ++seq.calendar;
			const calendar: FakeCalendar = {
				id,
				name: `Calendar ${id}`,
				email: '',
				description: '',
				location: '',
				timezone: 'Australia/Sydney',
				thumbnail: '',
				image: '',
				weeklyHours: DEFAULT_WEEKLY_HOURS,
				overrides: [],
				slotIntervalMinutes: 30,
				minNoticeMinutes: 0,
				horizonDays: 120,
				...c
			};
			if (!isTimeZone(calendar.timezone)) throw new Error(`Invalid time zone ${calendar.timezone}`);
			state.calendars.push(calendar);
			return calendar;
		},
		appointmentType(t = {}) {
			const id = t.id ?? ++seq.type;
			const type: FakeAppointmentType = {
				id,
				active: true,
				name: `Appointment type ${id}`,
				description: '',
				duration: 60,
				price: '0.00',
				category: '',
				color: '#3F51B5',
				private: false,
				type: 'service',
				paddingBefore: 0,
				paddingAfter: 0,
				calendarIDs: state.calendars.map((c) => c.id),
				...t
			};
			state.appointmentTypes.push(type);
			return type;
		},
		form(f = {}) {
			const id = f.id ?? ++seq.form;
			const form: FakeForm = {
				id,
				name: f.name ?? `Form ${id}`,
				description: f.description ?? '',
				hidden: f.hidden ?? false,
				appointmentTypeIDs: f.appointmentTypeIDs ?? state.appointmentTypes.map((t) => t.id),
				fields: (f.fields ?? []).map((x) => ({
					id: x.id ?? ++seq.field,
					name: x.name ?? 'Field',
					required: x.required ?? false,
					type: x.type && FIELD_TYPES.includes(x.type) ? x.type : 'textbox',
					options: x.options ?? []
				}))
			};
			state.forms.push(form);
			return form;
		},
		block(b) {
			const block = { id: ++seq.block, calendarID: b.calendarID, start: b.start, end: b.end, notes: b.notes ?? '' };
			state.blocks.push(block);
			return block;
		},
		appointment(a) {
			return newAppointmentFrom(a, false);
		},
		demo() {
			return seedDemo(seed);
		}
	};

	return {
		url: `http://${host}:${port}/api/v1`,
		port,
		userId,
		apiKey,
		state,
		seed,
		faults: {
			set(f) {
				fault = { ...f };
			},
			clear() {
				fault = null;
			},
			get current() {
				return fault;
			}
		},
		requestLog,
		webhooks: {
			subscribe: (target, events = WEBHOOK_EVENTS) => events.map((e) => subscribe(target, e)),
			delivered,
			async settled() {
				while (pendingDeliveries.size) await Promise.allSettled([...pendingDeliveries]);
			},
			dropNext
		},
		createDirect,
		toJson: appointmentJson,
		async close() {
			for (const t of timers) clearTimeout(t);
			timers.clear();
			await Promise.allSettled([...pendingDeliveries]);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

/** Three specialists (Sydney, Adelaide, Brisbane), four exam types, one intake form. */
export function seedDemo(seed: Pick<FakeAcuity['seed'], 'calendar' | 'appointmentType' | 'form'>): DemoCatalogue {
	const sydney = seed.calendar({
		name: 'Dr Amelia Hart — Orthopaedic Surgeon',
		email: 'a.hart@clinic.example',
		description: 'Orthopaedic surgeon: spine, upper and lower limb.',
		location: 'Level 4, 135 Macquarie Street, Sydney NSW 2000',
		timezone: 'Australia/Sydney',
		minNoticeMinutes: 24 * 60
	});
	const adelaide = seed.calendar({
		name: 'Dr Rohan Mehta — Consultant Psychiatrist',
		email: 'r.mehta@clinic.example',
		description: 'Consultant psychiatrist: PTSD, adjustment and mood disorders.',
		location: '22 Pulteney Street, Adelaide SA 5000',
		timezone: 'Australia/Adelaide',
		minNoticeMinutes: 24 * 60,
		weeklyHours: [1, 2, 3, 4].map((weekday) => ({ weekday, ranges: [{ startMinute: 8 * 60 + 30, endMinute: 16 * 60 + 30 }] }))
	});
	const brisbane = seed.calendar({
		name: 'Dr Grace Nguyen — Occupational Physician',
		email: 'g.nguyen@clinic.example',
		description: 'Occupational physician: workplace injury, fitness for work.',
		location: '300 Queen Street, Brisbane QLD 4000',
		timezone: 'Australia/Brisbane',
		minNoticeMinutes: 24 * 60,
		weeklyHours: [2, 3, 4, 5].map((weekday) => ({
			weekday,
			ranges: [
				{ startMinute: 8 * 60, endMinute: 12 * 60 },
				{ startMinute: 13 * 60, endMinute: 16 * 60 }
			]
		}))
	});
	const all = [sydney.id, adelaide.id, brisbane.id];
	const ime = seed.appointmentType({
		name: 'Independent Medical Examination — in person',
		description: 'Face-to-face examination with history, examination and a written report.',
		duration: 60,
		price: '1650.00',
		category: 'IME',
		paddingAfter: 15,
		calendarIDs: all
	});
	const telehealth = seed.appointmentType({
		name: 'Independent Medical Examination — telehealth (video)',
		description: 'Examination by video call; a link is sent before the appointment.',
		duration: 60,
		price: '1450.00',
		category: 'IME',
		calendarIDs: [sydney.id, adelaide.id]
	});
	const fileReview = seed.appointmentType({
		name: 'File review',
		description: 'Opinion on the file without examining the person.',
		duration: 30,
		price: '880.00',
		category: 'File review',
		calendarIDs: all
	});
	const supplementary = seed.appointmentType({
		name: 'Supplementary report',
		description: 'A further report answering new questions after an earlier examination.',
		duration: 45,
		price: '990.50',
		category: 'Supplementary',
		calendarIDs: all
	});
	const form = seed.form({
		name: 'Referral details',
		description: 'Details of the referral, entered by the referrer.',
		appointmentTypeIDs: [ime.id, telehealth.id, fileReview.id, supplementary.id],
		fields: [
			{ name: 'Claim number', type: 'textbox', required: true },
			{ name: 'Injury description', type: 'textarea' },
			{ name: 'Interpreter required', type: 'yesno' },
			{ name: 'Jurisdiction', type: 'dropdown', options: ['NSW', 'VIC', 'QLD', 'SA', 'WA', 'TAS', 'ACT', 'NT', 'Commonwealth'] }
		]
	});
	return { calendars: { sydney, adelaide, brisbane }, types: { ime, telehealth, fileReview, supplementary }, form };
}
