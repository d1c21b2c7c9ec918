/**
 * Booking from a case: Rachel (referrer, at her desk) books a file review with "Open a case for this
 * claimant" ticked, which opens the case; from the case she books a second examination — the
 * examinee step is already done (the claimant's details, changeable), the review names the case —
 * and, on her phone, a third. Every confirmation names the same case. Dr Priya Natarajan on later
 * free days (not Dr Sam's first times, which other journeys take).
 */
import type { Page } from '@playwright/test';
import { expect, test, confirmBooking, expectAccessible, fillDate, screenshot, signIn } from './fixtures';

const CASE_LINK = /^\/cases\/([0-9a-f-]{36})$/;

/** From the first step (the type already listed): File review with Dr Priya, the last time on the `nth` free day. */
async function chooseFileReview(page: Page, nth: number, fromCase: boolean) {
	const type = fromCase ? page.getByRole('button', { name: /File review/ }) : page.getByRole('link', { name: /File review/ });
	await type.first().click();
	await page.waitForURL(/\/bookings\/new\/specialist\?/);
	await page.getByRole('link', { name: 'Choose Dr Priya Natarajan' }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	const days = page.getByRole('link', { name: /, times available$/ });
	await expect(days.first()).toBeVisible();
	const count = await days.count();
	await page.goto((await days.nth(Math.min(nth, count - 1)).getAttribute('href'))!);
	await page.getByTestId('times').getByRole('button').last().click();
}

/** The case named on the confirmation page: its reference and id. */
async function caseOnConfirmation(page: Page) {
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\/confirmed$/);
	const link = page.getByTestId('booked-case').getByRole('link');
	await expect(link).toHaveText(/^CASE-[A-Z0-9]{6}$/);
	const href = (await link.getAttribute('href'))!;
	expect(href).toMatch(CASE_LINK);
	return { reference: (await link.textContent())!.trim(), id: CASE_LINK.exec(href)![1]! };
}

test('a referrer opens a case while booking, then books two examinations from it, at her desk and on her phone', async ({ browser }) => {
	test.setTimeout(180_000);
	const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const page = await desk.newPage();
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');

	// The first examination: "Open a case for this claimant" is ticked by default.
	await page.goto('/bookings/new');
	await chooseFileReview(page, 5, false);
	await page.waitForURL(/\/examinee$/);
	await page.getByLabel('Given names').fill('Harriet');
	await page.getByLabel('Family name').fill('Casewright');
	await fillDate(page, 'Date of birth', '14/03/1972');
	await page.getByLabel('Phone').fill('0412 345 678');
	await page.getByLabel('Address').fill('5 Case Lane, Newtown NSW 2042');
	await page.getByLabel('Claim number (optional)').fill('WC 2026/E2E 7731');
	const openCase = page.getByRole('checkbox', { name: /Open a case for this claimant/ });
	await expect(openCase).toBeChecked();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await page.waitForURL(/\/review$/);
	await expect(page.getByTestId('summary-case').first()).toContainText('A new case for this claimant');
	await confirmBooking(page);
	const opened = await caseOnConfirmation(page);

	// From the case page: "New examination", the examination chosen, the time held, and straight to the review.
	await page.goto(`/cases/${opened.id}`);
	await page.getByRole('link', { name: 'New examination' }).click();
	await page.waitForURL(/\/bookings\/new\?case=/);
	await expect(page.getByTestId('wizard-case')).toContainText(opened.reference);
	await expectAccessible(page);
	await screenshot(page, 'cases-wizard-start-1440');
	await chooseFileReview(page, 6, true);
	await page.waitForURL(/\/review$/);
	await expect(page.getByTestId('summary-case').first()).toContainText(opened.reference);
	await expect(page.getByText('Harriet Casewright')).toBeVisible();
	// The examinee step shows as done; its details stay changeable.
	await expect(page.getByRole('link', { name: 'Change the details' })).toHaveAttribute('href', /\/examinee\?edit$/);
	await expectAccessible(page);
	await screenshot(page, 'cases-wizard-review-1440');
	await page.getByRole('link', { name: 'Change the details' }).click();
	await page.waitForURL(/\/examinee\?edit$/);
	await expect(page.getByTestId('examinee-from-case')).toContainText(opened.reference);
	await expect(page.getByLabel('Family name')).toHaveValue('Casewright');
	await expect(page.getByLabel('Claim number (optional)')).toHaveValue('WC 2026/E2E 7731');
	await expect(page.getByRole('checkbox', { name: /Open a case/ })).toHaveCount(0);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await page.waitForURL(/\/review$/);
	await confirmBooking(page);
	expect((await caseOnConfirmation(page)).id).toBe(opened.id);
	await desk.close();

	// On her phone: a third examination from the same case.
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const mobile = await phone.newPage();
	await signIn(mobile, 'referrer@demo.test');
	await mobile.waitForURL('**/bookings');
	await mobile.goto(`/bookings/new?case=${opened.id}`);
	await expect(mobile.getByTestId('wizard-case')).toContainText(opened.reference);
	await chooseFileReview(mobile, 7, true);
	await mobile.waitForURL(/\/review$/);
	await expect(mobile.getByTestId('summary-case').first()).toContainText(opened.reference);
	expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await expectAccessible(mobile);
	await screenshot(mobile, 'cases-wizard-review-390');
	await confirmBooking(mobile);
	expect((await caseOnConfirmation(mobile)).id).toBe(opened.id);
	await screenshot(mobile, 'cases-wizard-confirmed-390');
	// The case lists all three examinations.
	await mobile.goto(`/cases/${opened.id}`);
	const exams = mobile
		.getByRole('region', { name: 'Examinations' })
		.getByRole('listitem')
		.filter({ has: mobile.getByRole('link', { name: /^IME-/ }) });
	await expect(exams).toHaveCount(3);
	await expect(exams.first()).toContainText('File review with Dr Priya Natarajan');
	await expectAccessible(mobile);
	await screenshot(mobile, 'cases-wizard-case-390');

	// Another organisation's referrer cannot book from it.
	const rival = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const other = await rival.newPage();
	await signIn(other, 'rival@demo.test');
	await other.waitForURL('**/bookings');
	const res = await other.goto(`/bookings/new?case=${opened.id}`);
	expect(res?.status()).toBe(404);
	await phone.close();
	await rival.close();
});
