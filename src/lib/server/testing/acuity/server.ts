/**
 * A fake Acuity Scheduling API (the part in /work/shared/spec/ACUITY.md) on `node:http`, for tests
 * and demos: Basic auth, catalogue, availability computed by the project's availability engine
 * from each calendar's weekly hours minus appointments and blocks, appointments, blocks, signed
 * webhooks, injectable faults (status, Retry-After, latency, dropped connections, odd bodies), and
 * Acuity-like admin screens at `/admin` (admin.ts).
 *
 * Everything lives in memory in `state`; `requestLog` records every API request (method, path,
 * time) so tests can count upstream calls and measure their rate. Test code only: nothing in
 * production imports it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTimeZone } from '../../services/scheduling/acuity/datetime';
import { handleAdminRequest, type FakeAdminContext } from './admin';
import { createAppointments } from './appointments';
import { createCatalogue } from './catalogue';
import { bad, DEFAULT_WEEKLY_HOURS, FIELD_TYPES, HttpError, type FakeContext } from './context';
import { seedDemo } from './demo';
import { apiRoutes } from './routes';
import { createSerialisers } from './serialise';
import {
	WEBHOOK_EVENTS,
	type FakeAcuity,
	type FakeAcuityOptions,
	type FakeAppointment,
	type FakeAppointmentType,
	type FakeCalendar,
	type FakeFault,
	type FakeForm,
	type RequestLogEntry
} from './types';
import { createWebhooks } from './webhooks';

export async function startFakeAcuity(options: FakeAcuityOptions = {}): Promise<FakeAcuity> {
	const userId = options.userId ?? '24681357';
	const apiKey = options.apiKey ?? randomBytes(16).toString('hex');
	const host = options.host ?? '127.0.0.1';
	const ctx: FakeContext = {
		userId,
		apiKey,
		now: options.now ?? (() => new Date()),
		state: { calendars: [], appointmentTypes: [], forms: [], appointments: [], blocks: [], webhooks: [] },
		seq: { calendar: 1000, type: 2000, form: 3000, field: 4000, block: 5000, appointment: 700_000_000, webhook: 0 },
		requestLog: [],
		delivered: [],
		pendingDeliveries: new Set(),
		deliveryChain: Promise.resolve(),
		fault: null,
		dropping: 0,
		timers: new Set()
	};
	const { state } = ctx;
	const expectedAuth = `Basic ${Buffer.from(`${userId}:${apiKey}`).toString('base64')}`;

	const catalogue = createCatalogue(ctx);
	const serialisers = createSerialisers(ctx, catalogue);
	const webhooks = createWebhooks(ctx);
	const appointments = createAppointments(ctx, catalogue, webhooks);
	const routes = apiRoutes(ctx, catalogue, serialisers, webhooks, appointments);
	const { appointmentJson } = serialisers;
	const { dropNext, subscribe } = webhooks;
	const { rescheduleAppointment, cancelAppointment, createDirect, newAppointmentFrom } = appointments;

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
			ctx.timers.add(timer);
			req.socket.once('close', done);
			function done() {
				clearTimeout(timer);
				ctx.timers.delete(timer);
				req.socket.off('close', done);
				resolve();
			}
		});

	function takeFault(method: string, path: string): FakeFault | null {
		const f = ctx.fault;
		if (!f) return null;
		if (f.paths && !f.paths.test(path)) return null;
		if (f.methods && !f.methods.map((m) => m.toUpperCase()).includes(method)) return null;
		if (f.times !== undefined) {
			if (f.times <= 0) return null;
			f.times -= 1;
			if (f.times === 0) ctx.fault = null;
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
		delivered: ctx.delivered,
		toJson: appointmentJson,
		reschedule: (a: FakeAppointment, datetime: string) => rescheduleAppointment(a, { datetime }, true),
		cancel: (a: FakeAppointment, b: { noShow: boolean; cancelNote?: string }) => cancelAppointment(a, b),
		createDirect,
		dropNext,
		get dropping() {
			return ctx.dropping;
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
		ctx.requestLog.push(entry);

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
			const id = c.id ?? ++ctx.seq.calendar;
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
			const id = t.id ?? ++ctx.seq.type;
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
			const id = f.id ?? ++ctx.seq.form;
			const form: FakeForm = {
				id,
				name: f.name ?? `Form ${id}`,
				description: f.description ?? '',
				hidden: f.hidden ?? false,
				appointmentTypeIDs: f.appointmentTypeIDs ?? state.appointmentTypes.map((t) => t.id),
				fields: (f.fields ?? []).map((x) => ({
					id: x.id ?? ++ctx.seq.field,
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
			const block = { id: ++ctx.seq.block, calendarID: b.calendarID, start: b.start, end: b.end, notes: b.notes ?? '' };
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
				ctx.fault = { ...f };
			},
			clear() {
				ctx.fault = null;
			},
			get current() {
				return ctx.fault;
			}
		},
		requestLog: ctx.requestLog,
		webhooks: {
			subscribe: (target, events = WEBHOOK_EVENTS) => events.map((e) => subscribe(target, e)),
			delivered: ctx.delivered,
			async settled() {
				while (ctx.pendingDeliveries.size) await Promise.allSettled([...ctx.pendingDeliveries]);
			},
			dropNext
		},
		createDirect,
		toJson: appointmentJson,
		async close() {
			for (const t of ctx.timers) clearTimeout(t);
			ctx.timers.clear();
			await Promise.allSettled([...ctx.pendingDeliveries]);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
