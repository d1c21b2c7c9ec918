/** The API's routes (the part of Acuity's API in ACUITY.md). */
import { formatAcuityDateTime, isDate, localDate, MONTH_RE, parseAcuityDateTime } from '../../services/scheduling/acuity/datetime';
import type { Appointments } from './appointments';
import type { Catalogue } from './catalogue';
import { bad, EMAIL_RE, HttpError, str, toId, type FakeContext } from './context';
import type { Serialisers } from './serialise';
import type { Webhooks } from './webhooks';

export type Handler = (ctx: { params: string[]; query: URLSearchParams; body: unknown }) => { status?: number; json?: unknown };
export interface Route {
	method: string;
	pattern: RegExp;
	handler: Handler;
}

export function apiRoutes(ctx: FakeContext, catalogue: Catalogue, ser: Serialisers, hooks: Webhooks, appts: Appointments): Route[] {
	const { state, userId } = ctx;
	const { typeById, calendarById, requireType, calendarsFor, timesOn, datesIn, isAvailable, zoneParam, parseDateTimeParam } = catalogue;
	const { typeJson, calendarJson, formJson, appointmentJson, blockJson } = ser;
	const { emit, subscribe } = hooks;
	const { fieldsFrom, createFromApi, listAppointments, rescheduleAppointment, cancelAppointment, requireAppointment } = appts;

	const routes: Route[] = [];
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
		const block = { id: ++ctx.seq.block, calendarID: calendar.id, start, end, notes: str(b.notes) };
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

	return routes;
}
