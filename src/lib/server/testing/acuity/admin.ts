/**
 * The fake Acuity's stand-in for Acuity's own admin screens, served by server.ts under /admin:
 * a person (the README demo) or a Playwright test moves, cancels, marks no-show and books
 * appointments "in Acuity", and the fake fires the same signed webhooks real Acuity would.
 *
 * No Basic auth and no CSRF checks: this is a loopback-only test tool, never a real service.
 * Plain server-rendered HTML forms, so it works without JavaScript.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromAbsolute } from '@internationalized/date';
import { formatAcuityDateTime, isoWeekday, localDate } from '../../services/scheduling/acuity/datetime';
import type { DeliveredWebhook, FakeAppointment, FakeState, NewAppointment } from './types';

/** What the admin screens need from the fake: its state and the same internals the API routes use. */
export interface FakeAdminContext {
	state: FakeState;
	delivered: readonly DeliveredWebhook[];
	/** The appointment as the API returns it. */
	toJson(a: FakeAppointment): Record<string, unknown>;
	/** Staff reschedule (no availability check, no double-booking); `datetime` is read in the calendar's zone. Fires webhooks. */
	reschedule(a: FakeAppointment, datetime: string): FakeAppointment;
	/** Fires webhooks. */
	cancel(a: FakeAppointment, b: { noShow: boolean; cancelNote?: string }): FakeAppointment;
	/** An appointment made directly in Acuity. Fires webhooks. */
	createDirect(a: NewAppointment): FakeAppointment;
	dropNext(count: number): void;
	readonly dropping: number;
}

class FieldError extends Error {
	constructor(
		readonly field: string | null,
		message: string,
		readonly status = 400
	) {
		super(message);
	}
}

/** The fake's HttpError (context.ts), recognised by shape so this module needs nothing but types from it. */
function clientErrorOf(err: unknown): { status: number; code: string; message: string } | null {
	if (!(err instanceof Error)) return null;
	const { status, code } = err as Error & { status?: unknown; code?: unknown };
	if (typeof status !== 'number' || typeof code !== 'string' || status < 400 || status >= 500) return null;
	return { status, code, message: err.message };
}

/** Which form field an API error code is about, to name it in the answer. */
const FIELD_OF_CODE: Record<string, string> = {
	invalid_calendar: 'calendarID',
	required_appointment_type_id: 'appointmentTypeID',
	invalid_appointment_type: 'appointmentTypeID',
	required_datetime: 'datetime',
	invalid_datetime: 'datetime',
	not_available: 'datetime'
};

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

const esc = (value: unknown) =>
	String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Wed 5 May 2027, 9:00 am` in `zone`. */
function formatStart(date: Date, zone: string): string {
	const z = fromAbsolute(date.getTime(), zone);
	const weekday = WEEKDAYS[isoWeekday(localDate(date, zone)) - 1];
	const h12 = z.hour % 12 === 0 ? 12 : z.hour % 12;
	return `${weekday} ${z.day} ${MONTHS[z.month - 1]} ${z.year}, ${h12}:${String(z.minute).padStart(2, '0')} ${z.hour < 12 ? 'am' : 'pm'}`;
}

/** The value a datetime-local input shows for the instant, in `zone`. */
const localInputValue = (date: Date, zone: string) => formatAcuityDateTime(date, zone).slice(0, 16);

/** What a datetime-local input sends: a wall time with no zone. */
const DATETIME_LOCAL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

const statusOf = (a: FakeAppointment) => (a.noShow ? 'No-show' : a.canceled ? 'Canceled' : 'Scheduled');

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #ccc; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
form.inline { display: inline-flex; gap: 0.35rem; align-items: center; flex-wrap: wrap; margin: 0.1rem 0.4rem 0.1rem 0; }
.hint { color: #555; font-size: 0.85em; }
.grid { display: grid; grid-template-columns: max-content minmax(12rem, 24rem); gap: 0.5rem 1rem; align-items: center; }
button { font: inherit; padding: 0.2rem 0.7rem; }
:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
`;

