/**
 * /organisation: an owner invites someone (accepted through the local outbox), changes their team,
 * deactivates them (their open session ends at once) and reactivates them; a manager is refused
 * the owner role and platform roles even by a crafted form; team leads get nothing. At 1440 px
 * (a table) and 390 px (cards), nothing overflowing, axe clean.
 */
import type { Browser, Page } from '@playwright/test';
import { expect, test, bookDrSam, expectAccessible, screenshot, signIn, visit } from './fixtures';

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function expectNoOverflow(page: Page) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
}

/** The link of the newest invitation to `to`, read by an admin in a wide browser of their own (the outbox's table). */
async function invitationLink(browser: Browser, to: string): Promise<string> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const admin = await context.newPage();
	await signIn(admin, 'admin@demo.test');
	await admin.waitForURL('**/admin');
	await admin.goto('/admin/outbox');
	const message = admin.getByTestId('outbox-message').filter({ hasText: to, visible: true }).first();
	const href = await message.getByRole('link').getAttribute('href');
	await context.close();
	expect(href).toBeTruthy();
	return new URL(href!).pathname;
}

/** Adds a field to the invitation form that the page never offers, as a crafted request would. */
async function craft(page: Page, name: string, value: string) {
	await page.getByTestId('invite').evaluate(
		(form, [n, v]) => {
			const input = document.createElement('input');
			input.type = 'hidden';
			input.name = n!;
			input.value = v!;
			form.appendChild(input);
		},
		[name, value]
	);
}

