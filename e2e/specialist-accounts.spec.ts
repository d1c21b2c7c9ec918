import { expect, test, expectAccessible, outboxLink, screenshot, signIn, visit } from './fixtures';

test('a specialist invited for their profile sees their appointments; an admin unlinks and links the account', async ({
	page,
	browser
}) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	await visit(page, '/admin/invitations');
	await page.getByLabel('Name').fill('Dr Lachlan Ross');
	await page.getByLabel('Email').fill('lachlan@e2e.test');
	await page.getByLabel('Kind of account').selectOption('specialist');
	await page.getByLabel('Specialist profile (optional)').selectOption({ label: 'Dr Lachlan Ross' });
	await page.getByRole('button', { name: 'Send invitation' }).click();
	await expect(page.getByText('Invitation sent to lachlan@e2e.test')).toBeVisible();

	const link = await outboxLink(browser, 'lachlan@e2e.test', /invited/);
	const context = await browser.newContext();
	const doctor = await context.newPage();
	await doctor.goto(link);
	await doctor.getByLabel('Password', { exact: true }).fill('lachlan-chooses-a-password');
	await doctor.getByLabel('Repeat the password').fill('lachlan-chooses-a-password');
	await doctor.getByRole('button', { name: 'Create my account' }).click();
	await doctor.waitForURL('**/sign-in?welcome');
	await signIn(doctor, 'lachlan@e2e.test', 'lachlan-chooses-a-password');
	await doctor.waitForURL('**/appointments');
	await expect(doctor.getByRole('heading', { level: 1 })).toBeVisible();
	await context.close();

	await page.goto('/admin/specialists');
	await page
		.getByRole('link', { name: /Dr Lachlan Ross/ })
		.first()
		.click();
	await expect(page.getByText('Linked to lachlan@e2e.test')).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, 'admin-specialist-account-1440');
	await page.getByRole('button', { name: 'Unlink the account' }).click();
	await expect(page.getByText('Account unlinked.')).toBeVisible();
	await page.getByLabel('Account').selectOption({ label: 'Dr Lachlan Ross (lachlan@e2e.test)' });
	await page.getByRole('button', { name: 'Link', exact: true }).click();
	await expect(page.getByText('Account linked')).toBeVisible();
	await expect(page.getByText('Linked to lachlan@e2e.test')).toBeVisible();
});
