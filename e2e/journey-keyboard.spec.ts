/**
 * The wizard by keyboard and on a phone (issue #15, items 8, 10 and 12):
 *  - Rachel Referrer books Dr Priya Natarajan (a later day than the first, its second time) with the
 *    keyboard alone, from the wizard's first page to Confirm, in under 60 Tab and Enter presses; the
 *    calendar and the times are grids (one Tab stop each, arrow keys inside);
 *  - what is typed on the examinee step is saved as it is typed, and a reload keeps it (never in
 *    browser storage or a URL);
 *  - on a phone the held time and its countdown stay in view at the top while the form scrolls, and
 *    open to the full summary; the countdown speaks at two minutes and at the end, not every second.
 * Kai Keyboard (e2e/accounts.ts) holds times without confirming them, so no demo referrer reaches
 * the limit of times held at once.
 */
import type { Page } from '@playwright/test';
import { expect, test, CANARY, expectAccessible, screenshot, signIn } from './fixtures';
import { KeyboardUser, bookByKeyboard } from './keyboard-journey';

const KAI = 'keyboard@e2e.test';

/** Every URL the browser asks for, to show no examinee detail is ever in one. */
function recordUrls(page: Page) {
	const urls: string[] = [];
	page.on('request', (r) => urls.push(r.url()));
	return urls;
}

async function expectNothingInBrowser(page: Page, urls: string[], ...secrets: string[]) {
	const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
	const cookies = JSON.stringify(await page.context().cookies());
	for (const secret of secrets) {
		for (const u of urls) expect(u).not.toContain(secret);
		expect(storage).not.toContain(secret);
		expect(cookies).not.toContain(secret);
	}
}

/** The focused element's attribute `name`. */
const focused = (page: Page, name: string) => page.evaluate((n) => document.activeElement?.getAttribute(n) ?? null, name);