for (const width of [1440, 390]) {
	test.describe(`at ${width} px`, () => {
		test.use({ viewport: { width, height: width === 390 ? 844 : 900 } });

		test('an owner invites a member, then deactivates them: their open session ends at once', async ({ page, browser }) => {
			const id = unique();
			const email = `org-${id}@e2e.test`;
			const name = `Nell Newcomer ${id}`;
			await signIn(page, 'owner@demo.test');
			await page.waitForURL('**/bookings');
			await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisation' })).toHaveCount(1);
			await visit(page, '/organisation');
			await expect(page.getByRole('heading', { level: 1, name: 'Harbour Legal' })).toBeVisible();

			const invite = page.getByTestId('invite');
			await invite.getByLabel('Name').fill(name);
			await invite.getByLabel('Email').fill(email);
			await invite.getByLabel('Team (optional)').selectOption({ label: 'Workers compensation' });
			await invite.getByRole('button', { name: 'Send invitation' }).click();
			await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
			await expect(page.getByTestId('invitations')).toContainText(email);
			await expectNoOverflow(page);
			await expectAccessible(page);
			await screenshot(page, `organisation-owner-${width}`);

			// The invitee accepts through the emailed link, and signs in.
			const link = await invitationLink(browser, email);
			const context = await browser.newContext();
			const invitee = await context.newPage();
			await invitee.goto(link);
			await invitee.getByLabel('Password', { exact: true }).fill('nell-chooses-a-password');
			await invitee.getByLabel('Repeat the password').fill('nell-chooses-a-password');
			await invitee.getByRole('button', { name: 'Create my account' }).click();
			await invitee.waitForURL('**/sign-in?welcome');
			await signIn(invitee, email, 'nell-chooses-a-password');
			await invitee.waitForURL('**/bookings');
			expect((await invitee.request.get('/api/bookings/export.csv')).status()).toBe(200);

			// The owner moves them to another team.
			await page.reload();
			await page.getByRole('link', { name: `Change roles and team of ${name}` }).click();
			await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Motor accidents' });
			await expectAccessible(page);
			await screenshot(page, `organisation-edit-${width}`);
			await page.getByRole('button', { name: 'Save changes' }).click();
			await expect(page.getByText('Member updated.')).toBeVisible();
			await expect(page.getByTestId('member').filter({ hasText: name, visible: true })).toContainText('Motor accidents');

			// Deactivating ends the invitee's open session on their very next request.
			await page.getByRole('button', { name: `Deactivate ${name}` }).click();
			await expect(page.getByText(`${name} is deactivated and signed out everywhere.`)).toBeVisible();
			await expect(page.getByTestId('member').filter({ hasText: name, visible: true })).toContainText('Deactivated');
			expect((await invitee.request.get('/api/bookings/export.csv')).status()).toBe(401);
			await invitee.reload();
			await expect(invitee).toHaveURL(/\/sign-in/);
			await expectNoOverflow(page);
			await expectAccessible(page);
			await screenshot(page, `organisation-deactivated-${width}`);

			await page.getByRole('button', { name: `Reactivate ${name}` }).click();
			await expect(page.getByText(`${name} can sign in again.`)).toBeVisible();
			await signIn(invitee, email, 'nell-chooses-a-password');
			await invitee.waitForURL('**/bookings');
			await context.close();

			// Nobody deactivates themselves; the page offers no such button.
			await expect(page.getByRole('button', { name: 'Deactivate Olivia Owner' })).toHaveCount(0);
		});

		test('a manager is refused the owner role and platform roles, even by a crafted form', async ({ page }) => {
			await signIn(page, 'manager@demo.test');
			await page.waitForURL('**/bookings');
			await visit(page, '/organisation');
			const invite = page.getByTestId('invite');
			await expect(invite.getByLabel('Owner')).toHaveCount(0);
			// The owner's row offers a manager nothing.
			await expect(page.getByRole('link', { name: 'Change roles and team of Olivia Owner' })).toHaveCount(0);
			await expect(page.getByRole('button', { name: 'Deactivate Olivia Owner' })).toHaveCount(0);

			await invite.getByLabel('Name').fill('Bo Boss');
			await invite.getByLabel('Email').fill(`boss-${unique()}@e2e.test`);
			await craft(page, 'orgRoles', 'owner');
			await invite.getByRole('button', { name: 'Send invitation' }).click();
			await expect(page.getByText('Only an owner can invite an owner.').first()).toBeVisible();

			for (const role of ['admin', 'specialist']) {
				await page.reload();
				await page.getByTestId('invite').getByLabel('Name').fill('Sam Sneaky');
				await page.getByTestId('invite').getByLabel('Email').fill(`sneaky-${unique()}@e2e.test`);
				await craft(page, 'platformRole', role);
				await page.getByTestId('invite').getByRole('button', { name: 'Send invitation' }).click();
				await expect(page.getByText('Organisations invite people with organisation roles only.', { exact: false })).toBeVisible();
			}
			await expect(page.getByText('Sam Sneaky')).toHaveCount(0);
			await expectNoOverflow(page);
			await expectAccessible(page);
			await screenshot(page, `organisation-manager-${width}`);
		});
	});
}

test('an owner’s bookings list says who booked each booking and its team, and filters by team', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'owner@demo.test');
	await page.waitForURL('**/bookings');
	await bookDrSam(page, { nth: 9, time: 'first', family: 'Organisationson' });
	await page.goto('/bookings?status=all');
	const table = page.getByTestId('bookings-table');
	await expect(table.getByRole('columnheader', { name: 'Booked by' })).toBeVisible();
	await expect(table.getByRole('columnheader', { name: 'Team' })).toBeVisible();
	await expect(table.getByTestId('booked-by').filter({ hasText: 'Olivia Owner' }).first()).toBeVisible();
	await page.getByLabel('Team').selectOption({ label: 'Motor accidents' });
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(/team=/);
	await expect(page.getByLabel('Team')).toHaveValue(/[0-9a-f-]{36}/);
	await expectAccessible(page);
	await screenshot(page, 'organisation-bookings-1440');

	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/bookings?status=all');
	await expectNoOverflow(page);
	await expect(page.getByTestId('bookings-cards')).toContainText('Booked by');
	await screenshot(page, 'organisation-bookings-390');
});

test('team leads have no Organisation link and are refused the page', async ({ page }) => {
	await signIn(page, 'teamlead@demo.test');
	await page.waitForURL('**/bookings');
	await expect(page.getByRole('link', { name: 'Organisation' })).toHaveCount(0);
	const response = await page.goto('/organisation');
	expect(response?.status()).toBe(403);
});
