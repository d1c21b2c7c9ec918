/**
 * Every admin list is one DataTable: at 390 px no admin page scrolls sideways and a row's actions
 * are on screen and work (cards under 640 px); at 1440 px headers sort (links, aria-sort) and the
 * keyset pager moves through the pages. Each page is checked with axe at both widths.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, expectAccessible, screenshot, signIn } from './fixtures';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/** The admin pages with no id in their path. */
const STATIC_PAGES = [
	'/admin/audit',
	'/admin/book',
	'/admin/exam-types',
	'/admin/invitations',
	'/admin/organizations',
	'/admin/outbox',
	'/admin/reports',
	'/admin/scheduling',
	'/admin/specialists',
	'/admin/users'
];
/** Pages of one thing, reached from their list by the link named. */
const DETAIL_PAGES: { route: string; list: string; link: RegExp }[] = [
	{ route: '/admin/organizations/[id=uuid]', list: '/admin/organizations', link: /Harbour Legal/ },
	{ route: '/admin/specialists/[id=uuid]', list: '/admin/specialists', link: /Sam Specialist/ },
	{ route: '/admin/exam-types/[id=uuid]/enclosures', list: '/admin/exam-types', link: /Enclosure checklist for IME — in person/ }
];
/**
 * Admin pages other parts own or that need data these tests do not make: the dashboard and insights
 * (their own specs), and an appointment made directly in Acuity (the acuity project's journeys).
 */
const ELSEWHERE = ['/admin', '/admin/insights', '/admin/scheduling/incoming/[id=uuid]'];

/** The admin routes as the file system has them: a new admin page fails this spec until it is listed. */
function adminRoutes(): string[] {
	const root = join(process.cwd(), 'src', 'routes', '(app)', 'admin');
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (name === '+page.svelte') found.push(('/admin/' + relative(root, dir).split(sep).join('/')).replace(/\/$/, ''));
		}
	};
	walk(root);
	return found.sort();
}

async function expectNoSidewaysScroll(page: Page) {
	const { scrollWidth, innerWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth
	}));
	expect(scrollWidth, `${page.url()} is ${scrollWidth} px wide`).toBeLessThanOrEqual(innerWidth);
}

/** Fully inside the viewport's width, so it can be seen and pressed without scrolling sideways. */
async function expectOnScreen(page: Page, name: string | RegExp) {
	const button = page.getByRole('button', { name }).first();
	await expect(button).toBeVisible();
	const box = (await button.boundingBox())!;
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
}

/** The text of each row (desktop) of a list. */
const rowTexts = (page: Page, testid: string) => page.getByTestId(testid).locator('tbody tr').allInnerTexts();

test.beforeEach(async ({ page }) => {
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
});

test('every admin page is listed here, or said to be checked elsewhere', () => {
	const listed = [...STATIC_PAGES, ...DETAIL_PAGES.map((d) => d.route), ...ELSEWHERE].sort();
	expect(adminRoutes()).toEqual(listed);
});

test.describe('at 390 px', () => {
	test.use({ viewport: PHONE });

	test('no admin page scrolls sideways, and each passes axe', async ({ page }) => {
		for (const path of STATIC_PAGES) {
			await page.goto(path);
			await expectNoSidewaysScroll(page);
			await expectAccessible(page);
		}
		for (const d of DETAIL_PAGES) {
			await page.goto(d.list);
			await page.getByRole('link', { name: d.link }).first().click();
			await page.waitForURL((url) => url.pathname !== d.list);
			await expectNoSidewaysScroll(page);
			await expectAccessible(page);
		}
	});

	test('lists are cards: the table is not shown and a row’s actions are on screen and work', async ({ page }) => {
		await page.goto('/admin/users?q=lockout%40e2e.test');
		await expect(page.getByTestId('users')).toBeHidden();
		await expect(page.getByTestId('users-cards')).toBeVisible();
		await expectOnScreen(page, 'Deactivate Lou Lockout');
		await expectOnScreen(page, 'Act as Lou Lockout');
		await page.getByRole('button', { name: 'Deactivate Lou Lockout' }).click();
		await expect(page.getByRole('button', { name: 'Reactivate Lou Lockout' })).toBeVisible();
		await expect(page.getByTestId('users-cards')).toContainText('Deactivated');
		await page.getByRole('button', { name: 'Reactivate Lou Lockout' }).click();
		await expect(page.getByRole('button', { name: 'Deactivate Lou Lockout' })).toBeVisible();
		await expectNoSidewaysScroll(page);

		// Every user's Deactivate is on screen, not only a searched one's.
		await page.goto('/admin/users');
		await expectOnScreen(page, /^Deactivate /);
		await screenshot(page, 'admin-lists-users-390');

		await page.goto('/admin/invitations');
		await expectNoSidewaysScroll(page);
		const resend = page.getByTestId('invitations-cards').getByRole('button', { name: /^Send the invitation of/ });
		if (await resend.count()) await expectOnScreen(page, /^Send the invitation of/);

		await page.goto('/admin/organizations');
		await expect(page.getByTestId('organizations-cards').getByRole('link', { name: 'Harbour Legal' })).toBeVisible();
		await screenshot(page, 'admin-lists-organizations-390');
		await page.goto('/admin/specialists');
		await expect(page.getByTestId('specialists-cards').getByRole('link', { name: /Sam Specialist/ })).toBeVisible();
		await screenshot(page, 'admin-lists-specialists-390');
	});

	test('a list can be sorted from its cards too', async ({ page }) => {
		await page.goto('/admin/users');
		const sort = page.getByRole('navigation', { name: 'Sort' });
		await sort.getByRole('link', { name: 'Since' }).click();
		await expect(page).toHaveURL(/sort=createdAt&dir=desc/);
		await expect(sort.getByRole('link', { name: 'Since' })).toHaveAttribute('aria-current', 'true');
	});
});

