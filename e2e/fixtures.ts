import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { PASSWORD } from './accounts';

/** Whether the page is one of the app's, started by SvelteKit (its inline script sets a `__sveltekit_…` global). */
export const isAppPage = (page: Page) => page.evaluate(() => Object.keys(window).some((k) => k.startsWith('__sveltekit_')));

/** Waits until a page the app served whole has hydrated (the root layout marks <html>); other pages pass at once. */
export async function hydrated(page: Page) {
	if (await isAppPage(page)) await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** From now on, `page.goto` and `page.reload` on this page return once an app page has hydrated. */
function waitingForHydration(page: Page): Page {
	const goto = page.goto.bind(page);
	const reload = page.reload.bind(page);
	page.goto = async (url, options) => {
		const response = await goto(url, options);
		await hydrated(page);
		return response;
	};
	page.reload = async (options) => {
		const response = await reload(options);
		await hydrated(page);
		return response;
	};
	return page;
}

const WRAPPED = Symbol('pages wait for hydration');

/**
 * Playwright's `test`, whose `page.goto` and `page.reload` return once the page has hydrated when
 * JavaScript runs: a field filled before hydration can be reset by it on a busy machine. The same
 * holds for pages of contexts a test opens itself (`browser.newContext()`, then `newPage()`).
 */
export const test = base.extend<object, { browser: Browser }>({
	page: async ({ page, javaScriptEnabled }, use) => {
		await use(javaScriptEnabled === false ? page : waitingForHydration(page));
	},
	browser: [
		async ({ browser }, use) => {
			const flagged = browser as Browser & { [WRAPPED]?: true };
			if (!flagged[WRAPPED]) {
				flagged[WRAPPED] = true;
				const newContext = browser.newContext.bind(browser);
				browser.newContext = async (options) => {
					const context = await newContext(options);
					if (options?.javaScriptEnabled !== false) {
						const newPage = context.newPage.bind(context);
						context.newPage = async () => waitingForHydration(await newPage());
					}
					return context;
				};
			}
			await use(browser);
		},
		{ scope: 'worker' }
	]
});
export { expect };

/**
 * Fails the test on any WCAG 2.1 A/AA violation axe finds on the current page.
 * Legacy mode runs axe in the page itself: the default opens a blank page to merge per-frame results,
 * which our pages (no iframes) do not need and which cost more than the check. Only violations
 * carry their nodes back; the same rules run. Together about half of each check's time.
 */
export async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page })
		.setLegacyMode(true)
		.options({ resultTypes: ['violations'] })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Go to a page and check it with axe. */
export async function visit(page: Page, path: string) {
	await page.goto(path);
	await expectAccessible(page);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
	await page.goto('/sign-in');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The link of the newest outbox message to `to`, read by an admin in a separate browser context. */
export async function outboxLink(browser: Browser, to: string, subject: RegExp): Promise<string> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	await visit(page, '/admin/outbox');
	const message = page.getByTestId('outbox-message').filter({ hasText: to, visible: true }).filter({ hasText: subject }).first();
	const href = await message.getByRole('link').getAttribute('href');
	await context.close();
	expect(href).toBeTruthy();
	return new URL(href!).pathname + new URL(href!).search;
}

export async function screenshot(page: Page, name: string) {
	await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** Examinee details that must never appear in a URL, browser storage or a log. */
export const CANARY = { given: 'Quentin', family: 'Zyxwarble', dob: '1971-02-03' };

export async function chooseFirstTime(page: Page, type: RegExp) {
	await page.goto('/bookings/new');
	await page.getByRole('link', { name: type }).click();
	await page.getByLabel('State').selectOption('NSW');
	await page.getByRole('button', { name: 'Filter' }).click();
	await page.getByRole('link', { name: 'Choose Dr Sam Specialist' }).click();
	await page.getByTestId('times').getByRole('button').first().click();
	await page.waitForURL(/\/bookings\/new\/d\/[0-9a-f-]+\/examinee$/);
}

/**
 * Confirm on the review step. The first free time is always inside the free-cancellation period
 * (two business days), so the referrer must accept the late-cancellation fee first.
 */
export async function confirmBooking(page: Page) {
	const confirm = page.getByRole('button', { name: 'Confirm booking' });
	await confirm.waitFor();
	const accept = page.getByLabel(/I accept the late-cancellation fee/);
	if (await accept.isVisible()) {
		await accept.check();
		await expect(accept).toBeChecked();
	}
	await confirm.click();
}

/** After Confirm: the confirmation page, then the booking's own page through its link. */
export async function openBookingAfterConfirm(page: Page) {
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\/confirmed$/);
	await page.getByRole('link', { name: 'Open the booking' }).click();
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/);
}

