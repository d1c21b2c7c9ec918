import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../logger';
import { SchedulingError } from '../errors';
import { refMarker, type CreateAppointmentInput } from '../provider';
import { AcuityProvider, priceToCents, type AcuityProviderOptions } from './acuity-provider';
import { startFakeAcuity, type DemoCatalogue, type FakeAcuity, type RequestLogEntry } from '../../../testing/fake-acuity';

/** Monday 2 March 2026, 11:00 in Sydney (AEDT, +11). The demo calendars need 24 h notice. */
const NOW = new Date('2026-03-02T00:00:00Z');
/** Tuesday 10 March 2026 at `hhmm` in Sydney. */
const syd = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00+11:00`);

function memoryLogger() {
	const lines: string[] = [];
	const logger = createLogger({ level: 'debug', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
	return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

async function rejection(promise: Promise<unknown>): Promise<SchedulingError> {
	try {
		await promise;
	} catch (err) {
		if (err instanceof SchedulingError) return err;
		throw err;
	}
	throw new Error('expected a rejection');
}

const count = (log: RequestLogEntry[], method: string, path: string | RegExp) =>
	log.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path))).length;

/** The most requests that arrived within any window of `windowMs`. */
function busiestWindow(log: RequestLogEntry[], windowMs = 1000) {
	const times = log.map((r) => r.time).sort((a, b) => a - b);
	let best = 0;
	for (let i = 0, j = 0; j < times.length; j++) {
		while (times[j]! - times[i]! >= windowMs) i++;
		best = Math.max(best, j - i + 1);
	}
	return best;
}

let fake: FakeAcuity;
let demo: DemoCatalogue;
let log: ReturnType<typeof memoryLogger>;
let waits: number[];

function provider(options: Partial<AcuityProviderOptions> = {}) {
	return new AcuityProvider({
		baseUrl: fake.url,
		userId: fake.userId,
		apiKey: fake.apiKey,
		logger: log.logger,
		timeoutMs: 2000,
		rateLimitPerSecond: 1000,
		onRetry: (ms) => void waits.push(ms),
		...options
	});
}

const client = { firstName: 'Harriet', lastName: 'Quimby-Zellweger', email: 'harriet.qz@example.net', phone: '0412 345 678' };

function booking(overrides: Partial<CreateAppointmentInput> = {}): CreateAppointmentInput {
	return {
		startsAt: syd('10:00'),
		appointmentTypeId: String(demo.types.ime.id),
		calendarId: String(demo.calendars.sydney.id),
		client,
		notes: 'Referred by Example Insurance',
		fields: [{ fieldId: String(demo.form.fields[0]!.id), value: 'CLM-99-123456' }],
		idempotencyKey: `key-${randomUUID()}`,
		...overrides
	};
}

beforeEach(async () => {
	fake = await startFakeAcuity({ now: () => NOW });
	demo = fake.seed.demo();
	log = memoryLogger();
	waits = [];
});

afterEach(async () => {
	await fake.close();
});

describe('catalogue', () => {
	it('maps appointment types: price to cents, mode, padding, calendars and forms', async () => {
		fake.seed.appointmentType({
			name: 'Psychiatric assessment',
			category: 'Telehealth',
			price: '1,200.5',
			calendarIDs: [demo.calendars.adelaide.id]
		});
		const types = await provider().appointmentTypes();
		const byName = new Map(types.map((t) => [t.name, t]));
		expect(types).toHaveLength(5);
		expect(byName.get(demo.types.ime.name)).toEqual({
			id: String(demo.types.ime.id),
			name: demo.types.ime.name,
			description: demo.types.ime.description,
			durationMinutes: 60,
			priceCents: 165_000,
			category: 'IME',
			mode: 'in_person',
			paddingBeforeMinutes: 0,
			paddingAfterMinutes: 15,
			calendarIds: Object.values(demo.calendars).map((c) => String(c.id)),
			formIds: [String(demo.form.id)],
			active: true
		});
		expect(byName.get(demo.types.telehealth.name)).toMatchObject({ mode: 'telehealth', priceCents: 145_000, category: 'IME' });
		expect(byName.get('File review')).toMatchObject({
			mode: 'in_person',
			durationMinutes: 30,
			priceCents: 88_000,
			category: 'File review'
		});
		expect(byName.get('Supplementary report')).toMatchObject({ durationMinutes: 45, priceCents: 99_050, category: 'Supplementary' });
		// The category alone can make a type telehealth.
		expect(byName.get('Psychiatric assessment')).toMatchObject({ mode: 'telehealth', priceCents: 120_050 });
	});

	it('maps calendars with their time zones, and forms with their fields', async () => {
		const p = provider();
		const calendars = await p.calendars();
		expect(calendars.map((c) => [c.id, c.timeZone])).toEqual([
			[String(demo.calendars.sydney.id), 'Australia/Sydney'],
			[String(demo.calendars.adelaide.id), 'Australia/Adelaide'],
			[String(demo.calendars.brisbane.id), 'Australia/Brisbane']
		]);
		expect(calendars[0]).toMatchObject({
			name: demo.calendars.sydney.name,
			email: demo.calendars.sydney.email,
			location: demo.calendars.sydney.location
		});

		const [form] = await p.forms();
		expect(form).toMatchObject({
			id: String(demo.form.id),
			name: 'Referral details',
			appointmentTypeIds: Object.values(demo.types).map((t) => String(t.id))
		});
		expect(form!.fields.map((f) => [f.name, f.type, f.required])).toEqual([
			['Claim number', 'textbox', true],
			['Injury description', 'textarea', false],
			['Interpreter required', 'yesno', false],
			['Jurisdiction', 'dropdown', false]
		]);
		expect(form!.fields[3]!.options).toContain('NSW');
		expect(form!.fields[0]!.options).toEqual([]);
	});

	it('reads prices exactly', () => {
		expect(priceToCents('1650.00')).toBe(165_000);
		expect(priceToCents('990.5')).toBe(99_050);
		expect(priceToCents('0.07')).toBe(7);
		expect(priceToCents(12.34)).toBe(1234);
		expect(priceToCents('')).toBe(0);
		expect(priceToCents(null)).toBe(0);
		expect(priceToCents('abc')).toBeNull();
		expect(priceToCents('-5.00')).toBeNull();
	});
});

describe('availability', () => {
	it('lists the dates of a month with free times, honouring notice, weekends and blocks', async () => {
		fake.seed.block({ calendarID: demo.calendars.sydney.id, start: syd('08:00'), end: syd('18:00'), notes: 'Theatre list' });
		const dates = await provider().availableDates({
			appointmentTypeId: String(demo.types.ime.id),
			calendarId: String(demo.calendars.sydney.id),
			timeZone: 'Australia/Sydney',
			month: '2026-03'
		});
		// 2 March is inside the 24 h notice; the 10th is blocked; weekends are closed.
		const weekdays = Array.from({ length: 31 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`).filter((d) => {
			const day = new Date(`${d}T00:00:00Z`).getUTCDay();
			return day !== 0 && day !== 6;
		});
		expect(dates).toEqual(weekdays.filter((d) => d !== '2026-03-02' && d !== '2026-03-10'));
	});

	it('lists free times as instants with the calendar zone, minus appointments and their padding', async () => {
		const p = provider();
		const query = {
			appointmentTypeId: String(demo.types.ime.id),
			calendarId: String(demo.calendars.sydney.id),
			timeZone: 'Australia/Sydney',
			date: '2026-03-10'
		};
		const all = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00'];
		const before = await p.availableTimes(query);
		expect(before.map((s) => s.startsAt.toISOString())).toEqual(all.map((t) => syd(t).toISOString()));
		expect(before.every((s) => s.timeZone === 'Australia/Sydney')).toBe(true);

		const existing = fake.createDirect({
			calendarID: demo.calendars.sydney.id,
			appointmentTypeID: demo.types.ime.id,
			startsAt: syd('10:00')
		});
		const after = await p.availableTimes(query);
		// 10:00–11:00 plus 15 minutes after is busy; a 60-minute slot with its own 15 minutes must not touch it.
		expect(after.map((s) => s.startsAt.toISOString())).toEqual(
			['11:30', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00'].map((t) => syd(t).toISOString())
		);

		const ignoring = await p.availableTimes({ ...query, ignoreAppointmentIds: [String(existing.id)] });
		expect(ignoring).toHaveLength(all.length);
	});

	it('reads the date in the asked zone, across the clinic date line', async () => {
		// 9 March in UTC is Sydney's 9 March from 11:00 and Sydney's 10 March until 10:59.
		const slots = await provider().availableTimes({
			appointmentTypeId: String(demo.types.ime.id),
			calendarId: String(demo.calendars.sydney.id),
			timeZone: 'UTC',
			date: '2026-03-09'
		});
		const expected = [
			'2026-03-09T00:00:00.000Z',
			'2026-03-09T00:30:00.000Z',
			...['02:30', '03:00', '03:30', '04:00', '04:30', '05:00'].map((t) => `2026-03-09T${t}:00.000Z`),
			...['22:00', '22:30', '23:00', '23:30'].map((t) => `2026-03-09T${t}:00.000Z`)
		];
		expect(slots.map((s) => s.startsAt.toISOString())).toEqual(expected);
		expect(new Set(slots.map((s) => s.timeZone))).toEqual(new Set(['Australia/Sydney']));
	});

	it('checks a time', async () => {
		const p = provider();
		const q = { appointmentTypeId: String(demo.types.ime.id), calendarId: String(demo.calendars.sydney.id) };
		expect(await p.checkTime({ ...q, startsAt: syd('10:00') })).toEqual({ valid: true });
		expect((await p.checkTime({ ...q, startsAt: syd('10:15') })).valid).toBe(false);
		expect((await p.checkTime({ ...q, startsAt: new Date('2026-03-14T10:00:00+11:00') })).valid).toBe(false);
		// Adelaide keeps +10:30 in March: 08:30 there is a valid start.
		expect(
			await p.checkTime({
				appointmentTypeId: q.appointmentTypeId,
				calendarId: String(demo.calendars.adelaide.id),
				startsAt: new Date('2026-03-10T08:30:00+10:30')
			})
		).toEqual({ valid: true });
	});

	it('refuses malformed queries without calling Acuity', async () => {
		const p = provider();
		const base = {
			appointmentTypeId: String(demo.types.ime.id),
			calendarId: String(demo.calendars.sydney.id),
			timeZone: 'Australia/Sydney'
		};
		expect((await rejection(p.availableDates({ ...base, month: '2026-3' }))).kind).toBe('invalid_input');
		expect((await rejection(p.availableTimes({ ...base, date: '2026-02-30' }))).kind).toBe('invalid_input');
		expect((await rejection(p.availableTimes({ ...base, timeZone: 'Mars/Olympus', date: '2026-03-10' }))).kind).toBe('invalid_input');
		expect((await rejection(p.availableTimes({ ...base, calendarId: 'abc', date: '2026-03-10' }))).kind).toBe('invalid_input');
		expect(fake.requestLog).toHaveLength(0);
	});
});

