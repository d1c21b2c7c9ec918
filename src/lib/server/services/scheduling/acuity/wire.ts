/**
 * Acuity's answers as we read them: zod schemas, tolerant where the spec is unconfirmed (extra
 * keys pass, null where Acuity may send null), and the mapping to the provider's own types.
 */
import { z } from 'zod';
import type { FormFieldType, ProviderAppointment, ProviderAppointmentType, ProviderCalendar, ProviderForm } from '../provider';
import { isDate, isTimeZone, parseAcuityDateTime } from './datetime';

const idSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
const numberSchema = z.union([
	z.number(),
	z
		.string()
		.trim()
		.regex(/^-?\d+(\.\d+)?$/)
		.transform(Number)
]);
const textSchema = z
	.string()
	.nullish()
	.transform((v) => v ?? '');
/** A yes/no Acuity may leave out or send as null: no unless it says yes. */
const flagSchema = z
	.boolean()
	.nullish()
	.transform((v) => v ?? false);
const dateTimeSchema = z.string().transform((value, ctx) => {
	const date = parseAcuityDateTime(value);
	if (!date) {
		ctx.addIssue({ code: 'custom', message: 'Not a datetime with an offset' });
		return z.NEVER;
	}
	return date;
});

/** "1650.00", "990.5", 1650, "", null → cents. */
export function priceToCents(value: string | number | null | undefined): number | null {
	if (value === null || value === undefined || value === '') return 0;
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 100) : null;
	const m = /^\$?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
	if (!m) return null;
	return Number(m[1]!.replace(/,/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const priceSchema = z
	.union([z.string(), z.number()])
	.nullish()
	.transform((value, ctx) => {
		const cents = priceToCents(value);
		if (cents === null) {
			ctx.addIssue({ code: 'custom', message: 'Not a price' });
			return z.NEVER;
		}
		return cents;
	});

export const appointmentTypeSchema = z.looseObject({
	id: idSchema,
	active: z
		.boolean()
		.nullish()
		.transform((v) => v ?? true),
	name: z.string(),
	description: textSchema,
	duration: numberSchema,
	price: priceSchema,
	category: textSchema,
	paddingBefore: numberSchema.nullish(),
	paddingAfter: numberSchema.nullish(),
	calendarIDs: z.array(idSchema).nullish(),
	formIDs: z.array(idSchema).nullish()
});

export const calendarSchema = z.looseObject({
	id: idSchema,
	name: z.string(),
	email: textSchema,
	description: textSchema,
	location: textSchema,
	timezone: z.string().refine(isTimeZone, 'Not a time zone')
});

const FIELD_TYPES: readonly FormFieldType[] = ['textbox', 'textarea', 'dropdown', 'checkbox', 'checkboxlist', 'yesno', 'file', 'address'];

export const formSchema = z.looseObject({
	id: idSchema,
	name: textSchema,
	description: textSchema,
	appointmentTypeIDs: z.array(idSchema).nullish(),
	fields: z
		.array(
			z.looseObject({
				id: idSchema,
				name: textSchema,
				required: flagSchema,
				type: z.string().nullish(),
				options: z.array(z.union([z.string(), z.number()])).nullish()
			})
		)
		.nullish()
});

export const appointmentSchema = z.looseObject({
	id: idSchema,
	datetime: dateTimeSchema,
	duration: numberSchema,
	calendarID: idSchema,
	appointmentTypeID: idSchema,
	calendarTimezone: z.string().nullish(),
	timezone: z.string().nullish(),
	firstName: textSchema,
	lastName: textSchema,
	email: textSchema,
	phone: textSchema,
	/** Not in ACUITY.md's list of appointment keys, but sent by Acuity and written by us. */
	notes: textSchema,
	canceled: flagSchema,
	noShow: flagSchema,
	forms: z
		.array(
			z.looseObject({
				values: z
					.array(
						z.looseObject({
							fieldID: idSchema,
							value: z.union([z.string(), z.number(), z.boolean()]).nullish()
						})
					)
					.nullish()
			})
		)
		.nullish(),
	datetimeCreated: dateTimeSchema
});
export type AcuityAppointment = z.infer<typeof appointmentSchema>;

export const datesSchema = z.array(z.looseObject({ date: z.string().refine(isDate, 'Not a date') }));
export const timesSchema = z.array(z.looseObject({ time: dateTimeSchema, slotsAvailable: numberSchema.nullish() }));
const checkSchema = z.looseObject({ valid: z.boolean(), reason: z.unknown().optional() });
export const checkResponseSchema = z.union([checkSchema, z.array(checkSchema).min(1)]);
export const errorBodySchema = z.looseObject({ error: z.string().nullish(), message: z.string().nullish() });

// ---------------------------------------------------------------------------------------------
// Mapping
// ---------------------------------------------------------------------------------------------

const TELEHEALTH_RE = /tele-?health|video/i;

export function toAppointmentType(t: z.infer<typeof appointmentTypeSchema>): ProviderAppointmentType {
	return {
		id: t.id,
		name: t.name,
		description: t.description,
		durationMinutes: t.duration,
		priceCents: t.price,
		category: t.category,
		mode: TELEHEALTH_RE.test(t.name) || TELEHEALTH_RE.test(t.category) ? 'telehealth' : 'in_person',
		paddingBeforeMinutes: t.paddingBefore ?? 0,
		paddingAfterMinutes: t.paddingAfter ?? 0,
		calendarIds: t.calendarIDs ?? [],
		formIds: t.formIDs ?? [],
		active: t.active
	};
}

export function toCalendar(c: z.infer<typeof calendarSchema>): ProviderCalendar {
	return { id: c.id, name: c.name, email: c.email, description: c.description, location: c.location, timeZone: c.timezone };
}

export function toForm(f: z.infer<typeof formSchema>): ProviderForm {
	return {
		id: f.id,
		name: f.name,
		description: f.description,
		appointmentTypeIds: f.appointmentTypeIDs ?? [],
		fields: (f.fields ?? []).map((x) => ({
			id: x.id,
			name: x.name,
			required: x.required,
			// An unknown field type is shown as a text box rather than refusing the whole form.
			type: FIELD_TYPES.includes(x.type as FormFieldType) ? (x.type as FormFieldType) : 'textbox',
			options: (x.options ?? []).map(String)
		}))
	};
}

export function toAppointment(a: AcuityAppointment): ProviderAppointment {
	const timeZone = [a.calendarTimezone, a.timezone].find((z): z is string => Boolean(z && isTimeZone(z))) ?? 'UTC';
	const phone = a.phone.trim();
	return {
		id: a.id,
		calendarId: a.calendarID,
		appointmentTypeId: a.appointmentTypeID,
		startsAt: a.datetime,
		// Acuity's `endTime` is a clock time ("2:00pm"); the end is the start plus the duration.
		endsAt: new Date(a.datetime.getTime() + a.duration * 60_000),
		durationMinutes: a.duration,
		timeZone,
		canceled: a.canceled,
		noShow: a.noShow,
		client: { firstName: a.firstName, lastName: a.lastName, email: a.email, ...(phone ? { phone } : {}) },
		notes: a.notes,
		fields: (a.forms ?? [])
			.flatMap((f) => f.values ?? [])
			.filter((v) => v.value !== null && v.value !== undefined && String(v.value) !== '')
			.map((v) => ({ fieldId: v.fieldID, value: String(v.value) })),
		createdAt: a.datetimeCreated
	};
}
