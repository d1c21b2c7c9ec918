import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatAcuityDateTime, parseAcuityDateTime } from './datetime';
import { startFakeAcuity, type DemoCatalogue, type FakeAcuity } from './fake-server';

const NOW = new Date('2026-03-02T00:00:00Z');

let fake: FakeAcuity;
let demo: DemoCatalogue;

async function api(method: string, path: string, body?: unknown, auth: string | null = `${fake.userId}:${fake.apiKey}`) {
	const headers: Record<string, string> = {};
	if (auth !== null) headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${fake.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	return { status: res.status, json: (text ? JSON.parse(text) : null) as any };
}

beforeEach(async () => {
	fake = await startFakeAcuity({ now: () => NOW });
	demo = fake.seed.demo();
});
afterEach(async () => {
	await fake.close();
});

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
			fake.createDirect({ calendarID: demo.calendars.sydney.id, appointmentTypeID: demo.types.ime.id, startsAt: '2026-03-10T10:00:00+11:00' }),
			fake.createDirect({ calendarID: demo.calendars.adelaide.id, appointmentTypeID: demo.types.ime.id, startsAt: '2026-03-10T10:00:00+1030' }),
			fake.createDirect({ calendarID: demo.calendars.brisbane.id, appointmentTypeID: demo.types.ime.id, startsAt: '2026-03-10T10:00:00' })
		];
		const got = await Promise.all(made.map((a) => api('GET', `/appointments/${a.id}`)));
		expect(got.map((g) => g.json.datetime)).toEqual(['2026-03-10T10:00:00+1100', '2026-03-10T10:00:00+1030', '2026-03-10T10:00:00+1000']);
		expect(got[0]!.json).toMatchObject({ endTime: '11:00am', time: '10:00am', date: 'March 10, 2026', duration: '60', calendarTimezone: 'Australia/Sydney' });
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
		expect(await api('POST', '/appointments', body(saturday))).toMatchObject({ status: 400, json: { status_code: 400, error: 'not_available' } });
		expect((await api('POST', '/appointments?admin=true', body(saturday))).status).toBe(200);
		// Overlaps the Saturday booking by half an hour: refused even as admin.
		expect(await api('POST', '/appointments?admin=true', body('2026-03-14T10:30:00+11:00'))).toMatchObject({
			status: 400,
			json: { status_code: 400, error: 'not_available' }
		});
		// Touching end to start is fine for admin.
		expect((await api('POST', '/appointments?admin=true', body('2026-03-14T11:00:00+11:00'))).status).toBe(200);
		// Admin bookings need a calendar; non-admin ones need the required form field.
		expect((await api('POST', '/appointments?admin=true', body('2026-03-16T10:00:00+11:00', { calendarID: undefined }))).json.error).toBe('required_calendar_id');
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
		const block = await api('POST', '/blocks', { calendarID: demo.calendars.brisbane.id, start: '2026-03-10T08:00:00', end: '2026-03-10T12:00:00', notes: 'Court' });
		expect(block.json).toMatchObject({ calendarID: demo.calendars.brisbane.id, start: '2026-03-10T08:00:00+1000', end: '2026-03-10T12:00:00+1000' });
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
		const list = await api('POST', '/availability/check-times', [item('2026-03-10T10:00:00+1100'), item('2026-03-03T11:00:00+1100'), item('2026-03-03T10:30:00+1100')]);
		// Notice is 24 h from Monday 11:00: Tuesday 11:00 is the first start, 10:30 is too soon.
		expect((list.json as { valid: boolean }[]).map((x) => x.valid)).toEqual([true, true, false]);
	});

	it('applies faults to matching requests only, as many times as asked, and logs every request', async () => {
		fake.faults.set({ status: 503, retryAfterSeconds: 3, times: 2, paths: /^\/forms$/, methods: ['GET'] });
		expect((await api('GET', '/calendars')).status).toBe(200);
		const res = await fetch(`${fake.url}/forms`, { headers: { authorization: `Basic ${Buffer.from(`${fake.userId}:${fake.apiKey}`).toString('base64')}` } });
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
			((await api('GET', `/availability/dates?month=2026-03&appointmentTypeID=${demo.types.ime.id}&calendarID=${demo.calendars.sydney.id}&timezone=${tz}`)).json as {
				date: string;
			}[]).map((d) => d.date);
		const sydney = await dates('Australia/Sydney');
		expect(sydney[0]).toBe('2026-03-03');
		// Honolulu (−10) sees Sydney's Monday mornings on Sunday.
		const honolulu = await dates('Pacific/Honolulu');
		expect(honolulu).toContain('2026-03-08');
		expect(sydney).not.toContain('2026-03-08');
		expect((await api('GET', `/availability/dates?month=2026-03&appointmentTypeID=${demo.types.ime.id}&timezone=Nowhere/Town`)).json.error).toBe('invalid_timezone');
	});
});