describe('appointments', () => {
	it('creates an appointment that then appears in get and list', async () => {
		const p = provider();
		const input = booking();
		const created = await p.create(input);
		expect(created).toMatchObject({
			calendarId: String(demo.calendars.sydney.id),
			appointmentTypeId: String(demo.types.ime.id),
			durationMinutes: 60,
			timeZone: 'Australia/Sydney',
			canceled: false,
			noShow: false,
			client,
			fields: [{ fieldId: String(demo.form.fields[0]!.id), value: 'CLM-99-123456' }]
		});
		expect(created.startsAt.toISOString()).toBe(syd('10:00').toISOString());
		expect(created.endsAt.toISOString()).toBe(syd('11:00').toISOString());
		expect(created.notes).toContain('Referred by Example Insurance');
		expect(created.notes).toContain(refMarker(input.idempotencyKey));
		expect(created.createdAt.toISOString()).toBe(NOW.toISOString());

		// Acuity was asked as an admin, without emails, with an explicit offset.
		const post = fake.requestLog.find((r) => r.method === 'POST' && r.path === '/appointments');
		expect(new URLSearchParams(post!.search).get('admin')).toBe('true');
		expect(new URLSearchParams(post!.search).get('noEmail')).toBe('true');
		expect(fake.state.appointments).toHaveLength(1);

		expect(await p.get(created.id)).toEqual(created);
		const listed = await p.list({ from: syd('00:00'), to: syd('23:59') });
		expect(listed.map((a) => a.id)).toEqual([created.id]);
		expect(await p.list({ from: syd('11:00'), to: syd('23:59') })).toEqual([]);
		expect(await p.list({ from: syd('00:00'), to: syd('23:59'), calendarId: String(demo.calendars.adelaide.id) })).toEqual([]);
	});

	it('answers slot_unavailable for a taken time', async () => {
		fake.createDirect({ calendarID: demo.calendars.sydney.id, appointmentTypeID: demo.types.ime.id, startsAt: syd('10:00') });
		const err = await rejection(provider().create(booking()));
		expect(err.kind).toBe('slot_unavailable');
		expect(fake.state.appointments).toHaveLength(1);
		expect(count(fake.requestLog, 'POST', '/appointments')).toBe(0);
	});

	it("maps Acuity's not_available on the write (taken between check and booking) to slot_unavailable", async () => {
		fake.createDirect({ calendarID: demo.calendars.sydney.id, appointmentTypeID: demo.types.ime.id, startsAt: syd('10:00') });
		// The check answers "valid" as if the other booking had not landed yet.
		fake.faults.set({ paths: /^\/availability\/check-times$/, body: { valid: true }, times: 1 });
		const err = await rejection(provider().create(booking()));
		expect(err.kind).toBe('slot_unavailable');
		expect(count(fake.requestLog, 'POST', '/appointments')).toBe(1);
		expect(fake.state.appointments).toHaveLength(1);
	});

	it('makes one appointment for one idempotency key, called twice or at once', async () => {
		const p = provider();
		const input = booking();
		const first = await p.create(input);
		const again = await p.create(input);
		expect(again.id).toBe(first.id);

		const other = booking({ startsAt: syd('14:00') });
		const [a, b] = await Promise.all([p.create(other), p.create(other)]);
		expect(a.id).toBe(b.id);

		expect(fake.state.appointments).toHaveLength(2);
		expect(count(fake.requestLog, 'POST', '/appointments')).toBe(2);
	});

	it('recognises a key already used for another time', async () => {
		const p = provider();
		const input = booking();
		await p.create(input);
		const err = await rejection(p.create({ ...input, startsAt: syd('14:00') }));
		expect(err.kind).toBe('invalid_input');
		expect(fake.state.appointments).toHaveLength(1);
	});

	it('refuses an idempotency key the notes marker cannot carry', async () => {
		const err = await rejection(provider().create(booking({ idempotencyKey: 'short' })));
		expect(err.kind).toBe('invalid_input');
		expect(fake.requestLog).toHaveLength(0);
	});

	it('reschedules, even onto time the appointment itself holds, and to another calendar', async () => {
		const p = provider();
		const created = await p.create(booking());
		// 10:30 overlaps the appointment's own 10:00–11:00: free once it is ignored.
		const moved = await p.reschedule(created.id, { startsAt: syd('10:30') });
		expect(moved.id).toBe(created.id);
		expect(moved.startsAt.toISOString()).toBe(syd('10:30').toISOString());
		expect(fake.state.appointments[0]!.startsAt.toISOString()).toBe(syd('10:30').toISOString());
		expect(new URLSearchParams(fake.requestLog.find((r) => r.path.endsWith('/reschedule'))!.search).get('admin')).toBe('true');

		const brisbane = new Date('2026-03-10T09:00:00+10:00');
		const elsewhere = await p.reschedule(created.id, { startsAt: brisbane, calendarId: String(demo.calendars.brisbane.id) });
		expect(elsewhere).toMatchObject({ calendarId: String(demo.calendars.brisbane.id), timeZone: 'Australia/Brisbane' });
		expect(elsewhere.startsAt.toISOString()).toBe(brisbane.toISOString());
	});

	it('refuses to reschedule onto a taken time, and a missing appointment', async () => {
		const p = provider();
		const created = await p.create(booking());
		fake.createDirect({ calendarID: demo.calendars.sydney.id, appointmentTypeID: demo.types.ime.id, startsAt: syd('14:00') });
		expect((await rejection(p.reschedule(created.id, { startsAt: syd('14:00') }))).kind).toBe('slot_unavailable');
		expect((await rejection(p.reschedule(created.id, { startsAt: syd('10:10') }))).kind).toBe('slot_unavailable');
		expect(count(fake.requestLog, 'PUT', /\/reschedule$/)).toBe(0);
		expect((await rejection(p.reschedule('99999', { startsAt: syd('14:00') }))).kind).toBe('not_found');
		expect(fake.state.appointments.find((a) => a.id === Number(created.id))!.startsAt.toISOString()).toBe(syd('10:00').toISOString());
	});

	it('cancels: the appointment leaves the default list, stays with includeCanceled, and a second cancel is harmless', async () => {
		const p = provider();
		const created = await p.create(booking());
		const canceled = await p.cancel(created.id, { note: 'Claim withdrawn' });
		expect(canceled).toMatchObject({ id: created.id, canceled: true });
		expect(fake.state.appointments[0]).toMatchObject({ canceled: true, cancelNote: 'Claim withdrawn' });
		const range = { from: syd('00:00'), to: syd('23:59') };
		expect(await p.list(range)).toEqual([]);
		expect((await p.list({ ...range, includeCanceled: true })).map((a) => a.id)).toEqual([created.id]);
		expect(await p.cancel(created.id)).toMatchObject({ id: created.id, canceled: true });
		expect((await rejection(p.cancel('99999'))).kind).toBe('not_found');
		expect((await rejection(p.reschedule(created.id, { startsAt: syd('14:00') }))).kind).toBe('invalid_input');
	});

	it('answers null for a missing appointment', async () => {
		const p = provider();
		expect(await p.get('123456789')).toBeNull();
		expect(fake.requestLog).toHaveLength(1);
		expect(await p.get('not-a-number')).toBeNull();
		expect(fake.requestLog).toHaveLength(1);
	});

	it('lists everything when Acuity caps a page, by splitting the range', async () => {
		for (const day of ['03', '04', '05', '06', '09'])
			fake.createDirect({
				calendarID: demo.calendars.sydney.id,
				appointmentTypeID: demo.types.ime.id,
				startsAt: new Date(`2026-03-${day}T10:00:00+11:00`)
			});
		const listed = await provider({ listPageSize: 2 }).list({
			from: new Date('2026-03-01T00:00:00Z'),
			to: new Date('2026-03-31T00:00:00Z')
		});
		expect(listed.map((a) => a.startsAt.toISOString().slice(0, 10))).toEqual([
			'2026-03-02',
			'2026-03-03',
			'2026-03-04',
			'2026-03-05',
			'2026-03-08'
		]);
	});

	it('keeps client details out of the logs', async () => {
		const p = provider();
		const created = await p.create(booking());
		await p.reschedule(created.id, { startsAt: syd('14:00') });
		await p.get(created.id);
		await p.cancel(created.id, { note: 'Claim withdrawn' });
		fake.faults.set({ status: 503, times: 1 });
		await p.list({ from: syd('00:00'), to: syd('23:59') });
		const text = log.lines.join('\n');
		expect(log.lines.length).toBeGreaterThan(5);
		for (const secret of [
			client.firstName,
			client.lastName,
			client.email,
			client.phone,
			'CLM-99-123456',
			'Claim withdrawn',
			'Example Insurance',
			fake.apiKey
		])
			expect(text).not.toContain(secret);
		// Paths are logged without their query strings.
		expect(text).not.toContain('minDate');
		expect(log.entries().some((e) => e.path === '/appointments' && e.method === 'POST' && typeof e.ms === 'number')).toBe(true);
	});
});

