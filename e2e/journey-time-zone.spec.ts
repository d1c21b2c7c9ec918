/**
 * A referrer in Perth: the browser's zone is detected on the first page and kept on the account
 * (Account shows it), the wizard's times for a Melbourne specialist open in Perth time with
 * Melbourne's beside them, the review says both; choosing Brisbane on the Account page moves the
 * wizard's times to Brisbane. Piper Perth is this spec's own account (e2e/accounts.ts).
 */
import type { Browser, Page } from '@playwright/test';
import { expect, test, confirmBooking, expectAccessible, fillExaminee, screenshot, signIn } from './fixtures';

const EMAIL = 'perth@e2e.test';

/** "11:30 am" in `timeZone`, as a pattern (Chromium may put a narrow no-break space before "am"). */
const clock = (at: Date, timeZone: string) =>
	new RegExp(
		new Intl.DateTimeFormat('en-AU', { hour: 'numeric', minute: '2-digit', timeZone })
			.format(at)
			.replace(/\s/g, '\\s')
			.replace(/\./g, '\\.'),
		'i'
	);

async function perthBrowser(browser: Browser, viewport: { width: number; height: number }) {
	const context = await browser.newContext({ timezoneId: 'Australia/Perth', locale: 'en-AU', viewport });
	return { context, page: await context.newPage() };
}

/** From the wizard's first step to Dr Mei Chen's times (Melbourne), next month (beyond the late-fee period). */
async function openMeiChenTimes(page: Page): Promise<string> {
	await page.goto('/bookings/new');
	await page.getByRole('link', { name: /IME — in person/ }).click();
	await page.getByLabel('State').selectOption('VIC');
	await page.getByRole('button', { name: 'Filter' }).click();
	await page.getByRole('link', { name: 'Choose Dr Mei Chen' }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	await page.getByRole('link', { name: /^Next month/ }).click();
	await page.waitForURL(/[?&]month=/);
	await page
		.getByRole('link', { name: /times available/ })
		.first()
		.click();
	await page.waitForURL(/[?&]date=/);
	await expect(page.getByTestId('times').getByRole('button').first()).toBeVisible();
	// The same day again later, without the zone the links carry: the page then opens in the account's zone.
	const url = new URL(page.url());
	url.searchParams.delete('tz');
	return url.pathname + url.search;
}

/** The first free time's button and its instant. */
async function firstTime(page: Page) {
	const button = page.getByTestId('times').getByRole('button').first();
	await expect(button).toBeVisible();
	return { button, at: new Date((await button.getAttribute('value'))!) };
}

async function chooseZone(page: Page, zone: string) {
	await page.goto('/account');
	const select = page.getByLabel('Your time zone');
	await select.selectOption(zone);
	await page.getByRole('button', { name: 'Save time zone' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Times are now shown in' })).toBeVisible();
	await expect(select).toHaveValue(zone);
}

test.describe('a referrer in Perth, on a desktop', () => {
	test('the zone is detected, the wizard and review show Perth and Melbourne, and Brisbane chosen in Account moves the times', async ({
		browser
	}) => {
		const { context, page } = await perthBrowser(browser, { width: 1440, height: 900 });
		// Sent once by the first page opened with no zone stored.
		const detected = page.waitForResponse((r) => r.url().endsWith('/api/account/time-zone') && r.request().method() === 'POST');
		await signIn(page, EMAIL);
		await page.waitForURL('**/bookings');
		expect((await detected).status()).toBe(200);

		await page.goto('/account');
		await expect(page.getByLabel('Your time zone')).toHaveValue('Australia/Perth');
		await expect(page.getByLabel('Your time zone').locator('option:checked')).toHaveText('Perth (AWST, UTC+8)');
		await expectAccessible(page);
		await screenshot(page, 'time-zone-account-1440');

		// The wizard opens in Perth time, Melbourne's beside it.
		const slotPath = await openMeiChenTimes(page);
		const { button, at } = await firstTime(page);
		await expect(button).toContainText(clock(at, 'Australia/Perth'));
		await expect(button).toContainText('Melbourne');
		await expect(button).toContainText(clock(at, 'Australia/Melbourne'));
		await expectAccessible(page);
		await screenshot(page, 'time-zone-slot-perth-1440');

		// The review: the time and the free-cancellation deadline, both in Perth time with Melbourne's beside.
		await button.click();
		await page.waitForURL(/\/bookings\/new\/d\/[0-9a-f-]+\/examinee$/);
		await fillExaminee(page, 'Perthwise');
		await page.getByRole('button', { name: 'Review the booking' }).click();
		await page.waitForURL(/\/review$/);
		const perthClock = clock(at, 'Australia/Perth').source;
		const melbourneClock = clock(at, 'Australia/Melbourne').source;
		await expect(
			page
				.getByRole('definition')
				.filter({ hasText: new RegExp(`${perthClock} \\(Perth time; ${melbourneClock} in Melbourne\\)`, 'i') })
				.first()
		).toBeVisible();
		await expect(page.getByTestId('booking-terms')).toContainText(/Until .+ \(Perth time; .+ in Melbourne\)/);
		await expectAccessible(page);
		await screenshot(page, 'time-zone-review-1440');

		// Booked: the booking's page and the list say the Perth time, Melbourne's beside it.
		await confirmBooking(page);
		await page.waitForURL(/\/bookings\/[0-9a-f-]{36}(\/confirmed|\?created)?$/);
		if (page.url().endsWith('/confirmed')) await page.getByRole('link', { name: 'Open the booking' }).click();
		await expect(page.getByTestId('clinic-time')).toContainText(
			new RegExp(`${perthClock} \\(Perth time; ${melbourneClock} in Melbourne\\)`, 'i')
		);
		const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Booking', '').trim();
		await page.goto('/bookings');
		const row = page.getByTestId('bookings-table').getByRole('row').filter({ hasText: reference });
		await expect(row).toContainText(new RegExp(`${perthClock} AWST`, 'i'));
		await expect(row).toContainText(new RegExp(`${melbourneClock} in Melbourne`, 'i'));

		// Brisbane chosen on the Account page: the same day's times now open in Brisbane time.
		await chooseZone(page, 'Australia/Brisbane');
		await page.goto(slotPath);
		const again = await firstTime(page);
		await expect(again.button).toContainText(clock(again.at, 'Australia/Brisbane'));
		await expect(page.getByLabel('Show times in')).toHaveValue('Australia/Brisbane');
		await context.close();
	});
});

test.describe('a referrer in Perth, on a phone', () => {
	test('the Account card and the time step fit a phone', async ({ browser }) => {
		const { context, page } = await perthBrowser(browser, { width: 390, height: 844 });
		await signIn(page, EMAIL);
		await page.waitForURL('**/bookings');
		// Whatever the desktop journey left, Perth again.
		await chooseZone(page, 'Australia/Perth');
		await expectAccessible(page);
		await page.getByRole('heading', { name: 'Time zone' }).scrollIntoViewIfNeeded();
		await screenshot(page, 'time-zone-account-390');

		await openMeiChenTimes(page);
		const { button, at } = await firstTime(page);
		await expect(button).toContainText(clock(at, 'Australia/Perth'));
		await expect(button).toContainText('Melbourne');
		await expectAccessible(page);
		await screenshot(page, 'time-zone-slot-perth-390');
		await context.close();
	});
});
