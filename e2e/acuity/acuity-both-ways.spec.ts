/**
 * Acuity both ways, through the production build: the fake Acuity delivers its own signed webhooks
 * (form-encoded, X-Acuity-Signature, no Origin) to /api/webhooks/acuity, and changes are made "in
 * Acuity" through its admin screens, as Acuity's own staff would.
 */
import { createHmac } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { CANARY, expectAccessible, fillDate, screenshot, signIn, confirmBooking, openBookingAfterConfirm, typed } from '../fixtures';

const FAKE = `http://127.0.0.1:${process.env.E2E_FAKE_ACUITY_PORT ?? 4011}`;
/** The key scripts/e2e-acuity-server.ts gives the fake (and the app). */
const API_KEY = 'e2e-fake-acuity-key';
const HART = 'Dr Amelia Hart — Orthopaedic Surgeon';

interface FakeAppointment {
	id: number;
	datetime: string;
	lastName: string;
	canceled: boolean;
}

async function fakeAppointments(request: APIRequestContext): Promise<FakeAppointment[]> {
	const res = await request.get(`${FAKE}/admin/appointments.json`);
	expect(res.ok()).toBe(true);
	return res.json();
}

/** The datetime-local value, in Sydney, `days` after an Acuity datetime. */
function sydneyLocal(acuityDatetime: string, days: number): string {
	const d = new Date(new Date(acuityDatetime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).getTime() + days * 86_400_000);
	const p = Object.fromEntries(
		new Intl.DateTimeFormat('en-CA', {
			timeZone: 'Australia/Sydney',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		})
			.formatToParts(d)
			.map((x) => [x.type, x.value])
	);
	return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** A referrer books Dr Hart through the wizard; answers the booking's id, reference and specialist/type ids. */
async function bookInPortal(page: Page, family: string) {
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	await page.goto('/bookings/new');
	await page.getByRole('link', { name: /Independent Medical Examination — in person/ }).click();
	await page.getByRole('link', { name: `Choose ${HART}` }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	const slotUrl = new URL(page.url());
	await page.getByTestId('times').getByRole('button').first().click();
	await page.waitForURL(/\/examinee$/);
	await page.getByLabel('Given names').fill(CANARY.given);
	await page.getByLabel('Family name').fill(family);
	await fillDate(page, 'Date of birth', typed(CANARY.dob));
	await page.getByLabel('Phone').fill('0412 345 678');
	await page.getByLabel('Address').fill('12 Harbour Street, Sydney NSW 2000');
	await page.getByLabel('Claim number', { exact: true }).fill('WC-2027-118');
	await page.getByLabel('Injury description (optional)').fill('Lower back');
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await page.waitForURL(/\/review$/);
	await confirmBooking(page);
	await openBookingAfterConfirm(page);
	const id = new URL(page.url()).pathname.split('/').pop()!;
	const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Booking', '').trim();
	return { id, reference, specialistId: slotUrl.searchParams.get('specialist')!, typeId: slotUrl.searchParams.get('type')! };
}

async function upstreamOf(request: APIRequestContext, family: string) {
	const a = (await fakeAppointments(request)).find((x) => x.lastName === family && !x.canceled);
	expect(a, `an appointment for ${family} in Acuity`).toBeTruthy();
	return a!;
}

/** Acuity's admin screen: move an appointment. */
async function moveInAcuity(page: Page, a: FakeAppointment, days: number) {
	await page.goto(`${FAKE}/admin`);
	await page.getByLabel(`New time for appointment ${a.id}`).fill(sydneyLocal(a.datetime, days));
	await page.getByRole('button', { name: `Move appointment ${a.id}` }).click();
	await page.waitForURL(`${FAKE}/admin`);
}

/** The booking page, reloaded until its time is `iso` (webhooks arrive within moments). */
async function expectBookingAt(page: Page, bookingId: string, iso: string, timeout = 5_000) {
	await expect
		.poll(
			async () => {
				await page.goto(`/bookings/${bookingId}`);
				return page.getByTestId('clinic-time').getAttribute('data-starts-at');
			},
			{ timeout, intervals: [250, 500, 1000] }
		)
		.toBe(iso);
}

const acuityIso = (datetime: string, days = 0) =>
	new Date(new Date(datetime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).getTime() + days * 86_400_000).toISOString();

test.describe.configure({ mode: 'serial' });

test('a booking moved in Acuity shows its new time on the booking page, and the referrer is told', async ({ page, browser, request }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const b = await bookInPortal(page, 'Movedinacuity');
	const a = await upstreamOf(request, 'Movedinacuity');
	expect(acuityIso(a.datetime)).toBe(await page.getByTestId('clinic-time').getAttribute('data-starts-at'));

	const acuity = await browser.newPage();
	await moveInAcuity(acuity, a, 7);
	await expectBookingAt(page, b.id, acuityIso(a.datetime, 7));
	await expect(page.getByTestId('timeline')).toContainText('the booking service');
	await expect(page.getByTestId('timeline')).toContainText('Moved in Acuity');
	await expectAccessible(page);
	await screenshot(page, 'acuity-moved-booking-390');

	// The same notice as a move made here, with the new calendar event.
	const admin = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await signIn(admin, 'admin@demo.test');
	await admin.waitForURL('**/admin');
	await admin.goto('/admin/outbox');
	const notice = admin
		.getByTestId('outbox-message')
		.filter({ hasText: `Booking ${b.reference} moved`, visible: true })
		.filter({ hasText: 'referrer@demo.test' });
	await expect(notice).toBeVisible();
	await expect(notice).toContainText(`${b.reference}.ics`);

	// The specialist signs in with their own account and sees the appointment.
	const specialist = await browser.newPage();
	await signIn(specialist, 'specialist@demo.test');
	await specialist.waitForURL('**/appointments');
	await expect(specialist.getByRole('link', { name: b.reference })).toBeVisible();
});

test('a booking cancelled in Acuity is cancelled here, and its time is free to others', async ({ page, browser, request }) => {
	const b = await bookInPortal(page, 'Cancelledinacuity');
	const a = await upstreamOf(request, 'Cancelledinacuity');
	const acuity = await browser.newPage();
	await acuity.goto(`${FAKE}/admin`);
	await acuity.getByRole('button', { name: `Cancel appointment ${a.id}` }).click();
	await expect
		.poll(async () => {
			await page.goto(`/bookings/${b.id}`);
			return page.getByRole('heading', { level: 1 }).locator('..').textContent();
		})
		.toContain('Cancelled');

	// Another firm's referrer is offered that time again.
	const rival = await browser.newPage();
	await signIn(rival, 'rival@demo.test');
	await rival.waitForURL('**/bookings');
	const date = acuityIso(a.datetime).slice(0, 10);
	const input = encodeURIComponent(
		JSON.stringify({
			json: {
				specialistId: b.specialistId,
				appointmentTypeId: b.typeId,
				date: sydneyLocal(a.datetime, 0).slice(0, 10),
				timeZone: 'Australia/Sydney'
			}
		})
	);
	const times = await rival.request.get(`/api/trpc/scheduling.times?input=${input}`);
	expect(times.status(), date).toBe(200);
	const slots = (await times.json()).result.data.json.slots as { startsAt: string }[];
	expect(slots.map((s) => s.startsAt)).toContain(acuityIso(a.datetime));
});

test('an appointment made in Acuity waits for an admin and becomes a booking', async ({ page, browser }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	const acuity = await browser.newPage();
	await acuity.goto(`${FAKE}/admin`);
	await acuity.getByLabel('Calendar').selectOption({ label: `${HART} (Australia/Sydney)` });
	await acuity.getByLabel('Appointment type').selectOption({ label: 'File review — 30 min' });
	const when = new Date(Date.now() + 21 * 86_400_000);
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(when);
	await acuity.getByLabel('Time', { exact: true }).fill(`${day}T07:30`);
	await acuity.getByLabel('First name').fill('Wanda');
	await acuity.getByLabel('Last name').fill('Walkin');
	await acuity.getByRole('button', { name: 'Create appointment' }).click();
	await acuity.waitForURL(`${FAKE}/admin`);

	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	// The dashboard's queue says it waits, and links to where it becomes a booking.
	const waiting = page
		.getByTestId('needs-attention')
		.getByRole('listitem')
		.filter({ hasText: /made in Acuity (is|are) not a booking yet/ });
	await expect(waiting.getByRole('link')).toHaveAttribute('href', '/admin/scheduling');
	await page.goto('/admin/scheduling');
	await expect(page.getByTestId('incoming')).toContainText('File review');
	await expectAccessible(page);
	await screenshot(page, 'admin-scheduling-acuity-1440');
	await page
		.getByTestId('incoming')
		.getByRole('link', { name: /Make a booking/ })
		.first()
		.click();
	await expect(page.getByLabel('Given names')).toHaveValue('Wanda');
	await expect(page.getByLabel('Family name')).toHaveValue('Walkin');

	await page.getByLabel('Referrer').selectOption({ label: 'Rachel Referrer (referrer@demo.test) — Workers compensation' });
	await fillDate(page, 'Date of birth', '05/05/1975');
	await page.getByLabel('Address').fill('5 Side Street, Sydney NSW 2000');
	await page.getByLabel('Claim number', { exact: true }).fill('CTP-55');
	// A phone number that is not one: the field is named, what was typed stays, nothing is made.
	await page.getByLabel('Phone').fill('call my lawyer');
	await page.getByRole('button', { name: 'Make the booking' }).click();
	await expect(page.getByText('Enter a phone number').first()).toBeVisible();
	await expect(page.getByLabel('Family name')).toHaveValue('Walkin');
	await expect(page.getByLabel('Claim number', { exact: true })).toHaveValue('CTP-55');
	await page.getByLabel('Phone').fill('0400 000 001');
	await expectAccessible(page);
	await screenshot(page, 'admin-incoming-form-1440');
	await page.getByRole('button', { name: 'Make the booking' }).click();
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/);
	await expect(page.getByTestId('examinee')).toContainText('Walkin');
	await expect(page.getByTestId('attribution')).toContainText('on behalf of');
});

test('a lost webhook is repaired by the next reconcile', async ({ page, browser, request }) => {
	const b = await bookInPortal(page, 'Lostwebhook');
	const a = await upstreamOf(request, 'Lostwebhook');
	const drop = await request.post(`${FAKE}/admin/faults/drop-webhooks`, { form: { count: '2' }, headers: { accept: 'application/json' } });
	expect(await drop.json()).toEqual({ dropping: 2 });
	const acuity = await browser.newPage();
	await moveInAcuity(acuity, a, 14);
	await page.waitForTimeout(1000);
	await page.goto(`/bookings/${b.id}`);
	expect(await page.getByTestId('clinic-time').getAttribute('data-starts-at')).toBe(acuityIso(a.datetime));

	const admin = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await signIn(admin, 'admin@demo.test');
	await admin.waitForURL('**/admin');
	await admin.goto('/admin/scheduling');
	await admin.getByRole('button', { name: 'Reconcile now' }).click();
	await expect(admin.getByText(/Checked \d+:/)).toBeVisible();
	await expectBookingAt(page, b.id, acuityIso(a.datetime, 14));
});

test.describe('the webhook route', () => {
	const sign = (body: string) => createHmac('sha256', API_KEY).update(body).digest('base64');
	const post = (request: APIRequestContext, body: string, signature?: string) =>
		request.post('/api/webhooks/acuity', {
			headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-acuity-signature': signature } : {}) },
			data: body
		});

	test('refuses forged and unsigned deliveries with 401, and a replay changes nothing', async ({ request }) => {
		const [a] = await fakeAppointments(request);
		const body = `action=appointment.changed&id=${a!.id}&calendarID=1&appointmentTypeID=1`;
		expect((await post(request, body)).status()).toBe(401);
		expect((await post(request, body, createHmac('sha256', 'not-the-key').update(body).digest('base64'))).status()).toBe(401);
		const first = await post(request, body, sign(body));
		expect(first.status()).toBe(200);
		expect((await first.json()).status).toBe('applied');
		const replay = await post(request, body, sign(body));
		expect(await replay.json()).toMatchObject({ status: 'duplicate' });
	});

	test('is the only route a form may be posted to without our Origin', async ({ request }) => {
		for (const path of ['/sign-in', '/forgot-password', '/admin/scheduling?/reconcile'])
			expect(
				(await request.post(path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: 'email=a%40b.c' })).status(),
				path
			).toBe(403);
		expect((await post(request, 'action=appointment.changed&id=1', 'x')).status()).toBe(401);
	});
});