describe('resilience', () => {
	it('retries a read after 5xx answers and succeeds', async () => {
		fake.faults.set({ status: 503, times: 1, paths: /^\/calendars$/ });
		const p = provider();
		expect(await p.calendars()).toHaveLength(3);
		fake.faults.set({ status: 502, times: 2, paths: /^\/forms$/ });
		expect(await p.forms()).toHaveLength(1);
		expect(count(fake.requestLog, 'GET', '/calendars')).toBe(2);
		expect(count(fake.requestLog, 'GET', '/forms')).toBe(3);
		expect(waits).toHaveLength(3);
		// Exponential backoff with jitter: the second wait is drawn from a doubled range.
		expect(waits[1]).toBeGreaterThanOrEqual(100);
		expect(waits[1]).toBeLessThanOrEqual(200);
		expect(waits[2]).toBeGreaterThanOrEqual(200);
		expect(waits[2]).toBeLessThanOrEqual(400);
	});

	it('retries a read after a dropped connection', async () => {
		fake.faults.set({ dropConnection: true, times: 1, paths: /^\/calendars$/ });
		expect(await provider().calendars()).toHaveLength(3);
		expect(count(fake.requestLog, 'GET', '/calendars')).toBe(2);
	});

	it('gives up on a read after maxRetries', async () => {
		fake.faults.set({ status: 500, paths: /^\/calendars$/ });
		const err = await rejection(provider({ maxRetries: 2 }).calendars());
		expect(err.kind).toBe('upstream_unavailable');
		expect(count(fake.requestLog, 'GET', '/calendars')).toBe(3);
	});

	it('tells the outcome of each call once, after its retries (metrics)', async () => {
		const outcomes: string[] = [];
		const p = provider({ maxRetries: 1, onCall: (method, outcome) => void outcomes.push(`${method} ${outcome}`) });
		await p.calendars();
		fake.faults.set({ status: 500, paths: /^\/calendars$/ });
		await rejection(p.calendars());
		expect(outcomes).toEqual(['GET ok', 'GET unavailable']);
	});

	it('never retries a write', async () => {
		const p = provider();
		const input = booking();
		fake.faults.set({ status: 503, times: 1, methods: ['POST'], paths: /^\/appointments$/ });
		expect((await rejection(p.create(input))).kind).toBe('upstream_unavailable');
		expect(count(fake.requestLog, 'POST', '/appointments')).toBe(1);
		expect(fake.state.appointments).toHaveLength(0);

		const created = await p.create(input);
		fake.faults.set({ status: 500, methods: ['PUT'] });
		expect((await rejection(p.cancel(created.id))).kind).toBe('upstream_unavailable');
		expect((await rejection(p.reschedule(created.id, { startsAt: syd('14:00') }))).kind).toBe('upstream_unavailable');
		expect(count(fake.requestLog, 'PUT', /\/cancel$/)).toBe(1);
		expect(count(fake.requestLog, 'PUT', /\/reschedule$/)).toBe(1);
	});

	it('honours Retry-After on 429', async () => {
		fake.faults.set({ status: 429, retryAfterSeconds: 2, times: 1, paths: /^\/forms$/ });
		expect(await provider().forms()).toHaveLength(1);
		expect(waits).toHaveLength(1);
		expect(waits[0]).toBeGreaterThanOrEqual(2000);
		expect(waits[0]).toBeLessThan(2200);

		fake.faults.set({ status: 429, retryAfterSeconds: 7, paths: /^\/forms$/ });
		const err = await rejection(provider({ maxRetries: 0 }).forms());
		expect(err.kind).toBe('rate_limited');
		expect(err.retryAfterSeconds).toBe(7);
	});

	it('answers "busy" at once on a long Retry-After, and asks Acuity nothing more until it has passed', async () => {
		let clock = 5_000_000;
		const p = provider({ maxRetries: 3, now: () => clock });
		fake.faults.set({ status: 429, retryAfterSeconds: 16, paths: /^\/calendars$/ });
		const started = Date.now();
		const err = await rejection(p.calendars());
		expect(err).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 16 });
		expect(Date.now() - started).toBeLessThan(2000);
		expect(waits.filter((w) => w > 2200)).toEqual([]);
		fake.faults.clear();
		const asked = fake.requestLog.length;
		clock += 10_000;
		expect(await rejection(p.calendars())).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 6 });
		expect(fake.requestLog.length).toBe(asked);
		clock += 6_001;
		expect((await p.calendars()).length).toBeGreaterThan(0);
	});

	it('times out a slow request and answers upstream_unavailable promptly', async () => {
		fake.faults.set({ latencyMs: 5000, paths: /^\/calendars$/ });
		const started = Date.now();
		const err = await rejection(provider({ timeoutMs: 150, maxRetries: 1 }).calendars());
		const elapsed = Date.now() - started;
		expect(err.kind).toBe('upstream_unavailable');
		expect(elapsed).toBeGreaterThanOrEqual(250);
		expect(elapsed).toBeLessThan(1500);
		expect(count(fake.requestLog, 'GET', '/calendars')).toBe(2);
		expect(log.entries().filter((e) => e.error === 'timeout')).toHaveLength(2);
	});

	it('opens the breaker after consecutive failures, fails fast while open, and recovers through one trial', async () => {
		// The breaker (cockatiel) reads Date.now: only Date is faked, timers and sockets stay real.
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			let clock = Date.now();
			vi.setSystemTime(clock);
			const p = provider({ maxRetries: 0, breaker: { failureThreshold: 3, openSeconds: 30 } });
			fake.faults.set({ status: 503 });
			for (let i = 0; i < 3; i++) expect((await rejection(p.calendars())).kind).toBe('upstream_unavailable');
			expect(fake.requestLog).toHaveLength(3);
			expect(p.breaker.status).toBe('open');

			// Open: no request reaches Acuity, for any call.
			expect((await rejection(p.calendars())).kind).toBe('upstream_unavailable');
			expect((await rejection(p.get('123'))).kind).toBe('upstream_unavailable');
			vi.setSystemTime((clock += 29_000));
			expect((await rejection(p.forms())).kind).toBe('upstream_unavailable');
			expect(fake.requestLog).toHaveLength(3);

			// Half-open with Acuity still failing: one trial, then open again.
			vi.setSystemTime((clock += 1_000));
			expect((await rejection(p.calendars())).kind).toBe('upstream_unavailable');
			expect(fake.requestLog).toHaveLength(4);
			expect(p.breaker.status).toBe('open');
			expect((await rejection(p.calendars())).kind).toBe('upstream_unavailable');
			expect(fake.requestLog).toHaveLength(4);

			// Half-open with Acuity back: one trial goes first; a call arriving meanwhile waits for its
			// outcome, then goes through the closed circuit.
			vi.setSystemTime((clock += 30_000));
			fake.faults.set({ latencyMs: 100 });
			const trial = p.calendars();
			await vi.waitFor(() => expect(fake.requestLog).toHaveLength(5), { interval: 5 });
			expect(p.breaker.status).toBe('half_open');
			const other = p.forms();
			expect(await trial).toHaveLength(3);
			expect(await other).toHaveLength(1);
			expect(fake.requestLog).toHaveLength(6);
			expect(p.breaker.status).toBe('closed');
			expect(log.lines.some((l) => l.includes('circuit opened'))).toBe(true);
			expect(log.lines.some((l) => l.includes('circuit closed'))).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});

	it('does not count refusals (4xx) as failures', async () => {
		const p = provider({ maxRetries: 0, breaker: { failureThreshold: 2 } });
		for (let i = 0; i < 4; i++) expect(await p.get('424242')).toBeNull();
		expect(p.breaker.status).toBe('closed');
		expect(fake.requestLog).toHaveLength(4);
	});

	it('answers an unexpected shape with a clear, logged error', async () => {
		const p = provider();
		fake.faults.set({ paths: /^\/appointment-types$/, body: { appointmentTypes: [] }, times: 1 });
		const err = await rejection(p.appointmentTypes());
		expect(err.kind).toBe('upstream_unavailable');
		expect(err.message).toBe('The scheduling service answered in an unexpected format.');

		fake.faults.set({ paths: /^\/appointments\//, body: { id: 5, datetime: 'next Tuesday', firstName: 'Harriet' }, times: 1 });
		expect((await rejection(p.get('5'))).message).toBe('The scheduling service answered in an unexpected format.');

		const entries = log.entries().filter((e) => e.msg === 'Acuity answered in an unexpected format');
		expect(entries).toHaveLength(2);
		expect(JSON.stringify(entries)).not.toContain('Harriet');
		// Still working afterwards.
		expect(await p.appointmentTypes()).toHaveLength(4);
	});

	it('answers a wrong API key with a logged configuration error, without retrying', async () => {
		const p = provider({ apiKey: 'not-the-key' });
		const err = await rejection(p.calendars());
		expect(err.kind).toBe('upstream_unavailable');
		expect(fake.requestLog).toHaveLength(1);
		expect(fake.requestLog[0]!.status).toBe(401);
		const entry = log.entries().find((e) => e.level === 50);
		expect(entry).toMatchObject({ status: 401, path: '/calendars' });
		expect(String(entry!.msg)).toMatch(/credentials/);
		expect(log.lines.join('')).not.toContain('not-the-key');
	});

	it('keeps to the rate limit: 40 concurrent reads, never more than 10 in any second', async () => {
		const p = provider({ rateLimitPerSecond: 10 });
		const results = await Promise.all(Array.from({ length: 40 }, () => p.calendars()));
		expect(results).toHaveLength(40);
		expect(fake.requestLog).toHaveLength(40);
		expect(busiestWindow(fake.requestLog)).toBeLessThanOrEqual(10);
		expect(busiestWindow(fake.requestLog)).toBeGreaterThanOrEqual(8);
	}, 15_000);

	it('answers rate_limited when the wait for a slot would be too long', async () => {
		const p = provider({ rateLimitPerSecond: 1, rateLimitMaxWaitMs: 200 });
		const results = await Promise.allSettled([p.forms(), p.forms(), p.forms()]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as SchedulingError] : []));
		expect(errors.map((e) => e.kind)).toEqual(['rate_limited', 'rate_limited']);
		expect(fake.requestLog).toHaveLength(1);
	});
});

