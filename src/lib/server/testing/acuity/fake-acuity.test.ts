import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatAcuityDateTime, parseAcuityDateTime } from '../../services/scheduling/acuity/datetime';
import { startFakeAcuity, type DemoCatalogue, type FakeAcuity } from '../fake-acuity';

const NOW = new Date('2026-03-02T00:00:00Z');

let fake: FakeAcuity;
let demo: DemoCatalogue;

async function api(method: string, path: string, body?: unknown, auth: string | null = `${fake.userId}:${fake.apiKey}`) {
	const headers: Record<string, string> = {};
	if (auth !== null) headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${fake.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();

	return { status: res.status, json: text ? JSON.parse(text) : null };
}

beforeEach(async () => {
	fake = await startFakeAcuity({ now: () => NOW });
	demo = fake.seed.demo();
});
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
	await fake.close();
	while (closers.length) await closers.pop()!();
});

/** A webhook receiver on loopback that records every request. */
async function startTarget() {
	const received: { method: string; headers: IncomingHttpHeaders; body: string }[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(200).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/acuity`, received };
}

/** The admin screens: a GET, or a POST of a form (as a browser sends it), never following redirects. */
async function admin(path: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
	const res = await fetch(`${fake.url.replace(/\/api\/v1$/, '')}/admin${path}`, {
		method: form ? 'POST' : 'GET',
		body: form ? new URLSearchParams(form) : undefined,
		headers,
		redirect: 'manual'
	});
	return { status: res.status, location: res.headers.get('location'), type: res.headers.get('content-type'), text: await res.text() };
}

describe('fake Acuity', () => {
	it('checks Basic auth on every request', async () => {
		expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
		for (const auth of [null, `${fake.userId}:wrong`, `1:${fake.apiKey}`]) {
			const res = await api('GET', '/calendars', undefined, auth);
			expect(res).toEqual({ status: 401, json: { status_code: 401, message: 'Unauthorized', error: 'unauthorized' } });
		}
		expect((await api('GET', '/calendars')).status).toBe(200);
		expect((await api('GET', '/appointments/1')).json).toMatchObject({ status_code: 404, error: 'not_found' });
	});

	it("formats datetimes like Acuity, in the calendar's zone", async () => {
		const made = [
			fake.createDirect({
				calendarID: demo.calendars.sydney.id,
				appointmentTypeID: demo.types.ime.id,
				startsAt: '2026-03-10T10:00:00+11:00'
			}),
			fake.createDirect({
				calendarID: demo.calendars.adelaide.id,
				appointmentTypeID: demo.types.ime.id,
				startsAt: '2026-03-10T10:00:00+1030'
			}),
			fake.createDirect({ calendarID: demo.calendars.brisbane.id, appointmentTypeID: demo.types.ime.id, startsAt: '2026-03-10T10:00:00' })
		];
		const got = await Promise.all(made.map((a) => api('GET', `/appointments/${a.id}`)));
		expect(got.map((g) => g.json.datetime)).toEqual(['2026-03-10T10:00:00+1100', '2026-03-10T10:00:00+1030', '2026-03-10T10:00:00+1000']);
		expect(got[0]!.json).toMatchObject({
			endTime: '11:00am',
			time: '10:00am',
			date: 'March 10, 2026',
			duration: '60',
			calendarTimezone: 'Australia/Sydney'
		});
		expect(got[0]!.json.datetimeCreated).toBe('2026-03-02T11:00:00+1100');
		// A winter date in Sydney is +1000.
		expect(formatAcuityDateTime(new Date('2026-07-01T00:00:00Z'), 'Australia/Sydney')).toBe('2026-07-01T10:00:00+1000');
		expect(parseAcuityDateTime('2026-03-10T10:00:00+1030')?.toISOString()).toBe('2026-03-09T23:30:00.000Z');
		expect(parseAcuityDateTime('2026-03-10T10:00:00')).toBeNull();
		expect(parseAcuityDateTime('2026-02-30T10:00:00Z')).toBeNull();
	});

	it('books only free times without admin; with admin=true books any time that overlaps no appointment', async () => {
		const body = (datetime: string, extra: Record<string, unknown> = {}) => ({
			datetime,
			appointmentTypeID: demo.types.ime.id,
			calendarID: demo.calendars.sydney.id,
			firstName: 'Test',
			lastName: 'Person',
			email: 'test.person@example.net',
			fields: [{ id: demo.form.fields[0]!.id, value: 'CLM-1' }],
			...extra
		});
		const saturday = '2026-03-14T10:00:00+11:00';
		expect(await api('POST', '/appointments', body(saturday))).toMatchObject({
			status: 400,
			json: { status_code: 400, error: 'not_available' }
		});
		expect((await api('POST', '/appointments?admin=true', body(saturday))).status).toBe(200);
		// Overlaps the Saturday booking by half an hour: refused even as admin.
		expect(await api('POST', '/appointments?admin=true', body('2026-03-14T10:30:00+11:00'))).toMatchObject({
			status: 400,
			json: { status_code: 400, error: 'not_available' }
		});
		// Touching end to start is fine for admin.
		expect((await api('POST', '/appointments?admin=true', body('2026-03-14T11:00:00+11:00'))).status).toBe(200);
		// Admin bookings need a calendar; non-admin ones need the required form field.
		expect((await api('POST', '/appointments?admin=true', body('2026-03-16T10:00:00+11:00', { calendarID: undefined }))).json.error).toBe(
			'required_calendar_id'
		);
		expect((await api('POST', '/appointments', body('2026-03-10T10:00:00+11:00', { fields: [] }))).json.error).toBe('required_field');
		expect((await api('POST', '/appointments', body('2026-03-10T10:00:00+11:00'))).status).toBe(200);
		// Without a calendar, any free calendar of the type is chosen.
		const any = await api('POST', '/appointments', body('2026-03-10T10:00:00+11:00', { calendarID: undefined }));
		expect(any.status).toBe(200);
		expect(any.json.calendarID).not.toBe(demo.calendars.sydney.id);
		expect(fake.state.appointments).toHaveLength(4);
	});

	it('filters GET /appointments by dates, calendar, type, canceled and max', async () => {
		const at = (day: string, calendarID = demo.calendars.sydney.id) =>
			fake.createDirect({ calendarID, appointmentTypeID: demo.types.fileReview.id, startsAt: `2026-03-${day}T10:00:00` });
		const [a, b, c] = [at('03'), at('04'), at('05')];
		at('04', demo.calendars.brisbane.id);
		fake.state.appointments.find((x) => x.id === c.id)!.canceled = true;
		const ids = async (qs: string) => ((await api('GET', `/appointments?${qs}`)).json as { id: number }[]).map((x) => x.id);
		expect(await ids(`calendarID=${demo.calendars.sydney.id}`)).toEqual([b.id, a.id]);
		expect(await ids(`calendarID=${demo.calendars.sydney.id}&canceled=true`)).toEqual([c.id]);
		expect(await ids(`minDate=2026-03-04&maxDate=2026-03-04&calendarID=${demo.calendars.sydney.id}`)).toEqual([b.id]);
		expect(await ids('minDate=2026-03-04&maxDate=2026-03-04')).toHaveLength(2);
		expect(await ids('max=1')).toHaveLength(1);
		expect(await ids(`appointmentTypeID=${demo.types.ime.id}`)).toEqual([]);
	});

	it('takes blocks off availability, and gives the time back when deleted', async () => {
		const times = async () =>
			(
				await api(
					'GET',
					`/availability/times?date=2026-03-10&appointmentTypeID=${demo.types.fileReview.id}&calendarID=${demo.calendars.brisbane.id}`
				)
			).json as { time: string; slotsAvailable: number }[];
		const before = await times();
		expect(before[0]).toEqual({ time: '2026-03-10T08:00:00+1000', slotsAvailable: 1 });
		const block = await api('POST', '/blocks', {
			calendarID: demo.calendars.brisbane.id,
			start: '2026-03-10T08:00:00',
			end: '2026-03-10T12:00:00',
			notes: 'Court'
		});
		expect(block.json).toMatchObject({
			calendarID: demo.calendars.brisbane.id,
			start: '2026-03-10T08:00:00+1000',
			end: '2026-03-10T12:00:00+1000'
		});
		expect((await times())[0]!.time).toBe('2026-03-10T13:00:00+1000');
		expect((await api('GET', `/blocks?calendarID=${demo.calendars.brisbane.id}`)).json).toHaveLength(1);
		expect((await api('DELETE', `/blocks/${block.json.id}`)).status).toBe(204);
		expect(await times()).toEqual(before);
	});

	it('checks one time or a list of times', async () => {
		const item = (datetime: string) => ({ datetime, appointmentTypeID: demo.types.ime.id, calendarID: demo.calendars.sydney.id });
		expect((await api('POST', '/availability/check-times', item('2026-03-10T10:00:00+1100'))).json).toEqual({
			datetime: '2026-03-10T10:00:00+1100',
			appointmentTypeID: demo.types.ime.id,
			calendarID: demo.calendars.sydney.id,
			valid: true
		});
		const list = await api('POST', '/availability/check-times', [
			item('2026-03-10T10:00:00+1100'),
			item('2026-03-03T11:00:00+1100'),
			item('2026-03-03T10:30:00+1100')
		]);
		// Notice is 24 h from Monday 11:00: Tuesday 11:00 is the first start, 10:30 is too soon.
		expect((list.json as { valid: boolean }[]).map((x) => x.valid)).toEqual([true, true, false]);
	});

	it('applies faults to matching requests only, as many times as asked, and logs every request', async () => {
		fake.faults.set({ status: 503, retryAfterSeconds: 3, times: 2, paths: /^\/forms$/, methods: ['GET'] });
		expect((await api('GET', '/calendars')).status).toBe(200);
		const res = await fetch(`${fake.url}/forms`, {
			headers: { authorization: `Basic ${Buffer.from(`${fake.userId}:${fake.apiKey}`).toString('base64')}` }
		});
		expect(res.status).toBe(503);
		expect(res.headers.get('retry-after')).toBe('3');
		await res.text();
		expect((await api('GET', '/forms')).status).toBe(503);
		expect((await api('GET', '/forms')).status).toBe(200);
		expect(fake.faults.current).toBeNull();
		expect(fake.requestLog.map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', '/calendars', 200],
			['GET', '/forms', 503],
			['GET', '/forms', 503],
			['GET', '/forms', 200]
		]);
		fake.faults.set({ dropConnection: true, times: 1 });
		await expect(api('GET', '/calendars')).rejects.toThrow();
		expect((await api('GET', '/calendars')).status).toBe(200);
	});

	it('answers dates in the asked zone', async () => {
		const dates = async (tz: string) =>
			(
				(
					await api(
						'GET',
						`/availability/dates?month=2026-03&appointmentTypeID=${demo.types.ime.id}&calendarID=${demo.calendars.sydney.id}&timezone=${tz}`
					)
				).json as {
					date: string;
				}[]
			).map((d) => d.date);
		const sydney = await dates('Australia/Sydney');
		expect(sydney[0]).toBe('2026-03-03');
		// Honolulu (−10) sees Sydney's Monday mornings on Sunday.
		const honolulu = await dates('Pacific/Honolulu');
		expect(honolulu).toContain('2026-03-08');
		expect(sydney).not.toContain('2026-03-08');
		expect(
			(await api('GET', `/availability/dates?month=2026-03&appointmentTypeID=${demo.types.ime.id}&timezone=Nowhere/Town`)).json.error
		).toBe('invalid_timezone');
	});
});

describe('fake Acuity admin screens', () => {
	const direct = (startsAt: string, calendarID = demo.calendars.sydney.id) =>
		fake.createDirect({ calendarID, appointmentTypeID: demo.types.ime.id, startsAt, firstName: 'Dana', lastName: 'Ng' });

	it('lists appointments in their calendar zone, without auth and outside the request log', async () => {
		const a = direct('2027-05-05T09:00:00');
		const page = await admin('');
		expect(page.status).toBe(200);
		expect(page.type).toMatch(/^text\/html/);
		expect(page.text).toContain('<html lang="en">');
		expect(page.text).toMatch(/<main>[\s\S]*<h1>Fake Acuity — appointments<\/h1>/);
		expect(page.text).toContain(`data-starts-at="2027-05-04T23:00:00.000Z"`);
		expect(page.text).toContain('Wed 5 May 2027, 9:00 am');
		expect(page.text).toContain(`<label for="move-${a.id}">New time for appointment ${a.id}</label>`);
		expect(page.text).toContain('value="2027-05-05T09:00"');
		// Every visible input has a label.
		const ids = [...page.text.matchAll(/<(?:input|select)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
		expect(ids.length).toBeGreaterThan(5);
		for (const id of ids) expect(page.text).toContain(`<label for="${id}">`);
		expect(fake.requestLog).toEqual([]);
	});

	it('moves an appointment and sends a signed, form-encoded appointment.rescheduled', async () => {
		const a = direct('2027-05-05T09:00:00');
		const target = await startTarget();
		fake.webhooks.subscribe(target.url);

		const res = await admin(`/appointments/${a.id}/reschedule`, { datetime: '2027-05-06T14:30' });
		expect(res).toMatchObject({ status: 303, location: '/admin' });
		expect((await api('GET', `/appointments/${a.id}`)).json).toMatchObject({ datetime: '2027-05-06T14:30:00+1000', canceled: false });

		await fake.webhooks.settled();
		expect(target.received.map((r) => new URLSearchParams(r.body).get('action'))).toEqual([
			'appointment.rescheduled',
			'appointment.changed'
		]);
		const first = target.received[0]!;
		expect(first.method).toBe('POST');
		expect(first.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(Object.fromEntries(new URLSearchParams(first.body))).toEqual({
			action: 'appointment.rescheduled',
			id: String(a.id),
			calendarID: String(demo.calendars.sydney.id),
			appointmentTypeID: String(demo.types.ime.id)
		});
		expect(first.headers['x-acuity-signature']).toBe(createHmac('sha256', fake.apiKey).update(first.body).digest('base64'));
		expect(first.headers.origin).toBeUndefined();
		expect(fake.webhooks.delivered.map((d) => d.status)).toEqual([200, 200]);
		expect((await admin('')).text).toMatch(/<td>appointment\.rescheduled<\/td><td>\d+<\/td><td>HTTP 200<\/td>/);
	});

	it('cancels and marks no-show through the forms, firing appointment.canceled', async () => {
		const kept = direct('2027-05-05T09:00:00');
		const canceled = direct('2027-05-05T11:00:00');
		const noShow = direct('2027-05-05T14:00:00');
		fake.webhooks.subscribe('http://127.0.0.1:9/unreachable', ['appointment.canceled']);
		expect(await admin(`/appointments/${canceled.id}/cancel`, {})).toMatchObject({ status: 303, location: '/admin' });
		expect(await admin(`/appointments/${noShow.id}/cancel`, { noShow: 'true' })).toMatchObject({ status: 303, location: '/admin' });

		expect((await api('GET', `/appointments/${canceled.id}`)).json).toMatchObject({ canceled: true, noShow: false });
		expect((await api('GET', `/appointments/${noShow.id}`)).json).toMatchObject({ canceled: true, noShow: true });
		await fake.webhooks.settled();
		expect(fake.webhooks.delivered.map((d) => [d.action, new URLSearchParams(d.body).get('id')])).toEqual([
			['appointment.canceled', String(canceled.id)],
			['appointment.canceled', String(noShow.id)]
		]);

		const page = (await admin('')).text;
		const row = (id: number) => page.slice(page.indexOf(`<tr data-appointment-id="${id}">`)).split('</tr>')[0]!;
		expect(row(kept.id)).toContain('<td>Scheduled</td>');
		expect(row(canceled.id)).toContain('<td>Canceled</td>');
		expect(row(noShow.id)).toContain('<td>No-show</td>');
		expect(row(canceled.id)).not.toContain('<form');
		expect(row(kept.id)).toContain(`action="/admin/appointments/${kept.id}/reschedule"`);
		// Once canceled, it stays canceled.
		const again = await admin(`/appointments/${canceled.id}/cancel`, {});
		expect(again.status).toBe(400);
		expect(again.text).toContain('already canceled');
		expect((await admin('/appointments/123/cancel', {})).status).toBe(404);
	});

	it('books directly in Acuity through the form, with no availability check', async () => {
		fake.webhooks.subscribe('http://127.0.0.1:9/unreachable');
		const form = {
			calendarID: String(demo.calendars.sydney.id),
			appointmentTypeID: String(demo.types.fileReview.id),
			// A Saturday: outside the calendar's hours.
			datetime: '2026-03-14T10:00',
			firstName: 'Priya',
			lastName: 'Shah',
			phone: '0400 000 000',
			email: 'priya@example.net'
		};
		expect(await admin('/appointments', form)).toMatchObject({ status: 303, location: '/admin' });
		expect(fake.state.appointments).toHaveLength(1);
		const made = fake.state.appointments[0]!;
		expect((await api('GET', `/appointments/${made.id}`)).json).toMatchObject({
			datetime: '2026-03-14T10:00:00+1100',
			firstName: 'Priya',
			lastName: 'Shah',
			phone: '0400 000 000',
			email: 'priya@example.net',
			appointmentTypeID: demo.types.fileReview.id
		});
		const json = await admin('/appointments.json');
		expect(JSON.parse(json.text)).toEqual([fake.toJson(made)]);
		await fake.webhooks.settled();
		expect(fake.webhooks.delivered.map((d) => d.action)).toEqual(['appointment.scheduled', 'appointment.changed']);

		// Telehealth is not offered in Brisbane: refused, naming the field.
		const wrong = await admin('/appointments', {
			...form,
			calendarID: String(demo.calendars.brisbane.id),
			appointmentTypeID: String(demo.types.telehealth.id)
		});
		expect(wrong.status).toBe(400);
		expect(wrong.text).toContain('<code>calendarID</code>');
		const nameless = await admin('/appointments', { ...form, lastName: ' ' });
		expect(nameless.status).toBe(400);
		expect(nameless.text).toContain('<code>lastName</code>');
		expect(fake.state.appointments).toHaveLength(1);
	});

	it('drops exactly the next N webhook deliveries', async () => {
		const target = await startTarget();
		fake.webhooks.subscribe(target.url);
		const res = await admin('/faults/drop-webhooks', { count: '3' }, { accept: 'application/json' });
		expect(res.status).toBe(200);
		expect(JSON.parse(res.text)).toEqual({ dropping: 3 });
		const a = direct('2027-05-05T09:00:00');
		const b = direct('2027-05-05T11:00:00');
		await fake.webhooks.settled();
		expect(fake.webhooks.delivered.map((d) => [d.action, d.error ?? d.status])).toEqual([
			['appointment.scheduled', 'dropped by fault injection'],
			['appointment.changed', 'dropped by fault injection'],
			['appointment.scheduled', 'dropped by fault injection'],
			['appointment.changed', 200]
		]);
		expect(target.received.map((r) => Object.fromEntries(new URLSearchParams(r.body)))).toMatchObject([
			{ action: 'appointment.changed', id: String(b.id) }
		]);
		expect(new URLSearchParams(fake.webhooks.delivered[0]!.body).get('id')).toBe(String(a.id));

		// From a browser the form redirects; the API-side helper works too.
		expect(await admin('/faults/drop-webhooks', { count: '1' })).toMatchObject({ status: 303, location: '/admin' });
		expect((await admin('')).text).toContain('Dropping the next 1 webhook deliveries.');
		fake.webhooks.dropNext(0);
		for (const count of ['0', '101', '2.5', 'many', '']) {
			const refused = await admin('/faults/drop-webhooks', { count });
			expect(refused.status).toBe(400);
			expect(refused.text).toContain('<code>count</code>');
		}
		direct('2027-05-06T09:00:00');
		await fake.webhooks.settled();
		expect(target.received).toHaveLength(3);
	});

	it('refuses a bad time with 400 naming the field, changing nothing', async () => {
		const a = direct('2027-05-05T09:00:00');
		direct('2027-05-07T09:00:00');
		fake.webhooks.subscribe('http://127.0.0.1:9/unreachable');
		for (const datetime of ['next tuesday', '2027-13-01T09:00', '2027-02-30T09:00', '']) {
			const res = await admin(`/appointments/${a.id}/reschedule`, { datetime });
			expect(res.status).toBe(400);
			expect(res.type).toMatch(/^text\/html/);
			expect(res.text).toContain('<code>datetime</code>');
		}
		// Overlapping another appointment on the same calendar is refused too.
		expect((await admin(`/appointments/${a.id}/reschedule`, { datetime: '2027-05-07T09:30' })).text).toContain('<code>datetime</code>');
		// Only form bodies are read.
		const json = await fetch(`${fake.url.replace(/\/api\/v1$/, '')}/admin/appointments/${a.id}/reschedule`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ datetime: '2027-05-06T09:00' }),
			redirect: 'manual'
		});
		expect(json.status).toBe(415);
		await json.text();
		expect(fake.state.appointments[0]!.startsAt.toISOString()).toBe('2027-05-04T23:00:00.000Z');
		await fake.webhooks.settled();
		expect(fake.webhooks.delivered.map((d) => d.action)).toEqual([]);
	});
});
