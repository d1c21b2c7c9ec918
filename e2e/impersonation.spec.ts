import { expect, test } from '@playwright/test';
import { chooseFirstTime, expectAccessible, fillExaminee, screenshot, signIn } from './fixtures';

test('an admin acts as a referrer, books for them, exits, and the audit trail names both', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
	await page.getByLabel('Name, email or organisation').fill('teamlead');
	await page.getByRole('button', { name: 'Search' }).click();
	await expectAccessible(page);
	await screenshot(page, 'admin-users-1440');
	await page.getByRole('button', { name: 'Act as Tom Lead' }).click();
	await page.waitForURL('**/bookings');
	const banner = page.getByRole('region', { name: 'Acting as someone else' });
	await expect(banner).toContainText('Acting as Tom Lead');
	await expectAccessible(page);

	// The account holder's own settings are refused while acting.
	await page.goto('/account');
	await page.getByLabel('Current password').fill('demo-password');
	await page.getByLabel('New password', { exact: true }).fill('another-long-password');
	await page.getByLabel('Repeat the new password').fill('another-long-password');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByRole('alert')).toHaveText(/while you are acting as someone else/);

	await chooseFirstTime(page, /IME — telehealth/);
	await fillExaminee(page, 'Actedfor');
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await page.getByRole('button', { name: 'Confirm booking' }).click();
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\?created$/);

	await banner.getByRole('button', { name: 'Exit' }).click();
	await page.waitForURL('**/admin/users');
	await expect(page.getByRole('region', { name: 'Acting as someone else' })).toHaveCount(0);
	await page.goto('/admin/audit');
	const row = page.getByRole('row').filter({ hasText: 'booking.create' }).first();
	await expect(row).toContainText(' for ');
});

test('acting as an admin or a specialist is refused', async ({ page }) => {
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	await page.goto('/admin/users?q=specialist');
	// No "Act as" is offered for them; a forged request is refused and audited.
	await expect(page.getByRole('button', { name: /^Act as/ })).toHaveCount(0);
	const userId = await page.locator('input[name="userId"]').first().getAttribute('value');
	const res = await page.request.post('/admin/users?/impersonate', {
		form: { userId: userId! },
		headers: { origin: new URL(page.url()).origin, accept: 'application/json' }
	});
	const body = await res.json();
	expect(body.status).toBe(403);
	expect(JSON.stringify(body)).toContain('cannot be acted for');
});