function page(title: string, body: string): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

// ---------------------------------------------------------------------------------------------
// Screens
// ---------------------------------------------------------------------------------------------

function sortedAppointments(ctx: FakeAdminContext): FakeAppointment[] {
	return [...ctx.state.appointments].sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime() || x.id - y.id);
}

function appointmentRow(ctx: FakeAdminContext, a: FakeAppointment): string {
	const calendar = ctx.state.calendars.find((c) => c.id === a.calendarID);
	const type = ctx.state.appointmentTypes.find((t) => t.id === a.appointmentTypeID);
	const zone = calendar?.timezone ?? 'UTC';
	const iso = a.startsAt.toISOString();
	const actions = a.canceled
		? ''
		: `<form class="inline" method="post" action="/admin/appointments/${a.id}/reschedule" aria-label="Move appointment ${a.id}">
<label for="move-${a.id}">New time for appointment ${a.id}</label>
<input type="datetime-local" id="move-${a.id}" name="datetime" required value="${esc(localInputValue(a.startsAt, zone))}" aria-describedby="zone-${a.id}">
<span class="hint" id="zone-${a.id}">${esc(zone)} time</span>
<button type="submit" aria-label="Move appointment ${a.id}">Move</button>
</form>
<form class="inline" method="post" action="/admin/appointments/${a.id}/cancel">
<button type="submit" aria-label="Cancel appointment ${a.id}">Cancel</button>
</form>
<form class="inline" method="post" action="/admin/appointments/${a.id}/cancel">
<input type="hidden" name="noShow" value="true">
<button type="submit" aria-label="No-show appointment ${a.id}">No-show</button>
</form>`;
	return `<tr data-appointment-id="${a.id}">
<td>${a.id}</td>
<td>${esc(calendar?.name ?? `Calendar ${a.calendarID}`)}</td>
<td>${esc(type?.name ?? `Type ${a.appointmentTypeID}`)}</td>
<td data-starts-at="${iso}"><time datetime="${iso}">${esc(formatStart(a.startsAt, zone))}</time></td>
<td>${esc(`${a.firstName} ${a.lastName}`.trim())}</td>
<td>${statusOf(a)}</td>
<td>${actions}</td>
</tr>`;
}

function newAppointmentForm(ctx: FakeAdminContext): string {
	const calendars = ctx.state.calendars.map((c) => `<option value="${c.id}">${esc(c.name)} (${esc(c.timezone)})</option>`).join('');
	const types = ctx.state.appointmentTypes.map((t) => `<option value="${t.id}">${esc(t.name)} — ${t.duration} min</option>`).join('');
	const text = (name: string, label: string, type = 'text', required = false) =>
		`<label for="new-${name}">${label}</label><input type="${type}" id="new-${name}" name="${name}"${required ? ' required' : ''}>`;
	return `<h2 id="new-heading">New appointment</h2>
<p class="hint">Booked as Acuity staff would: no availability check.</p>
<form method="post" action="/admin/appointments" aria-labelledby="new-heading">
<div class="grid">
<label for="new-calendarID">Calendar</label><select id="new-calendarID" name="calendarID" required>${calendars}</select>
<label for="new-appointmentTypeID">Appointment type</label><select id="new-appointmentTypeID" name="appointmentTypeID" required>${types}</select>
<label for="new-datetime">Time</label><span><input type="datetime-local" id="new-datetime" name="datetime" required aria-describedby="new-datetime-hint"> <span class="hint" id="new-datetime-hint">in the calendar's time zone</span></span>
${text('firstName', 'First name', 'text', true)}
${text('lastName', 'Last name', 'text', true)}
${text('phone', 'Phone', 'tel')}
${text('email', 'Email', 'email')}
</div>
<p><button type="submit">Create appointment</button></p>
</form>`;
}

