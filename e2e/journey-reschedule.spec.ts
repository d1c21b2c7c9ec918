/**
 * Rescheduling, as a referrer: the booking's page links to a month of free days (the booking's own
 * day marked) and the day's times; choosing one shows the move and its notice terms first, and only
 * "Confirm the new time" moves it. On a desktop and on a phone, and once without JavaScript. The
 * examinee's date of birth is typed the en-AU way on the way (03/02/1971 → 3 February 1971).
 *
 * Books Dr Mei Chen on a later free day than the first ones other journeys take.
 */
import type { Page } from '@playwright/test';
import { expect, test, confirmBooking, expectAccessible, fillExaminee, screenshot, signIn } from './fixtures';

const BOOKING_PAGE = /\/bookings\/([0-9a-f-]{36})(\/confirmed|\?created)?$/;

/** The calendar date (YYYY-MM-DD) of a `date=` link. */
const dateOf = (href: string | null) => /[?&]date=(\d{4}-\d{2}-\d{2})/.exec(href ?? '')?.[1] ?? '';

/** Books Dr Mei Chen's first time on the `nth` free day of the month the time step opens on; the booking's id. */
async function bookMeiChen(page: Page, nth: number, examinee: (page: Page) => Promise<void>): Promise<string> {
	await page.goto('/bookings/new');
	await page.getByRole('link', { name: /IME — in person/ }).click();
	await page.getByRole('link', { name: 'Choose Dr Mei Chen' }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	const days = page.getByRole('link', { name: /, times available$/ });
	await expect(days.first()).toBeVisible();
	const count = await days.count();
	await page.goto((await days.nth(Math.min(nth, count - 1)).getAttribute('href'))!);
	await page.getByTestId('times').getByRole('button').first().click();
	await page.waitForURL(/\/examinee$/);
	await examinee(page);
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await page.waitForURL(/\/review$/);
	await expect(page.getByText('3 February 1971')).toBeVisible();
	await confirmBooking(page);
	await page.waitForURL(BOOKING_PAGE);
	return BOOKING_PAGE.exec(new URL(page.url()).pathname + new URL(page.url()).search)![1]!;
}

/** On the reschedule page: a free day after the booking's own (the next month's first when none is left in this one). */
async function chooseLaterDay(page: Page) {
	const hrefs = await page.getByTestId('free-day').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
	const bookedDay = (await page.locator('[data-booked-day]').getAttribute('data-booked-day'))!;
	const later = hrefs.find((h) => dateOf(h) > bookedDay);
	if (later) await page.locator(`a[href="${later}"]`).click();
	else {
		await page.getByRole('link', { name: /^Next month/ }).click();
		await page.waitForURL(/month=/);
		await page.getByTestId('free-day').first().click();
	}
	await page.waitForURL(/[?&]date=/);
}

async function rescheduleJourney(page: Page, width: number) {
	const id = await bookMeiChen(page, width > 500 ? 3 : 5, (p) => fillExaminee(p, 'Movewell'));
	await page.goto(`/bookings/${id}`);
	const before = await page.getByTestId('clinic-time').getAttribute('data-starts-at');

	await page.getByRole('link', { name: 'Choose a new time' }).click();
	await page.waitForURL(`**/bookings/${id}/reschedule`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Reschedule IME-');
	// The booking's own day is marked in the grid, and its own time is not offered.
	const booked = page.locator('[data-booked]');
	await expect(booked).toHaveCount(1);
	// Said to screen readers too: in a free day's link name, or in the text of a day with no other time.
	if ((await booked.evaluate((e) => e.tagName)) === 'A') await expect(booked).toHaveAccessibleName(/, the booking’s current day$/);
	else await expect(booked).toContainText(', the booking’s current day');
	await expect(page.getByTestId('reschedule-times').getByRole('button')).not.toHaveCount(0);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
	await expectAccessible(page);
	await screenshot(page, `reschedule-step1-${width}`);

	await chooseLaterDay(page);
	await page.getByTestId('reschedule-times').getByRole('button').first().click();
	await page.waitForURL(/[?&]time=/);
	const time = new URL(page.url()).searchParams.get('time')!;
	expect(new Date(time).getTime()).toBeGreaterThan(new Date(before!).getTime());

	// Step 2: nothing has moved yet; the move and its terms are spelled out.
	const card = page.getByTestId('reschedule-confirm');
	await expect(card.getByRole('heading', { level: 2 })).toContainText(/^Move IME-[A-Z0-9]+ from .+ to .+/);
	const notice = page.getByTestId('reschedule-notice');
	await expect(notice).toContainText(
		/cancelling stays free until .+; after that it costs\s+\$[\d,]+\.\d\d|inside the free-cancellation period/
	);
	await expect(notice).toContainText('No fee for moving it.');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
	await expectAccessible(page);
	await screenshot(page, `reschedule-step2-${width}`);

	await page.getByLabel('Note (optional)').fill('Moved at the firm’s request');
	await page.getByRole('button', { name: 'Confirm the new time' }).click();
	await page.waitForURL(`**/bookings/${id}?rescheduled`);
	await expect(page.getByTestId('clinic-time')).toHaveAttribute('data-starts-at', new Date(time).toISOString());
	await expect(page.getByText('The booking is moved to its new time')).toBeVisible();
	await expect(page.getByTestId('timeline')).toContainText('Moved at the firm’s request');
	await expectAccessible(page);
}

test.describe('rescheduling on a desktop', () => {
	test.use({ viewport: { width: 1440, height: 900 } });
	test('a referrer moves a booking to a later day after seeing what the move means', async ({ page }) => {
		await signIn(page, 'referrer@demo.test');
		await page.waitForURL('**/bookings');
		await rescheduleJourney(page, 1440);
	});
});

test.describe('rescheduling on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });
	test('a referrer moves a booking to a later day after seeing what the move means', async ({ page }) => {
		await signIn(page, 'referrer@demo.test');
		await page.waitForURL('**/bookings');
		await rescheduleJourney(page, 390);
	});
});

test('without JavaScript: the date of birth is typed as text, and the booking is moved in the same two steps', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	const id = await bookMeiChen(page, 7, async (p) => {
		await p.getByLabel('Given names').fill('Quentin');
		await p.getByLabel('Family name').fill('Plaintext');
		await expect(p.getByLabel('Date of birth')).toHaveAttribute('placeholder', 'dd/mm/yyyy');
		await p.getByLabel('Date of birth').fill('03/02/1971');
		await p.getByLabel('Phone').fill('0412 345 678');
		await p.getByLabel('Address').fill('12 Harbour Street, Sydney NSW 2000');
		await p.getByLabel('Body parts or conditions to be assessed').fill('Lower back');
		await p
			.getByRole('group', { name: /attended an IME/ })
			.getByLabel('No')
			.check();
		await p.getByLabel('Claim type').selectOption('Workers compensation');
	});
	await page.goto(`/bookings/${id}/reschedule`);
	await chooseLaterDay(page);
	await page.getByTestId('reschedule-times').getByRole('button').first().click();
	await page.waitForURL(/[?&]time=/);
	const time = new URL(page.url()).searchParams.get('time')!;
	await expect(page.getByTestId('reschedule-notice')).toContainText('No fee for moving it.');
	await page.getByRole('button', { name: 'Confirm the new time' }).click();
	await page.waitForURL(`**/bookings/${id}?rescheduled`);
	await expect(page.getByTestId('clinic-time')).toHaveAttribute('data-starts-at', new Date(time).toISOString());
	await context.close();
});
