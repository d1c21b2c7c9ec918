/**
 * The admin console at 1440 px: every page passes axe; the operations dashboard, the report queue,
 * and an organisation created, given a team, and made to require a second factor.
 */
import { expect, test, expectAccessible, fillDate, screenshot, signIn, visit } from './fixtures';

test.describe('admin console', () => {
	test.beforeEach(async ({ page }) => {
		await page.setViewportSize({ width: 1440, height: 900 });
		await signIn(page, 'admin@demo.test');
		await page.waitForURL('**/admin');
	});

	test('every admin page passes axe at 1440 px', async ({ page }) => {
		for (const path of [
			'/admin',
			'/admin/reports',
			'/admin/organizations',
			'/admin/users',
			'/admin/specialists',
			'/admin/exam-types',
			'/admin/invitations',
			'/admin/scheduling',
			'/admin/outbox',
			'/admin/audit',
			'/admin/book'
		]) {
			await visit(page, path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		}
		await visit(page, '/admin/audit?from=2026-02-01&to=2026-01-01');
		await expect(page.getByText('The end date must not be before the start date.')).toBeVisible();
	});

	test('the dashboard shows bookings, reports, outbox and scheduling at a glance', async ({ page }) => {
		await visit(page, '/admin');
		const tiles = page.getByTestId('ops-tiles');
		for (const label of [
			'Examinations today',
			'Examinations this week',
			'Reports awaited',
			'Reports overdue',
			'Messages waiting to send',
			'Messages not sent'
		])
			await expect(tiles).toContainText(label);
		await expect(page.getByTestId('stage-group-active')).toContainText('Scheduled');
		await expect(page.getByTestId('stage-group-ended')).toContainText('No-show');
		await expect(page.getByTestId('scheduling-health')).toContainText('Built-in scheduler');
		await expect(page.getByTestId('scheduling-health')).toContainText('Times shown from memory');
		await screenshot(page, 'admin-dashboard-1440');
		await tiles.getByRole('link', { name: /Reports awaited/ }).click();
		await page.waitForURL('**/admin/reports');
		await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
		await screenshot(page, 'admin-reports-1440');
	});

	test('a specialist’s opening hours are edited, a bad line is named, and a day off is added', async ({ page }) => {
		await visit(page, '/admin/specialists');
		await page
			.getByTestId('specialists')
			.getByRole('link', { name: /Dr Mei/ })
			.click();
		await page.waitForURL(/\/admin\/specialists\/[0-9a-f-]{36}$/);
		const hours = page.getByTestId('weekly-hours');
		await hours.getByLabel('Saturday').fill('nine till noon');
		await hours.getByRole('button', { name: 'Save opening hours' }).click();
		// The error sits under Saturday's field, which says it is invalid.
		await expect(hours.locator('#f-day6-error')).toHaveText('“nine till noon” is not a time range like 9:00-17:00.');
		await expect(hours.getByLabel('Saturday')).toHaveAttribute('aria-invalid', 'true');
		await hours.getByLabel('Saturday').fill('9:00-12:00');
		await hours.getByRole('button', { name: 'Save opening hours' }).click();
		await expect(hours.getByText('Opening hours saved.')).toBeVisible();
		await expect(hours.getByLabel('Saturday')).toHaveValue('9:00-12:00');
		// The other days still show their hours after the save.
		await expect(hours.getByLabel('Monday')).toHaveValue('9:00-17:00');
		await fillDate(page, 'Date', '26/01/2027');
		await page.getByLabel('Closed').check();
		await page.getByLabel('Note').fill('Australia Day');
		await page.getByRole('button', { name: 'Save date' }).click();
		await expect(page.getByTestId('overrides')).toContainText('Closed · Australia Day');
		await expectAccessible(page);
		await screenshot(page, 'admin-specialist-1440');
	});

	test('an organisation is created, gets a team, and requires a second factor', async ({ page }) => {
		await visit(page, '/admin/organizations');
		await page.getByLabel('Name').fill('Bayside Insurance');
		await page.getByRole('button', { name: 'Create organisation' }).click();
		await page.waitForURL(/\/admin\/organizations\/[0-9a-f-]{36}\?created$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Bayside Insurance' })).toBeVisible();
		await page.getByLabel('New team').fill('Income protection');
		await page.getByRole('button', { name: 'Add team' }).click();
		await expect(page.getByTestId('teams').locator('input[name="name"]')).toHaveValue('Income protection');
		await page.getByLabel('Require a second factor of every member').check();
		await page.getByRole('button', { name: 'Save settings' }).click();
		await expect(page.getByText('Organisation saved.')).toBeVisible();
		await expectAccessible(page);
		await screenshot(page, 'admin-organization-1440');
		await visit(page, '/admin/organizations');
		await expect(page.getByTestId('organizations').getByRole('row').filter({ hasText: 'Bayside Insurance' })).toContainText('Required');
	});
});
