/**
 * The admin's navigation in groups: a sidebar at 1440 px, a Menu in a one-row header at 390 px
 * (a <details>, so it opens without JavaScript too). Every admin page that had a link keeps one.
 */
import type { Page } from '@playwright/test';
import { expect, test, expectAccessible, screenshot, signIn } from './fixtures';

const GROUPS: { heading: string; links: [string, string][] }[] = [
	{
		heading: 'Bookings',
		links: [
			['Dashboard', '/admin'],
			['Bookings', '/bookings'],
			['Cases', '/cases'],
			['Book for a referrer', '/admin/book'],
			['Reports', '/admin/reports'],
			['Insights', '/admin/insights']
		]
	},
	{
		heading: 'People',
		links: [
			['Users', '/admin/users'],
			['Organisations', '/admin/organizations'],
			['Invitations', '/admin/invitations'],
			['Specialists', '/admin/specialists']
		]
	},
	{
		heading: 'Scheduling',
		links: [
			['Scheduling', '/admin/scheduling'],
			['Exam types', '/admin/exam-types']
		]
	},
	{
		heading: 'System',
		links: [
			['Outbox', '/admin/outbox'],
			['Audit trail', '/admin/audit']
		]
	}
];

const adminNav = (page: Page) => page.getByRole('navigation', { name: 'Admin' });

/** Every group is a list named by its heading, holding exactly its links, in order. */
async function expectEveryGroup(page: Page) {
	const nav = adminNav(page);
	await expect(nav.locator('p')).toHaveText(GROUPS.map((g) => g.heading));
	for (const group of GROUPS) {
		const links = nav.getByRole('list', { name: group.heading, exact: true }).getByRole('link');
		await expect(links).toHaveText(group.links.map(([label]) => label));
		for (const [i, [, href]] of group.links.entries()) await expect(links.nth(i)).toHaveAttribute('href', href);
	}
	await expect(nav.getByRole('link')).toHaveCount(GROUPS.flatMap((g) => g.links).length);
}

async function expectOneRowHeader(page: Page) {
	const box = await page.getByRole('banner').boundingBox();
	expect(box!.height).toBeLessThanOrEqual(64);
}

const current = (page: Page) => adminNav(page).locator('[aria-current="page"]');

test('at 1440 px the sidebar shows every group and link, and marks the current page', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');

	await expect(adminNav(page)).toHaveCount(1);
	await expectEveryGroup(page);
	await expect(current(page)).toHaveText('Dashboard');
	await expect(page.locator('summary', { hasText: 'Menu' })).toBeHidden();
	await expectOneRowHeader(page);
	await expectAccessible(page);
	await screenshot(page, 'admin-navigation-1440');

	await adminNav(page).getByRole('link', { name: 'Exam types' }).click();
	await page.waitForURL('**/admin/exam-types');
	await expect(current(page)).toHaveText('Exam types');
	await expect(current(page)).toHaveCount(1);
	await expectOneRowHeader(page);

	// A page below a linked one marks its parent.
	await adminNav(page).getByRole('link', { name: 'Organisations' }).click();
	await page.waitForURL('**/admin/organizations');
	await expect(current(page)).toHaveText('Organisations');
});

test('at 390 px the Menu opens the same grouped list, a link navigates, and the page does not scroll sideways', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');

	await expectOneRowHeader(page);
	// The account's name still fits beside the Menu and Sign out.
	const account = page.getByRole('banner').getByRole('link', { name: /Alex Admin/ });
	await expect(account).toBeVisible();
	expect(await account.evaluate((a) => a.scrollWidth <= a.clientWidth)).toBe(true);
	await expect(adminNav(page)).toHaveCount(0);
	const menu = page.locator('summary', { hasText: 'Menu' });
	await menu.click();
	await expect(adminNav(page)).toBeVisible();
	await expectEveryGroup(page);
	await expect(current(page)).toHaveText('Dashboard');
	await expectAccessible(page);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await screenshot(page, 'admin-navigation-390');

	// Escape closes it and gives the focus back to the Menu.
	await adminNav(page).getByRole('link', { name: 'Users' }).focus();
	await page.keyboard.press('Escape');
	await expect(adminNav(page)).toBeHidden();
	await expect(menu).toBeFocused();

	await page.keyboard.press('Enter');
	await expect(adminNav(page)).toBeVisible();
	await adminNav(page).getByRole('link', { name: 'Invitations' }).click();
	await page.waitForURL('**/admin/invitations');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	// Navigating closes it.
	await expect(adminNav(page)).toBeHidden();
	await expectOneRowHeader(page);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await menu.click();
	await expect(current(page)).toHaveText('Invitations');
	await expectAccessible(page);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });

	test('the Menu still opens and its links work', async ({ page }) => {
		await signIn(page, 'admin@demo.test');
		await page.waitForURL('**/admin');
		await page.locator('summary', { hasText: 'Menu' }).click();
		await adminNav(page).getByRole('link', { name: 'Outbox' }).click();
		await page.waitForURL('**/admin/outbox');
		await expect(adminNav(page)).toBeHidden();
	});
});

test('referrers keep their short navigation, with no admin menu', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Bookings', 'Cases', 'New booking']);
	await expect(adminNav(page)).toHaveCount(0);
	await expect(page.locator('summary', { hasText: 'Menu' })).toHaveCount(0);
});
