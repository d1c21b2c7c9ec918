/**
 * The one scheduling interface: Acuity Scheduling in production, the built-in scheduler as the
 * embedded default. Routers and services never learn which one is in use.
 *
 * Ids are the provider's own, as strings (Acuity's are numbers; the built-in scheduler's are uuids).
 * Instants are `Date`s; a calendar's `timeZone` is an IANA zone (e.g. Australia/Adelaide).
 */

export type ExamMode = 'in_person' | 'telehealth';

export interface ProviderAppointmentType {
	id: string;
	name: string;
	description: string;
	durationMinutes: number;
	/** Price in cents (AUD). */
	priceCents: number;
	/** Acuity's "category": our exam kind, e.g. "IME", "File review", "Supplementary". */
	category: string;
	mode: ExamMode;
	paddingBeforeMinutes: number;
	paddingAfterMinutes: number;
	calendarIds: string[];
	formIds: string[];
	active: boolean;
}

export interface ProviderCalendar {
	id: string;
	name: string;
	email: string;
	description: string;
	location: string;
	timeZone: string;
}

export type FormFieldType = 'textbox' | 'textarea' | 'dropdown' | 'checkbox' | 'checkboxlist' | 'yesno' | 'file' | 'address';

export interface ProviderForm {
	id: string;
	name: string;
	description: string;
	appointmentTypeIds: string[];
	fields: { id: string; name: string; required: boolean; type: FormFieldType; options: string[] }[];
}

export interface Slot {
	startsAt: Date;
	/** The calendar's zone, for showing the clinic's local time beside the user's. */
	timeZone: string;
}

export interface AppointmentClient {
	firstName: string;
	lastName: string;
	email: string;
	phone?: string;
}

export interface ProviderAppointment {
	id: string;
	calendarId: string;
	appointmentTypeId: string;
	startsAt: Date;
	endsAt: Date;
	durationMinutes: number;
	timeZone: string;
	canceled: boolean;
	noShow: boolean;
	client: AppointmentClient;
	notes: string;
	fields: { fieldId: string; value: string }[];
	createdAt: Date;
}

export interface AvailabilityQuery {
	appointmentTypeId: string;
	calendarId: string;
	/** Zone in which dates and the month are read. */
	timeZone: string;
	/**
	 * Answer as the diary stands, not counting slot holds: the caller subtracts holds itself, live,
	 * so its cached answer survives holds placed and released (the built-in scheduler; Acuity knows no holds).
	 */
	withoutHolds?: boolean;
}

export interface CreateAppointmentInput {
	startsAt: Date;
	appointmentTypeId: string;
	calendarId: string;
	client: AppointmentClient;
	notes?: string;
	fields?: { fieldId: string; value: string }[];
	/**
	 * The caller's key: the same key never makes two appointments. Acuity has no such header, so the
	 * key is written into the appointment's notes (`[ref:<key>]`) where the reconciler finds it.
	 */
	idempotencyKey: string;
	/** The caller's own slot hold, which must not count against it (built-in scheduler only). */
	holderKey?: string;
}

export interface SchedulingProvider {
	readonly kind: 'builtin' | 'acuity';
	appointmentTypes(): Promise<ProviderAppointmentType[]>;
	calendars(): Promise<ProviderCalendar[]>;
	forms(): Promise<ProviderForm[]>;
	/** Dates (YYYY-MM-DD, in `timeZone`) of `month` (YYYY-MM) with at least one free time. */
	availableDates(query: AvailabilityQuery & { month: string }): Promise<string[]>;
	/** Free start times on `date` (YYYY-MM-DD in `timeZone`). */
	availableTimes(query: AvailabilityQuery & { date: string; ignoreAppointmentIds?: string[] }): Promise<Slot[]>;
	checkTime(query: { startsAt: Date; appointmentTypeId: string; calendarId: string }): Promise<{ valid: boolean; reason?: string }>;
	create(input: CreateAppointmentInput): Promise<ProviderAppointment>;
	reschedule(id: string, input: { startsAt: Date; calendarId?: string }): Promise<ProviderAppointment>;
	cancel(id: string, input?: { note?: string; noShow?: boolean }): Promise<ProviderAppointment>;
	/** Replace the answers of the appointment's intake form (fields not named keep their value). */
	updateFields(id: string, fields: { fieldId: string; value: string }[]): Promise<ProviderAppointment>;
	/** null when the provider has no such appointment. */
	get(id: string): Promise<ProviderAppointment | null>;
	list(query: { from: Date; to: Date; calendarId?: string; includeCanceled?: boolean }): Promise<ProviderAppointment[]>;
}

/** The marker that carries an idempotency key inside an appointment's notes. */
export const refMarker = (key: string) => `[ref:${key}]`;
export const refFromNotes = (notes: string | null | undefined) => /\[ref:([A-Za-z0-9_-]{8,80})\]/.exec(notes ?? '')?.[1] ?? null;