function webhooksSection(ctx: FakeAdminContext): string {
	const subs = ctx.state.webhooks.length
		? `<table><caption>Subscriptions</caption><thead><tr><th scope="col">ID</th><th scope="col">Event</th><th scope="col">Target</th></tr></thead><tbody>
${ctx.state.webhooks.map((w) => `<tr><td>${w.id}</td><td>${esc(w.event)}</td><td>${esc(w.target)}</td></tr>`).join('\n')}
</tbody></table>`
		: '<p>No subscriptions.</p>';
	const recent = ctx.delivered.slice(-20).reverse();
	const deliveries = recent.length
		? `<table><caption>Last ${recent.length} deliveries, newest first</caption><thead><tr><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Appointment</th><th scope="col">Result</th></tr></thead><tbody>
${recent
	.map((d) => {
		const iso = new Date(d.at).toISOString();
		const id = new URLSearchParams(d.body).get('id') ?? '';
		const result = d.status !== undefined ? `HTTP ${d.status}` : `Error: ${d.error ?? 'unknown'}`;
		return `<tr><td><time datetime="${iso}">${iso}</time></td><td>${esc(d.action)}</td><td>${esc(id)}</td><td>${esc(result)}</td></tr>`;
	})
	.join('\n')}
</tbody></table>`
		: '<p>No deliveries yet.</p>';
	const dropping = ctx.dropping ? `<p role="status">Dropping the next ${ctx.dropping} webhook deliveries.</p>` : '';
	return `<h2>Webhooks</h2>
${subs}
${deliveries}
${dropping}
<form method="post" action="/admin/faults/drop-webhooks" class="inline">
<label for="drop-count">Webhook deliveries to drop</label>
<input type="number" id="drop-count" name="count" min="1" max="100" step="1" value="1" required>
<button type="submit">Drop next deliveries</button>
</form>`;
}

function appointmentsScreen(ctx: FakeAdminContext): string {
	const list = sortedAppointments(ctx);
	const table = list.length
		? `<table>
<caption>Appointments</caption>
<thead><tr><th scope="col">ID</th><th scope="col">Calendar</th><th scope="col">Type</th><th scope="col">Starts</th><th scope="col">Client</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
<tbody>
${list.map((a) => appointmentRow(ctx, a)).join('\n')}
</tbody>
</table>`
		: '<p>No appointments yet.</p>';
	return page(
		'Fake Acuity — appointments',
		`<h1>Fake Acuity — appointments</h1>
<p class="hint">Changes here fire the webhooks real Acuity sends. Times are in each calendar's time zone.</p>
${table}
${newAppointmentForm(ctx)}
${webhooksSection(ctx)}`
	);
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) {
	res
		.writeHead(status, {
			'content-type': 'text/html; charset=utf-8',
			'content-length': String(Buffer.byteLength(html)),
			'cache-control': 'no-store',
			...headers
		})
		.end(html);
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
	const text = JSON.stringify(value);
	res
		.writeHead(status, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': String(Buffer.byteLength(text)),
			'cache-control': 'no-store'
		})
		.end(text);
}

function sendProblem(res: ServerResponse, status: number, field: string | null, message: string) {
	const what = field ? `Field <code>${esc(field)}</code>: ${esc(message)}` : esc(message);
	sendHtml(
		res,
		status,
		page('Fake Acuity — not saved', `<h1>Not saved</h1>\n<p role="alert">${what}</p>\n<p><a href="/admin">Back to appointments</a></p>`)
	);
}

const backToList = (res: ServerResponse) => res.writeHead(303, { location: '/admin', 'content-length': '0' }).end();

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
	const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
	if (type !== 'application/x-www-form-urlencoded') throw new FieldError(null, 'Send the form as application/x-www-form-urlencoded.', 415);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > 100_000) throw new FieldError(null, 'The form is too large.', 413);
		chunks.push(chunk as Buffer);
	}
	return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function requireDatetime(form: URLSearchParams, field = 'datetime'): string {
	const value = (form.get(field) ?? '').trim();
	if (!value) throw new FieldError(field, 'Enter a date and time.');
	if (!DATETIME_LOCAL_RE.test(value)) throw new FieldError(field, `"${value}" is not a date and time like 2027-05-05T09:00.`);
	return value;
}

