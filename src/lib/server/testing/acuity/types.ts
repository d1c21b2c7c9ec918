/** The fake Acuity's state and its handle: what tests and scripts see. */
import type { DateOverride, WeeklyHours } from '../../services/scheduling/builtin/availability';
import type { FormFieldType } from '../../services/scheduling/provider';

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
