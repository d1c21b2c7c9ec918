import { expect, test, expectAccessible, screenshot, signIn } from './fixtures';

test('a referrer finds a specialist by next available time and sees the free days and times', async ({ page }) => {
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	await page.getByRole('link', { name: 'New booking' }).first().click();
	await page.waitForURL('**/bookings/new');
	await expectAccessible(page);
	await page.getByRole('link', { name: /IME — in person/ }).click();
	await page.waitForURL(/\/bookings\/new\/specialist\?type=/);
	const cards = page.getByTestId('directory').getByRole('listitem');
	await expect(cards.first()).toBeVisible();
	await expect(page.getByTestId('next-available').first()).toContainText('Next available');
	await expectAccessible(page);

	await page.getByLabel('State').selectOption('NSW');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(cards).toHaveCount(1);
	await expect(cards.first()).toContainText('Dr Sam Specialist');

	await page.getByRole('link', { name: 'Choose Dr Sam Specialist' }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	await expect(page.getByTestId('times').getByRole('button').first()).toBeVisible();
	await expectAccessible(page);

	// In Perth time the first Sydney session starts 3 hours earlier (2 outside daylight saving). The
	// zone applies as it is chosen (the Update button is only there without JavaScript).
	await expect(page.getByRole('button', { name: 'Update' })).toHaveCount(0);
	await page.getByLabel('Show times in').selectOption('Australia/Perth');
	await expect(page).toHaveURL(/tz=Australia%2FPerth/);
	await expect(page.getByTestId('times').getByRole('button').first()).toContainText('Sydney');
});

test('the specialist directory on a phone', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	await page.goto('/bookings/new');
	await page.getByRole('link', { name: /IME — telehealth/ }).click();
	await expect(page.getByTestId('directory').getByRole('listitem').first()).toBeVisible();
	await screenshot(page, 'referrer-directory-390');
	await page
		.getByRole('link', { name: /^Choose / })
		.first()
		.click();
	await expect(page.getByRole('heading', { name: 'Choose a time' })).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, 'referrer-slot-390');
});

test('an admin sees which scheduler is in use', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Scheduling' }).click();
	await expect(page.getByText('The built-in scheduler is in use')).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, 'admin-scheduling-1440');
});