/** "03/02/1971" from "1971-02-03": a date as people type it here. */
export const typed = (iso: string) => iso.split('-').reverse().join('/');

/**
 * Types a date into a DateField the en-AU way (`dd/mm/yyyy`), once it is hydrated into day, month
 * and year segments, and waits until the field holds it (its hidden ISO value).
 */
export async function fillDate(page: Page, label: string, ddmmyyyy: string) {
	const field = page.getByRole('group', { name: label, exact: true });
	await field.getByRole('spinbutton').first().click();
	await page.keyboard.type(ddmmyyyy.replace(/\D/g, ''));
	const iso = ddmmyyyy.split('/').reverse().join('-');
	await expect(field.locator('xpath=following-sibling::input[@type="hidden"][1]')).toHaveValue(iso);
}

export async function fillExaminee(page: Page, family = CANARY.family) {
	await page.getByLabel('Given names').fill(CANARY.given);
	await page.getByLabel('Family name').fill(family);
	await fillDate(page, 'Date of birth', typed(CANARY.dob));
	await page.getByLabel('Phone').fill('0412 345 678');
	await page.getByLabel('Address').fill('12 Harbour Street, Sydney NSW 2000');
	await page.getByLabel('Body parts or conditions to be assessed').fill('Lower back and left knee');
	await page
		.getByRole('group', { name: /attended an IME/ })
		.getByLabel('No')
		.check();
	await page.getByLabel('Claim type').selectOption('Workers compensation');
}

/**
 * The JavaScript a page loads up front: every chunk the server's HTML preloads (the entry, the
 * layouts' and the page's own), fetched again so the browser cache cannot hide one.
 */
export async function pageScripts(page: Page): Promise<string> {
	const hrefs = await page.$$eval('link[rel="modulepreload"]', (links) => links.map((l) => (l as HTMLLinkElement).href));
	expect(hrefs.length, 'the page preloads its chunks').toBeGreaterThan(0);
	const bodies = await Promise.all(hrefs.map(async (href) => (await page.request.get(href)).text()));
	return bodies.join('\n');
}

/** Whether those scripts carry zod (its error class name survives minification). */
export const shipsZod = async (page: Page) => /\bZodError\b/.test(await pageScripts(page));

const BOOKED_PAGE = /\/bookings\/([0-9a-f-]{36})(\/confirmed|\?created)?$/;

/**
 * Books Dr Sam Specialist (IME in person) through the wizard on the `nth` free day the time step
 * shows, taking that day's first or last time, for an examinee of family name `family`; answers
 * the booking's id. Specs pick a later `nth` than the first days other journeys take.
 */
export async function bookDrSam(page: Page, options: { nth: number; time: 'first' | 'last'; family: string }): Promise<string> {
	await page.goto('/bookings/new');
	await page.getByRole('link', { name: /IME — in person/ }).click();
	await page.getByRole('link', { name: 'Choose Dr Sam Specialist' }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	const days = page.getByRole('link', { name: /, times available$/ });
	await expect(days.first()).toBeVisible();
	const count = await days.count();
	await page.goto((await days.nth(Math.min(options.nth, count - 1)).getAttribute('href'))!);
	const times = page.getByTestId('times').getByRole('button');
	await (options.time === 'first' ? times.first() : times.last()).click();
	await page.waitForURL(/\/examinee$/);
	await fillExaminee(page, options.family);
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await page.waitForURL(/\/review$/);
	await confirmBooking(page);
	await page.waitForURL(BOOKED_PAGE);
	return BOOKED_PAGE.exec(new URL(page.url()).pathname + new URL(page.url()).search)![1]!;
}