describe('Redis down', () => {
	it('two instances each keep to their share, so together they stay within 10 requests a second', async () => {
		// A Redis that is not there: every shared-window call fails at once and the share applies.
		const gone = () =>
			new Redis('redis://127.0.0.1:1', {
				lazyConnect: true,
				enableOfflineQueue: false,
				maxRetriesPerRequest: 0,
				retryStrategy: () => null
			}).on('error', () => undefined);
		const [ra, rb] = [gone(), gone()];
		try {
			const [a, b] = [
				provider({ rateLimitPerSecond: 10, redis: ra, liveInstances: () => 2 }),
				provider({ rateLimitPerSecond: 10, redis: rb, liveInstances: () => 2 })
			];
			const calls = Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).calendars());
			expect(await Promise.all(calls)).toHaveLength(30);
			expect(busiestWindow(fake.requestLog)).toBeLessThanOrEqual(10);
		} finally {
			ra.disconnect();
			rb.disconnect();
		}
	}, 20_000);
});

describe('webhooks', () => {
	let receiver: Server;
	let received: { body: string; headers: Record<string, string | string[] | undefined> }[];
	let target: string;

	beforeAll(async () => {
		receiver = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
				res.writeHead(204).end();
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/acuity`;
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => receiver.close(() => resolve()));
	});
	beforeEach(() => {
		received = [];
	});

	const verify = (body: string, signature: string, key: string) => {
		const expected = createHmac('sha256', key).update(Buffer.from(body, 'utf8')).digest();
		const given = Buffer.from(signature, 'base64');
		return given.length === expected.length && timingSafeEqual(given, expected);
	};

	it('sends the specific event and appointment.changed, signed with the API key', async () => {
		fake.webhooks.subscribe(target);
		const p = provider();
		const created = await p.create(booking());
		await p.reschedule(created.id, { startsAt: syd('14:00') });
		await p.cancel(created.id);
		const direct = fake.createDirect({
			calendarID: demo.calendars.adelaide.id,
			appointmentTypeID: demo.types.fileReview.id,
			startsAt: '2026-03-11T09:00:00'
		});
		await fake.webhooks.settled();

		const ids = { created: created.id, direct: String(direct.id) };
		const forms = received.map((r) => Object.fromEntries(new URLSearchParams(r.body)));
		expect(forms).toEqual([
			{
				action: 'appointment.scheduled',
				id: ids.created,
				calendarID: String(demo.calendars.sydney.id),
				appointmentTypeID: String(demo.types.ime.id)
			},
			{
				action: 'appointment.changed',
				id: ids.created,
				calendarID: String(demo.calendars.sydney.id),
				appointmentTypeID: String(demo.types.ime.id)
			},
			{
				action: 'appointment.rescheduled',
				id: ids.created,
				calendarID: String(demo.calendars.sydney.id),
				appointmentTypeID: String(demo.types.ime.id)
			},
			{
				action: 'appointment.changed',
				id: ids.created,
				calendarID: String(demo.calendars.sydney.id),
				appointmentTypeID: String(demo.types.ime.id)
			},
			{
				action: 'appointment.canceled',
				id: ids.created,
				calendarID: String(demo.calendars.sydney.id),
				appointmentTypeID: String(demo.types.ime.id)
			},
			{
				action: 'appointment.changed',
				id: ids.created,
				calendarID: String(demo.calendars.sydney.id),
				appointmentTypeID: String(demo.types.ime.id)
			},
			{
				action: 'appointment.scheduled',
				id: ids.direct,
				calendarID: String(demo.calendars.adelaide.id),
				appointmentTypeID: String(demo.types.fileReview.id)
			},
			{
				action: 'appointment.changed',
				id: ids.direct,
				calendarID: String(demo.calendars.adelaide.id),
				appointmentTypeID: String(demo.types.fileReview.id)
			}
		]);
		expect(received[0]!.body).toBe(
			`action=appointment.scheduled&id=${ids.created}&calendarID=${demo.calendars.sydney.id}&appointmentTypeID=${demo.types.ime.id}`
		);
		for (const r of received) {
			expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
			const signature = String(r.headers['x-acuity-signature']);
			expect(verify(r.body, signature, fake.apiKey)).toBe(true);
			expect(verify(r.body, signature, 'another-key')).toBe(false);
			expect(verify(r.body.replace('id=', 'id=1'), signature, fake.apiKey)).toBe(false);
		}
		expect(fake.webhooks.delivered.map((d) => d.status)).toEqual(received.map(() => 204));
		// A direct booking without an offset is read in the calendar's zone (Adelaide, +10:30).
		expect(direct.startsAt.toISOString()).toBe('2026-03-10T22:30:00.000Z');
	});

	it('subscribes through POST /webhooks, one event per subscription', async () => {
		const auth = `Basic ${Buffer.from(`${fake.userId}:${fake.apiKey}`).toString('base64')}`;
		const res = await fetch(`${fake.url}/webhooks`, {
			method: 'POST',
			headers: { authorization: auth, 'content-type': 'application/json' },
			body: JSON.stringify({ event: 'appointment.canceled', target })
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ event: 'appointment.canceled', target });
		const p = provider();
		const created = await p.create(booking());
		await p.cancel(created.id);
		await fake.webhooks.settled();
		expect(received.map((r) => new URLSearchParams(r.body).get('action'))).toEqual(['appointment.canceled']);
	});
});

describe.skipIf(!process.env.TEST_REDIS_URL)('sharing Redis between instances', () => {
	const prefix = `test-acuity-${randomUUID()}:`;
	const clients: Redis[] = [];

	const connect = async () => {
		const c = new Redis(process.env.TEST_REDIS_URL!, { lazyConnect: true });
		clients.push(c);
		await c.connect();
		return c;
	};

	afterAll(async () => {
		const c = clients[0] ?? (await connect());
		const keys: string[] = [];
		let cursor = '0';
		do {
			const [next, batch] = await c.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
			cursor = next;
			keys.push(...batch);
		} while (cursor !== '0');
		if (keys.length) await c.del(...keys);
		await Promise.all(clients.map((x) => x.quit()));
	});

	it('two instances together never exceed 10 requests in any second', async () => {
		const [a, b] = [
			provider({ rateLimitPerSecond: 10, redis: await connect(), redisKeyPrefix: `${prefix}rl-test:` }),
			provider({ rateLimitPerSecond: 10, redis: await connect(), redisKeyPrefix: `${prefix}rl-test:` })
		];
		const calls = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).calendars());
		expect(await Promise.all(calls)).toHaveLength(40);
		expect(fake.requestLog).toHaveLength(40);
		expect(busiestWindow(fake.requestLog)).toBeLessThanOrEqual(10);
		expect(busiestWindow(fake.requestLog)).toBeGreaterThanOrEqual(8);
	}, 20_000);

	it('two instances creating with one key make one appointment and both answer it', async () => {
		const [a, b] = [
			provider({ redis: await connect(), redisKeyPrefix: `${prefix}create-test:` }),
			provider({ redis: await connect(), redisKeyPrefix: `${prefix}create-test:` })
		];
		const input = booking();
		const [x, y] = await Promise.all([a.create(input), b.create(input)]);
		expect(x.id).toBe(y.id);
		expect(fake.state.appointments).toHaveLength(1);
		expect(count(fake.requestLog, 'POST', '/appointments')).toBe(1);
		// The lock is released once done.
		expect(await clients[0]!.exists(`${prefix}create-test:create:${input.idempotencyKey}`)).toBe(0);
	});
});
