/**
 * Cases: a referrer creates a case on a desktop (1440), then reads the list and the case on a
 * phone (390). The claimant's name never reaches a URL; every page passes axe.
 */
import { expect, test, expectAccessible, fillDate, screenshot, shipsZod, signIn } from './fixtures';

const CLAIMANT = { given: 'Casimir', family: 'Qwertyvane' };

test('a referrer creates a case, then finds it in the list and opens it on a phone', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	// The bookings list, the most used page, validates nothing in the browser: no schema library.
	expect(await shipsZod(page)).toBe(false);
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' })).toHaveAttribute('href', '/cases');
	// Straight there: a click racing the bookings page's hydration on a busy machine can be lost.
	await page.goto('/cases');
	await expectAccessible(page);
	await expect(page.getByRole('link', { name: 'New case' }).first()).toHaveAttribute('href', '/cases/new');
	await page.goto('/cases/new');
	await expectAccessible(page);

	// Submitting empty names the fields that need answers.
	await page.getByRole('button', { name: 'Create case' }).click();
	await expect(page.getByText('Enter the claimant’s given names.')).toBeVisible();

	await page.getByLabel('Given names').fill(CLAIMANT.given);
	await page.getByLabel('Family name').fill(CLAIMANT.family);
	await fillDate(page, 'Date of birth', '03/02/1971');
	await page.getByLabel('Phone').fill('0412 345 678');
	await page.getByLabel('Address').fill('12 Harbour Street, Sydney NSW 2000');
	await page.getByLabel('Claim number').fill('WC-E2E-77');
	await page.getByLabel('Jurisdiction or scheme').selectOption('nsw_workers_comp');
	await page.getByLabel('Insurer or defendant').fill('Harbour Mutual');
	await screenshot(page, 'cases-new-1440');
	await page.getByRole('button', { name: 'Create case' }).click();
	await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
	const caseUrl = page.url();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${CLAIMANT.given} ${CLAIMANT.family}`);
	await expect(page.getByTestId('case-timeline')).toContainText('Case opened');
	expect(await shipsZod(page)).toBe(false);
	await expect(page.getByRole('link', { name: 'New examination' })).toHaveAttribute('href', /\/bookings\/new\?case=/);
	await expectAccessible(page);

	// On hold, with a note.
	await page.getByLabel('Case status').selectOption('on_hold');
	await page.getByLabel('Note (optional)').fill('Waiting for the claimant’s records');
	await page.getByRole('button', { name: 'Change status' }).click();
	await expect(page.getByTestId('case-timeline')).toContainText('Open → On hold');
	await screenshot(page, 'cases-detail-1440');

	// A phone: the list as cards, a name search by POST, the case page.
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/cases');
	await expect(page.getByTestId('cases-cards')).toBeVisible();
	await expect(page.getByTestId('cases-table')).toBeHidden();
	await page.getByLabel('Claimant name').fill(CLAIMANT.family.toLowerCase());
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page.getByTestId('cases-cards')).toContainText(`${CLAIMANT.given} ${CLAIMANT.family}`);
	expect(page.url()).not.toContain(CLAIMANT.family.toLowerCase());
	await expectAccessible(page);
	await screenshot(page, 'cases-list-390');
	await page.goto(caseUrl);
	await expectAccessible(page);
	await screenshot(page, 'cases-detail-390');
});