test.describe('at 1440 px', () => {
	test.use({ viewport: DESKTOP });

	test('sorting by a header reverses the order and says so; a new order starts at the first page', async ({ page }) => {
		await page.goto('/admin/users');
		const header = page.getByRole('columnheader', { name: 'Person' });
		await expect(header).toHaveAttribute('aria-sort', 'ascending');
		const aToZ = await rowTexts(page, 'users');
		await header.getByRole('link').click();
		await expect(page).toHaveURL(/sort=name&dir=desc/);
		await expect(page.getByRole('columnheader', { name: 'Person' })).toHaveAttribute('aria-sort', 'descending');
		const zToA = await rowTexts(page, 'users');
		expect(zToA[0]).not.toEqual(aToZ[0]);
		await expectAccessible(page);

		await page.getByRole('columnheader', { name: 'Since' }).getByRole('link').click();
		await expect(page).toHaveURL(/sort=createdAt&dir=desc/);
		await expect(page.getByRole('columnheader', { name: 'Since' })).toHaveAttribute('aria-sort', 'descending');
		await expect(page.getByRole('columnheader', { name: 'Person' })).not.toHaveAttribute('aria-sort', /./);

		await page.goto('/admin/organizations');
		const first = (await rowTexts(page, 'organizations'))[0];
		await page.getByRole('columnheader', { name: 'Name' }).getByRole('link').click();
		await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
		expect((await rowTexts(page, 'organizations'))[0]).not.toEqual(first);
		await screenshot(page, 'admin-lists-organizations-1440');
	});

	test('the pager moves through users, organisations, invitations and the outbox a page at a time', async ({ page }) => {
		// Three invitations (and their emails), so both lists have more than a page.
		for (const n of [1, 2, 3]) {
			await page.goto('/admin/invitations');
			await page.getByLabel('Name').fill(`Paige Pager ${n}`);
			await page.getByLabel('Email').fill(`pager-${n}@e2e.test`);
			await page.getByLabel('Kind of account').selectOption('admin');
			await page.getByRole('button', { name: 'Send invitation' }).click();
			await expect(page.getByText(`Invitation sent to pager-${n}@e2e.test`)).toBeVisible();
		}
		for (const [path, testid] of [
			['/admin/users?size=2', 'users'],
			['/admin/organizations?size=1', 'organizations'],
			['/admin/invitations?size=1', 'invitations'],
			['/admin/outbox?size=2', 'outbox']
		] as const) {
			await page.goto(path);
			const pager = page.getByRole('navigation', { name: 'Pages' });
			await expect(pager.getByRole('link', { name: 'First page' })).toHaveCount(0);
			const one = await rowTexts(page, testid);
			await pager.getByRole('link', { name: 'Next page' }).click();
			await expect(page).toHaveURL(/cursor=/);
			const two = await rowTexts(page, testid);
			expect(two.length, path).toBeGreaterThan(0);
			expect(
				two.filter((r) => one.includes(r)),
				`${path}: page 2 repeats page 1`
			).toEqual([]);
			await expectAccessible(page);
			await pager.getByRole('link', { name: 'First page' }).click();
			await expect(page).not.toHaveURL(/cursor=/);
			expect(await rowTexts(page, testid)).toEqual(one);
		}
	});

	test('a page link that was tampered with is refused plainly', async ({ page }) => {
		const res = await page.goto('/admin/users?cursor=not-a-cursor');
		expect(res?.status()).toBe(400);
		await expect(page.getByText('This page link is out of date. Please start again from the first page.')).toBeVisible();
	});

	test('the users, specialists and organisations lists at full width', async ({ page }) => {
		await page.goto('/admin/users');
		await expect(page.getByTestId('users-cards')).toBeHidden();
		await expect(
			page
				.getByTestId('users')
				.getByRole('button', { name: /^Deactivate / })
				.first()
		).toBeVisible();
		await expectNoSidewaysScroll(page);
		await screenshot(page, 'admin-lists-users-1440');
		await page.goto('/admin/specialists');
		await expectNoSidewaysScroll(page);
		await screenshot(page, 'admin-lists-specialists-1440');
	});
});
