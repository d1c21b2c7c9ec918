import { expect, test, type Page } from '@playwright/test';
import { chooseFirstTime, expectAccessible, fillExaminee, screenshot, signIn } from './fixtures';

import { CANARY } from './fixtures';

/** Every URL the browser asked for, to prove no examinee detail ever appears in one. */
function recordUrls(page: Page) {
	const urls: string[] = [];
	page.on('request', (r) => urls.push(r.url()));
	return urls;
}

async function expectNoPhiInBrowser(page: Page, urls: string[]) {
	for (const u of urls) expect(u).not.toMatch(new RegExp(`${CANARY.family}|${CANARY.dob}`, 'i'));
	const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
	expect(storage).not.toContain(CANARY.family);
	const cookies = JSON.stringify(await page.context().cookies());
	expect(cookies).not.toContain(CANARY.family);
}

test('a referrer books through the wizard, and a reload keeps what was typed', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	const urls = recordUrls(page);
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	await chooseFirstTime(page, /IME — in person/);
	await expect(page.getByRole('timer')).toContainText('held for you');
	await expectAccessible(page);

	// A phone number that is not one: the error names the field, and a reload keeps everything typed.
	await fillExaminee(page);
	await page.getByLabel('Phone').fill('call my lawyer');
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await expect(page.getByText('Enter a phone number')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Family name')).toHaveValue(CANARY.family);
	await page.getByLabel('Phone').fill('0412 345 678');
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await page.waitForURL(/\/review$/);
	await expect(page.getByText(`${CANARY.given} ${CANARY.family}`)).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, 'wizard-review-1440');
	await page.getByRole('button', { name: 'Confirm booking' }).click();
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\?created$/);
	await expectNoPhiInBrowser(page, urls);

	// A repeat booking starts from this one's specialist and examination.
	await page.getByRole('link', { name: /Book again with Dr Sam Specialist/ }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	await expect(page.getByRole('heading', { name: 'Choose a time' })).toBeVisible();
	await expect(page.getByText(/Dr Sam Specialist/).first()).toBeVisible();
});

test('a referrer books on a phone', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const urls = recordUrls(page);
	await signIn(page, 'owner@demo.test');
	await page.waitForURL('**/bookings');
	await chooseFirstTime(page, /IME — telehealth/);
	await fillExaminee(page, 'Phoneperson');
	await screenshot(page, 'wizard-examinee-390');
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await page.waitForURL(/\/review$/);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Confirm booking' }).click();
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\?created$/);
	await expectNoPhiInBrowser(page, urls);
});

test('an admin books on behalf of a referrer who phoned, and the booking says so', async ({ page, browser }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	await page.getByRole('link', { name: 'Book for a referrer' }).click();
	await page.getByLabel('Name, email or organisation').fill('Rachel');
	await page.getByRole('button', { name: 'Search' }).click();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Book for Rachel Referrer' }).click();
	await page.waitForURL(/\/bookings\/new\?draft=/);
	await expect(page.getByText('Booking on behalf of')).toContainText('Rachel Referrer');
	await page.getByRole('link', { name: /IME — in person/ }).click();
	await page.getByRole('link', { name: 'Choose Dr Priya Natarajan' }).click();
	await page.getByTestId('times').getByRole('button').first().click();
	await page.waitForURL(/\/examinee$/);
	await fillExaminee(page, 'Phoned');
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await expect(page.getByText('On behalf of')).toBeVisible();
	await page.getByRole('button', { name: 'Confirm booking' }).click();
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\?created$/);
	const bookingUrl = new URL(page.url()).pathname;
	await expect(page.getByText(/on behalf of/i).first()).toBeVisible();

	// Another organisation's referrer cannot see it: it answers like a missing page.
	const rival = await browser.newContext();
	const rp = await rival.newPage();
	await signIn(rp, 'rival@demo.test');
	await rp.waitForURL('**/bookings');
	const res = await rp.goto(bookingUrl);
	expect(res?.status()).toBe(404);
	await rival.close();
});
