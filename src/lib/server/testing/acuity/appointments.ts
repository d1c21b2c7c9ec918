/** Appointments: made, listed, moved and cancelled, by the API and by Acuity's own screens alike. */
import { isDate, localDate, parseAcuityDateTime } from '../../services/scheduling/acuity/datetime';
import type { Catalogue } from './catalogue';
import { bad, EMAIL_RE, HttpError, str, toId, type FakeContext } from './context';
import type { FakeAppointment, FakeAppointmentType, FakeCalendar, NewAppointment } from './types';
import type { Webhooks } from './webhooks';

export type Appointments = ReturnType<typeof createAppointments>;

export function createAppointments(ctx: FakeContext, catalogue: Catalogue, { emit }: Pick<Webhooks, 'emit'>) {
	const { state, now } = ctx;
	const {
		calendarById,
		appointmentById,
		requireType,
		requireCalendar,
		calendarsFor,
		isAvailable,
		overlapsAppointment,
		zoneParam,
		parseDateTimeParam
	} = catalogue;

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
			id: ++ctx.seq.appointment,
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

	return {
		fieldsFrom,
		newAppointmentFrom,
		createFromApi,
		listAppointments,
		rescheduleAppointment,
		cancelAppointment,
		createDirect,
		requireAppointment
	};
}