function requireId(form: URLSearchParams, field: string): number {
	const value = (form.get(field) ?? '').trim();
	if (!/^\d+$/.test(value)) throw new FieldError(field, 'Choose one.');
	return Number(value);
}

function findAppointment(ctx: FakeAdminContext, rawId: string): FakeAppointment {
	const a = /^\d+$/.test(rawId) ? ctx.state.appointments.find((x) => x.id === Number(rawId)) : undefined;
	if (!a) throw new FieldError(null, `There is no appointment ${rawId}.`, 404);
	return a;
}

function dropWebhooks(ctx: FakeAdminContext, form: URLSearchParams): number {
	const raw = (form.get('count') ?? '').trim();
	const count = /^\d+$/.test(raw) ? Number(raw) : NaN;
	if (!(count >= 1 && count <= 100)) throw new FieldError('count', 'Enter a whole number from 1 to 100.');
	ctx.dropNext(count);
	return count;
}

function createAppointment(ctx: FakeAdminContext, form: URLSearchParams) {
	const calendarID = requireId(form, 'calendarID');
	const appointmentTypeID = requireId(form, 'appointmentTypeID');
	const startsAt = requireDatetime(form);
	const firstName = (form.get('firstName') ?? '').trim();
	const lastName = (form.get('lastName') ?? '').trim();
	const email = (form.get('email') ?? '').trim();
	if (!firstName) throw new FieldError('firstName', 'Enter a first name.');
	if (!lastName) throw new FieldError('lastName', 'Enter a last name.');
	if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new FieldError('email', `"${email}" is not an email address.`);
	ctx.createDirect({ calendarID, appointmentTypeID, startsAt, firstName, lastName, email, phone: (form.get('phone') ?? '').trim() });
}

/**
 * Answers every request whose path is /admin or below it. The POSTs apply the change through the
 * fake's shared internals (so webhooks fire as for the API) and redirect back to /admin.
 */
export async function handleAdminRequest(req: IncomingMessage, res: ServerResponse, url: URL, ctx: FakeAdminContext): Promise<void> {
	const method = (req.method ?? 'GET').toUpperCase();
	const path = url.pathname.replace(/\/+$/, '') || '/';
	const only = (allowed: string) => {
		if (method === allowed) return true;
		res.writeHead(405, { allow: allowed, 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed.');
		return false;
	};

	try {
		if (path === '/admin') {
			if (only('GET')) sendHtml(res, 200, appointmentsScreen(ctx));
			return;
		}
		if (path === '/admin/appointments.json') {
			if (only('GET')) sendJson(res, 200, sortedAppointments(ctx).map(ctx.toJson));
			return;
		}
		if (path === '/admin/appointments') {
			if (!only('POST')) return;
			createAppointment(ctx, await readForm(req));
			backToList(res);
			return;
		}
		const action = /^\/admin\/appointments\/([^/]+)\/(reschedule|cancel)$/.exec(path);
		if (action) {
			if (!only('POST')) return;
			const form = await readForm(req);
			const a = findAppointment(ctx, action[1]!);
			if (action[2] === 'reschedule') ctx.reschedule(a, requireDatetime(form));
			else ctx.cancel(a, { noShow: form.get('noShow') === 'true', cancelNote: form.get('cancelNote') ?? '' });
			backToList(res);
			return;
		}
		if (path === '/admin/faults/drop-webhooks') {
			if (!only('POST')) return;
			const count = dropWebhooks(ctx, await readForm(req));
			if ((req.headers.accept ?? '').includes('application/json')) sendJson(res, 200, { dropping: count });
			else backToList(res);
			return;
		}
		sendProblem(res, 404, null, 'There is no such admin screen.');
	} catch (err) {
		if (err instanceof FieldError) return sendProblem(res, err.status, err.field, err.message);
		const client = clientErrorOf(err);
		if (client) return sendProblem(res, client.status, FIELD_OF_CODE[client.code] ?? null, client.message);
		throw err;
	}
}
