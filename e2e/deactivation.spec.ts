/** A deactivated user's existing session stops working on the very next request. */
import { expect, test, signIn } from './fixtures';

test('deactivating an account: its open session gets 401 on the next request', async ({ page, browser }) => {
	await signIn(page, 'deactivate@e2e.test');
	await page.waitForURL('**/bookings');
	expect((await page.request.get('/api/bookings/export.csv')).status()).toBe(200);

	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin@demo.test');
	await admin.waitForURL('**/admin');
	await admin.goto('/admin/users?q=deactivate%40e2e.test');
	await admin.getByRole('button', { name: 'Deactivate Dee Activate' }).click();
	await expect(admin.getByRole('button', { name: 'Reactivate Dee Activate' })).toBeVisible();

	const after = await page.request.get('/api/bookings/export.csv');
	expect(after.status()).toBe(401);
	await page.reload();
	await expect(page).toHaveURL(/\/sign-in/);
});