/** With the mouse: Dr Priya Natarajan's `nth` free day (or the last one shown), its last time; lands on the examinee step. */
async function holdPriyaTime(page: Page, exam: RegExp, nth: number) {
	await page.goto('/bookings/new');
	await page.getByRole('link', { name: exam }).click();
	await page.getByRole('link', { name: 'Choose Dr Priya Natarajan' }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	const days = page.getByRole('link', { name: /, times available$/ });
	await expect(days.first()).toBeVisible();
	await days.nth(Math.min(nth, (await days.count()) - 1)).click();
	await page.waitForURL(/[?&]date=/);
	// A picked day moves focus to its first time.
	await expect(page.getByTestId('times').getByRole('button').first()).toBeFocused();
	await page.getByTestId('times').getByRole('button').last().click();
	await page.waitForURL(/\/examinee$/);
}

test.describe('on a desktop', () => {
	test.use({ viewport: { width: 1440, height: 900 } });

	test('Rachel books Dr Priya Natarajan with the keyboard alone, in under 60 Tab and Enter presses', async ({ page }) => {
		test.setTimeout(120_000);
		const urls = recordUrls(page);
		await signIn(page, 'referrer@demo.test');
		await page.waitForURL('**/bookings');
		const u = new KeyboardUser(page);
		await page.goto('/bookings/new');
		await page.waitForLoadState('networkidle');

		const booking = await bookByKeyboard(u, {
			exam: /IME — in person/,
			specialist: 'Dr Priya Natarajan',
			later: true,
			examinee: {
				given: CANARY.given,
				family: 'Keyboardson',
				dobDigits: '03021971',
				phone: '0412 345 678',
				address: '12 Harbour Street, Sydney NSW 2000',
				bodyParts: 'Lower back'
			},
			inCalendar: async () => {
				// One Tab stop: the shown day, selected; every other day is reached with the arrows.
				const grid = page.getByRole('grid', { name: /\d{4}$/ });
				const start = (await focused(page, 'data-day'))!;
				expect(await focused(page, 'aria-label')).toMatch(/^[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+, times available$/);
				await expect(grid.locator('a[tabindex="0"]')).toHaveCount(1);
				await expect(grid.getByRole('gridcell', { selected: true })).toHaveCount(1);
				const free = await grid.locator('a[data-day]').evaluateAll((links) => links.map((a) => a.getAttribute('data-day')!));
				await page.keyboard.press('ArrowRight');
				expect(await focused(page, 'data-day')).toBe(free[free.indexOf(start) + 1] ?? start);
				await page.keyboard.press('ArrowLeft');
				expect(await focused(page, 'data-day')).toBe(start);
				await page.keyboard.press('Control+End');
				expect(await focused(page, 'data-day')).toBe(free.at(-1));
				await page.keyboard.press('Control+Home');
				expect(await focused(page, 'data-day')).toBe(free[0]);
				await expectAccessible(page);
				await screenshot(page, 'keyboard-slot-1440');
			},
			inTimes: async () => {
				// The picked day's first time has focus; four times to a row here.
				expect(await focused(page, 'data-index')).toBe('0');
				const count = await page.getByTestId('times').getByRole('button').count();
				await page.keyboard.press('ArrowDown');
				expect(await focused(page, 'data-index')).toBe(count > 4 ? '4' : '0');
				await page.keyboard.press('Home');
				expect(await focused(page, 'data-index')).toBe(count > 4 ? '4' : '0');
				await page.keyboard.press('Control+Home');
				expect(await focused(page, 'data-index')).toBe('0');
				await expect(page.getByTestId('times').getByRole('row').first().getByRole('gridcell')).toHaveCount(Math.min(count, 4));
			}
		});

		expect(booking).toMatch(/\/bookings\/[0-9a-f-]{36}/);
		const { tab, enter } = u.keys;
		test.info().annotations.push({ type: 'keystrokes', description: JSON.stringify({ ...u.keys, pages: u.pages.length }) });
		expect(tab + enter, `${tab} Tab + ${enter} Enter`).toBeLessThan(60);
		await expectNothingInBrowser(page, urls, 'Keyboardson', CANARY.given);
	});

	test('what is typed on the examinee step is saved as it is typed, and a reload keeps it', async ({ page }) => {
		const urls = recordUrls(page);
		await signIn(page, KAI);
		await page.waitForURL('**/bookings');
		await holdPriyaTime(page, /IME — in person/, 3);
		const status = page.getByTestId('save-status').getByRole('status');

		await page.getByLabel('Given names').click();
		await page.keyboard.type(CANARY.given);
		await page.getByLabel('Family name').click();
		await page.keyboard.type(CANARY.family);
		// Not a phone number: kept exactly as typed all the same.
		await page.getByLabel('Phone').click();
		await page.keyboard.type('call my lawyer');
		await page.getByLabel('Body parts or conditions to be assessed').click();
		await page.keyboard.type('Left knee');
		await page.getByLabel('Claim type').selectOption('Motor accident');
		await expect(status).toHaveText('Saved');

		// The aside stays at the top of the screen while the form scrolls.
		await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
		const aside = page.getByRole('complementary', { name: 'Your booking' });
		await expect(aside).toBeInViewport();
		expect((await aside.boundingBox())!.y).toBeGreaterThanOrEqual(0);
		await page.screenshot({ path: 'test-results/screenshots/keyboard-examinee-scrolled-1440.png' });
		await expect(page.getByTestId('hold-bar')).toBeHidden();

		await page.reload();
		await expect(page.getByLabel('Given names')).toHaveValue(CANARY.given);
		await expect(page.getByLabel('Family name')).toHaveValue(CANARY.family);
		await expect(page.getByLabel('Phone')).toHaveValue('call my lawyer');
		await expect(page.getByLabel('Body parts or conditions to be assessed')).toHaveValue('Left knee');
		await expect(page.getByLabel('Claim type')).toHaveValue('Motor accident');
		// Nothing was saved since the reload: nothing to say.
		await expect(status).toHaveText('');
		await expectAccessible(page);
		await expectNothingInBrowser(page, urls, CANARY.family, CANARY.given, 'call my lawyer');
	});
});

test('without JavaScript the time step is plain links and buttons, and the zone applies with Update', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	await signIn(page, KAI);
	await page.waitForURL('**/bookings');
	await page.goto('/bookings/new');
	await page.getByRole('link', { name: /IME — in person/ }).click();
	await page.getByRole('link', { name: 'Choose Dr Priya Natarajan' }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	// Every day and time in the Tab order, as plain links and buttons.
	await expect(page.locator('[data-testid=times] [tabindex], a[data-day][tabindex]')).toHaveCount(0);
	const days = page.getByRole('link', { name: /, times available$/ });
	const second = (await days.nth(1).getAttribute('data-day'))!;
	await days.nth(1).click();
	await page.waitForURL(new RegExp(`date=${second}`));
	await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^[A-Z][a-z]+day ${Number(second.slice(8))} `) })).toBeVisible();
	// A time is a submit button of the form that holds it.
	await expect(page.locator('form[method="POST"] [data-testid=times] button[name=startsAt]').first()).toBeVisible();
	await page.getByLabel('Show times in').selectOption('Australia/Perth');
	await page.getByRole('button', { name: 'Update' }).click();
	await page.waitForURL(/tz=Australia%2FPerth/);
	await expect(page.getByTestId('times').getByRole('button').first()).toContainText('Adelaide');
	await context.close();
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('the grids by keyboard; the held time stays in view while the form scrolls, its countdown speaks twice', async ({ page }) => {
		test.setTimeout(120_000);
		await signIn(page, KAI);
		await page.waitForURL('**/bookings');
		await page.goto('/bookings/new');
		await page.getByRole('link', { name: /IME — telehealth/ }).click();
		await page.getByRole('link', { name: 'Choose Dr Priya Natarajan' }).click();
		await page.waitForURL(/\/bookings\/new\/slot\?/);
		const times = page.getByTestId('times').getByRole('button');
		await expect(times.first()).toBeVisible();
		await expectAccessible(page);
		await screenshot(page, 'keyboard-slot-390');
		// Three times to a row on a phone; one Tab stop into the times.
		await expect(page.getByTestId('times').locator('button[tabindex="0"]')).toHaveCount(1);
		await times.first().focus();
		await page.keyboard.press('ArrowRight');
		await expect(times.nth(1)).toBeFocused();
		if ((await times.count()) > 4) {
			await page.keyboard.press('ArrowDown');
			await expect(times.nth(4)).toBeFocused();
		}
		await page.keyboard.press('End');
		await page.keyboard.press('Control+End');
		await expect(times.last()).toBeFocused();
		// PageDown turns the month, focus staying in the calendar (on its first free day, or the month link).
		const month = await page.locator('#month-heading').textContent();
		await page
			.getByRole('grid', { name: /\d{4}$/ })
			.locator('a[tabindex="0"]')
			.focus();
		await page.keyboard.press('PageDown');
		await expect(page.locator('#month-heading')).not.toHaveText(month!);
		expect((await focused(page, 'data-day')) ?? (await focused(page, 'aria-label'))).toMatch(/^\d{4}-\d{2}-\d{2}$|^Next month$/);
		// Back: PageUp from the new month's day, or the month link when that month has none.
		if (await focused(page, 'data-day')) await page.keyboard.press('PageUp');
		else await page.getByRole('link', { name: 'Previous month' }).click();
		await expect(page.locator('#month-heading')).toHaveText(month!);

		await holdPriyaTime(page, /IME — telehealth/, 5);
		const bar = page.getByTestId('hold-bar');
		await expect(bar).toBeVisible();
		await expect(bar).toContainText('Dr Priya Natarajan');
		await expect(bar.getByRole('timer')).toHaveText(/Held for \d{1,2}:\d{2}/);
		await expect(page.getByRole('complementary', { name: 'Your booking' })).toBeHidden();
		await page.getByLabel('Given names').fill(CANARY.given);
		await page.getByLabel('Family name').fill(CANARY.family);

		// Scrolled to the foot of the form: the bar is still at the top of the screen.
		await page.getByRole('button', { name: 'Review the booking' }).scrollIntoViewIfNeeded();
		expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
		await expect(bar).toBeInViewport();
		expect(Math.round((await bar.boundingBox())!.y)).toBe(0);
		await expect(bar).not.toContainText(CANARY.given);
		await expect(bar).not.toContainText(CANARY.family);
		await page.screenshot({ path: 'test-results/screenshots/keyboard-examinee-scrolled-390.png' });

		// It opens to the full summary.
		await bar.getByText('Show booking').click();
		await expect(bar.getByText('Examination', { exact: true })).toBeVisible();
		await expect(bar.getByText('IME — telehealth')).toBeVisible();
		await expect(bar.getByText('Hide booking')).toBeVisible();
		await expectAccessible(page);
		await page.screenshot({ path: 'test-results/screenshots/keyboard-examinee-summary-390.png' });
		await bar.getByText('Hide booking').click();
		await expect(bar.getByText('Examination', { exact: true })).toBeHidden();

		// The countdown speaks at two minutes and when the hold ends, not every second (a clock the test runs).
		await page.clock.install();
		await page.reload();
		const announcer = page.getByTestId('hold-announcer');
		const timer = page.getByTestId('hold-bar').getByRole('timer');
		await expect(timer).toHaveText(/Held for (9|10):\d{2}/);
		await page.clock.runFor(5000);
		await expect(timer).toHaveText(/Held for 9:\d{2}/);
		// Ticking is not announced: the timer is not live, the announcer is silent.
		await expect(announcer).toHaveText('');
		await expect(timer).toHaveAttribute('aria-live', 'off');

		await page.clock.runFor('08:30');
		await expect(timer).toHaveText(/Held for [01]:\d{2}/);
		await expect(announcer).toHaveText(/Less than 2 minutes left/);
		await page.clock.runFor('02:00');
		await expect(timer).toHaveText('Hold ended');
		await expect(announcer).toHaveText(/hold on this time has ended/);
	});
});
