/**
 * Booking views: the list (filters in the URL, sort, name search kept out of the URL, CSV export),
 * the month calendar, the detail page per role, and the specialist's appointments. The demo data
 * has no bookings: the first test makes one through the wizard when the wizard is there; the
 * tests that need it are skipped otherwise, and the empty states are checked either way.
 */
import type { Page } from '@playwright/test';
import {
	expect,
	test,
	chooseFirstTime,
	expectAccessible,
	fillDate,
	fillExaminee,
	screenshot,
	signIn,
	confirmBooking,
	openBookingAfterConfirm,
	typed
} from './fixtures';

/** One word of letters: the name search matches whole words. */
const FAMILY = 'Listerwood';

interface Created {
	path: string;
	reference: string;
	/** The appointment's local date in Sydney (the demo specialist's clinic), YYYY-MM-DD. */
	date: string;
}
let created: Created | null = null;

/** Every URL the browser asked for, to prove the examinee's name never appears in one. */
function recordUrls(page: Page) {
	const urls: string[] = [];
	page.on('request', (r) => urls.push(r.url()));
	return urls;
}

async function signInAs(page: Page, email: string, home: string) {
	await signIn(page, email);
	await page.waitForURL(`**${home}`);
}

test.describe.serial('booking views', () => {
	test('a referrer starts with an empty list, then books through the wizard and sees the detail', async ({ page }) => {
		await page.setViewportSize({ width: 1440, height: 900 });
		await signInAs(page, 'referrer@demo.test', '/bookings');
		await expect(page.getByRole('heading', { level: 1, name: 'Bookings' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'New booking' }).first()).toBeVisible();
		await expectAccessible(page);
		// Replaced by the list with a booking in the next test when the wizard made one.
		await screenshot(page, 'bookings-list-1440');

		// Closed bookings in a month long before any demo data: none, whatever the other journeys booked.
		await page.getByRole('navigation', { name: 'Booking status' }).getByRole('link', { name: 'Closed' }).click();
		await page.waitForURL(/[?&]status=closed/);
		await page.goto(`${page.url()}&from=2001-01-01&to=2001-01-31`);
		await expect(page.getByTestId('bookings-empty')).toContainText('No bookings match these filters.');
		await expectAccessible(page);

		// The wizard makes the booking the other tests use.
		await chooseFirstTime(page, /IME — in person/);
		await fillExaminee(page, FAMILY);
		await page.getByRole('button', { name: 'Review the booking' }).click();
		await page.waitForURL(/\/review$/);
		await confirmBooking(page);
		await openBookingAfterConfirm(page);

		const heading = page.getByRole('heading', { level: 1 });
		await expect(heading).toContainText(/Booking IME-/);
		const reference = (await heading.textContent())!.replace('Booking', '').trim();
		const startsAt = await page.getByTestId('clinic-time').getAttribute('data-starts-at');
		const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(new Date(startsAt!));
		created = { path: new URL(page.url()).pathname, reference, date };

		await expect(page.getByTestId('attribution')).toContainText(/^Created by Rachel Referrer on /);
		await expect(page.getByTestId('examinee')).toContainText(FAMILY);
		await expect(page.getByTestId('examinee')).toContainText('0412 345 678');
		await expect(page.getByRole('heading', { name: 'Documents', exact: true })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Intake answers' })).toBeVisible();
		await expect(page.getByTestId('timeline').getByRole('listitem').first()).toContainText('Booked for');
		await expectAccessible(page);
		await screenshot(page, 'booking-detail-1440');
	});

	test('the list keeps its filters and sort in the URL, searches names by POST, and exports CSV', async ({ page }) => {
		expect(created, 'the first test books through the wizard').toBeTruthy();
		await page.setViewportSize({ width: 1440, height: 900 });
		const urls = recordUrls(page);
		await signInAs(page, 'referrer@demo.test', '/bookings');
		const table = page.getByTestId('bookings-table');
		await expect(table.getByRole('link', { name: created!.reference })).toBeVisible();
		await expectAccessible(page);
		await screenshot(page, 'bookings-list-1440');

		// Sorting: the sorted column says so, and the order goes in the URL.
		const dateHeader = table.getByRole('columnheader', { name: /Date and time/ });
		await expect(dateHeader).toHaveAttribute('aria-sort', 'ascending');
		await dateHeader.getByRole('link').click();
		await page.waitForURL(/[?&]dir=desc/);
		await expect(page.getByTestId('bookings-table').getByRole('columnheader', { name: /Date and time/ })).toHaveAttribute(
			'aria-sort',
			'descending'
		);
		await page
			.getByTestId('bookings-table')
			.getByRole('columnheader', { name: /Specialist/ })
			.getByRole('link')
			.click();
		await page.waitForURL(/[?&]sort=specialist/);

		// A date range with nothing in it: an empty state, and the range in the URL.
		await fillDate(page, 'From', '01/01/2020');
		await fillDate(page, 'To', '31/01/2020');
		await page.getByRole('button', { name: 'Apply filters' }).click();
		await page.waitForURL(/from=2020-01-01.*to=2020-01-31|to=2020-01-31.*from=2020-01-01/);
		await expect(page.getByTestId('bookings-empty')).toBeVisible();
		await page.getByRole('link', { name: 'Clear filters' }).first().click();
		await page.waitForURL(/\/bookings$/);

		// The specialist filter (a multi-select) in the URL.
		await page.getByLabel('Specialists').selectOption({ label: 'Dr Sam Specialist' });
		await page.getByRole('button', { name: 'Apply filters' }).click();
		await page.waitForURL(/[?&]specialist=[0-9a-f-]{36}/);
		await expect(page.getByTestId('bookings-table').getByRole('link', { name: created!.reference })).toBeVisible();

		// The name search: whole words, any case; the name never reaches a URL.
		await page.goto('/bookings');
		await page.getByLabel('Examinee name').fill(FAMILY.toUpperCase());
		await page.getByRole('button', { name: 'Search' }).click();
		await expect(page.getByTestId('bookings-table').getByRole('link', { name: created!.reference })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Bookings for the examinee searched' })).toBeVisible();
		await expectAccessible(page);
		await page.getByLabel('Examinee name').fill(FAMILY.slice(0, 5));
		await page.getByRole('button', { name: 'Search' }).click();
		await expect(page.getByTestId('bookings-empty')).toBeVisible();
		for (const u of urls) expect(u.toLowerCase()).not.toContain(FAMILY.toLowerCase());

		// CSV of the filtered set: an attachment with the booking in it.
		await page.goto('/bookings?status=all');
		const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
		expect(href).toBe('/api/bookings/export.csv?status=all');
		const csv = await page.request.get(href!);
		expect(csv.status()).toBe(200);
		expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="bookings-/);
		expect(csv.headers()['cache-control']).toContain('no-store');
		const text = await csv.text();
		expect(text).toContain('Reference,Date and time (clinic),Specialist,Exam type,Stage,Status,Examinee,Claim number');
		expect(text).toContain(created!.reference);
		expect(text).not.toContain('0412 345 678');
	});

	test('the export answers 401 without a session', async ({ browser }) => {
		const context = await browser.newContext();
		const res = await context.request.get('/api/bookings/export.csv');
		expect(res.status()).toBe(401);
		expect(await res.json()).toMatchObject({ message: 'Please sign in.' });
		await context.close();
	});

	test('the month calendar moves between months and opens a day as a filtered list', async ({ page }) => {
		await page.setViewportSize({ width: 1440, height: 900 });
		await signInAs(page, 'referrer@demo.test', '/bookings');
		await page.getByRole('link', { name: 'Month calendar' }).click();
		await page.waitForURL(/\/bookings\/calendar/);
		await expect(page.getByRole('heading', { level: 1, name: 'Booking calendar' })).toBeVisible();
		const month = page.locator('#month-heading');
		const first = (await month.textContent())!;
		await page.getByRole('link', { name: /^Next month/ }).click();
		await page.waitForURL(/[?&]month=\d{4}-\d{2}/);
		await expect(month).not.toHaveText(first);
		await page.getByRole('link', { name: /^Previous month/ }).click();
		await expect(month).toHaveText(first);
		await expectAccessible(page);

		expect(created, 'the first test books through the wizard').toBeTruthy();
		await page.goto(`/bookings/calendar?month=${created!.date.slice(0, 7)}`);
		const day = Number(created!.date.slice(8));
		const link = page.getByTestId('calendar-day').filter({ has: page.getByText(String(day), { exact: true }) });
		await expect(link).toHaveAttribute('aria-label', /\d+ bookings?$/);
		await screenshot(page, 'bookings-calendar-1440');
		await link.click();
		await page.waitForURL(new RegExp(`from=${created!.date}.*to=${created!.date}`));
		await expect(page.getByTestId('bookings-table').getByRole('link', { name: created!.reference })).toBeVisible();
	});

	test('on a phone the list is cards and the filters fold behind one button with the count in use', async ({ page }) => {
		expect(created, 'the booking made by the first test').not.toBeNull();
		await page.setViewportSize({ width: 390, height: 844 });
		await signInAs(page, 'referrer@demo.test', '/bookings');
		// Results come first: the filters are folded away.
		await expect(page.getByRole('button', { name: 'Apply filters' })).toBeHidden();
		const cards = page.getByTestId('bookings-cards');
		await expect(cards.getByRole('link', { name: created!.reference })).toBeVisible();
		await expect(page.getByTestId('bookings-table')).toBeHidden();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await expectAccessible(page);
		await screenshot(page, 'bookings-list-390');

		const toggle = page.getByTestId('filters-toggle');
		await expect(toggle).toContainText('Filters and search');
		await expect(toggle).not.toContainText('in use');
		await toggle.click();
		await expect(toggle).toHaveAttribute('aria-expanded', 'true');
		await fillDate(page, 'From', typed(created!.date));
		await page.getByRole('button', { name: 'Apply filters' }).click();
		await page.waitForURL(new RegExp(`from=${created!.date}`));
		await expect(page.getByTestId('filters-toggle')).toContainText('(1 in use)');
		await expect(cards.getByRole('link', { name: created!.reference })).toBeVisible();
	});

	test('another organisation sees an empty list and a 404 for the booking; the list works at 390 px', async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await signInAs(page, 'rival@demo.test', '/bookings');
		await expect(page.getByRole('heading', { level: 1, name: 'Bookings' })).toBeVisible();
		await expect(page.getByTestId('bookings-empty')).toContainText('No active bookings yet.');
		await expectAccessible(page);
		await screenshot(page, 'bookings-list-empty-390');
		if (created) {
			const res = await page.goto(created.path);
			expect(res?.status()).toBe(404);
		}
	});

	test('a specialist sees the appointment and the examinee without contact details', async ({ page }) => {
		await signInAs(page, 'specialist@demo.test', '/appointments');
		await expect(page.getByRole('heading', { level: 1, name: 'Your appointments' })).toBeVisible();
		await expectAccessible(page);
		expect(created, 'the first test books through the wizard').toBeTruthy();
		await page.getByRole('link', { name: created!.reference }).click();
		await page.waitForURL(`**${created!.path}`);
		const examinee = page.getByTestId('examinee');
		await expect(examinee).toContainText(FAMILY);
		await expect(examinee).toContainText('Date of birth');
		await expect(page.locator('main')).not.toContainText('0412 345 678');
		await expect(page.locator('main')).not.toContainText('12 Harbour Street');
		await expect(page.getByText('contact details are kept by the referrer')).toBeVisible();
		await expectAccessible(page);
	});

	test("on a phone the specialist's appointments are cards with the reference in view", async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await signInAs(page, 'specialist@demo.test', '/appointments');
		const cards = page.getByTestId('appointments-cards');
		await expect(cards).toBeVisible();
		await expect(page.getByTestId('appointments-table')).toBeHidden();
		const reference = cards.getByRole('link', { name: created!.reference });
		await reference.scrollIntoViewIfNeeded();
		const box = await reference.boundingBox();
		expect(box!.x + box!.width, 'the reference is not cut off at the right edge').toBeLessThanOrEqual(390);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await expectAccessible(page);
		await screenshot(page, 'specialist-appointments-390');
	});
});
