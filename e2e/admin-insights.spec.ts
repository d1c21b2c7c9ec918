/**
 * The admin insights at 1440 px and 390 px: four charts drawn (an <svg> each), each with a "Show
 * as table" holding the numbers and a CSV download with the same numbers (fetched with the admin's
 * cookies); the weekly split is a link that works without JavaScript; a referrer is refused the
 * page and the CSV; axe finds nothing.
 * That the demo's data gives every chart a picture is src/lib/server/demo/bookings.int.test.ts's.
 */
import type { Page } from '@playwright/test';
import { expect, test, expectAccessible, screenshot, signIn } from './fixtures';

const CHARTS = ['weekly', 'turnaround', 'missed', 'hours'] as const;

/** The numbers of a chart's table, row by row (header cells first). */
async function tableOf(page: Page, id: string): Promise<string[][]> {
	const details = page.getByTestId(`table-${id}`);
	if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
	return details
		.locator('tbody tr')
		.evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent!.trim())));
}

/** The CSV behind a chart's download link, fetched with the page's cookies: header and rows. */
async function csvOf(page: Page, id: string): Promise<{ type: string | undefined; rows: string[][] }> {
	const href = await page.getByTestId(`csv-${id}`).getAttribute('href');
	const res = await page.request.get(new URL(href!, page.url()).toString());
	expect(res.status()).toBe(200);
	const text = await res.text();
	return {
		type: res.headers()['content-type'],
		rows: text
			.trim()
			.split('\r\n')
			.map((l) => l.split(','))
	};
}

async function expectChartsDrawn(page: Page) {
	for (const id of CHARTS) {
		const figure = page.getByTestId(`chart-${id}`);
		await expect(figure.getByRole('heading', { level: 2 })).toBeVisible();
		await expect(figure.locator('svg').first()).toBeVisible();
	}
}

async function openInsights(page: Page, base = '') {
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	await page.goto(`${base}/admin/insights`);
	await expect(page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();
}

test('at 1440 px the admin sees four charts, each with its table and a CSV of the same numbers', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	const link = page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Insights' });
	await expect(link).toHaveAttribute('href', '/admin/insights');
	await page.goto('/admin/insights');
	await expect(link).toHaveAttribute('aria-current', 'page');
	await expectChartsDrawn(page);
	await expectAccessible(page);

	// Weekly: twelve weeks, and the CSV's rows are the table's (week start as a date there).
	const weekly = await tableOf(page, 'weekly');
	expect(weekly).toHaveLength(12);
	const weeklyCsv = await csvOf(page, 'weekly');
	expect(weeklyCsv.type).toBe('text/csv; charset=utf-8');
	expect(weeklyCsv.rows[0]![0]).toBe('Week starting');
	expect(weeklyCsv.rows.at(-1)!.at(-1)).toBe(weekly.at(-1)!.at(-1));
	expect(weeklyCsv.rows.slice(1).map((r) => r.slice(1))).toEqual(weekly.map((r) => r.slice(1)));

	// Turnaround: a row per day to 30+, the same counts in the CSV.
	const turnaround = await tableOf(page, 'turnaround');
	expect(turnaround.map((r) => r[0])).toEqual([...Array.from({ length: 30 }, (_, i) => String(i)), '30+']);
	const turnaroundCsv = await csvOf(page, 'turnaround');
	expect(turnaroundCsv.rows[0]).toEqual(['Days from examination to release', 'Reports released', 'Within SLA']);
	expect(turnaroundCsv.rows.slice(1).map((r) => [r[0], r[1]])).toEqual(turnaround.map((r) => [r[0], r[1]]));
	await expect(page.getByTestId('chart-turnaround')).toContainText(/SLA of 10 days|No reports were released/);

	// Late cancellations and no-shows: twelve months.
	const missed = await tableOf(page, 'missed');
	expect(missed).toHaveLength(12);
	const missedCsv = await csvOf(page, 'missed');
	expect(missedCsv.rows[0]).toEqual(['Month', 'Late cancellations', 'No-shows']);
	expect(missedCsv.rows.slice(1).map((r) => r.slice(1))).toEqual(missed.map((r) => r.slice(1)));

	// Specialists: one row each, hours and share as in the CSV.
	const hours = await tableOf(page, 'hours');
	expect(hours.map((r) => r[0])).toContain('Dr Sam Specialist');
	const hoursCsv = await csvOf(page, 'hours');
	expect(hoursCsv.rows[0]).toEqual(['Specialist', 'Hours offered', 'Hours booked', 'Examinations', 'Booked share (%)']);
	expect(hoursCsv.rows.slice(1).map((r) => r.slice(0, 4))).toEqual(hours.map((r) => r.slice(0, 4)));

	await expectAccessible(page);
	await screenshot(page, 'admin-insights-1440');
});

test('at 390 px the charts fit the phone and stay accessible', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await openInsights(page);
	await expectChartsDrawn(page);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	const widest = await page.evaluate(() =>
		[...document.querySelectorAll('main *')]
			.filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
			.slice(0, 5)
			.map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)}`)
	);
	expect(overflow, `wider than the phone: ${widest.join('; ')}`).toBeLessThanOrEqual(0);
	await expectAccessible(page);
	await screenshot(page, 'admin-insights-390');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the weekly split is a link, and the tables still hold the numbers', async ({ page }) => {
		await page.setViewportSize({ width: 1440, height: 900 });
		await openInsights(page);
		const split = page.getByRole('navigation', { name: 'Split the examinations' });
		await expect(split.locator('[aria-current="page"]')).toHaveText('By organisation');
		await split.getByRole('link', { name: 'By exam type' }).click();
		await page.waitForURL('**/admin/insights?by=exam-type');
		await expect(split.locator('[aria-current="page"]')).toHaveText('By exam type');
		await expect(page.getByTestId('chart-weekly')).toContainText('split by exam type');
		await expect(page.getByTestId('csv-weekly')).toHaveAttribute('href', '/admin/insights/weekly-examinations.csv?by=exam-type');
		expect(await tableOf(page, 'missed')).toHaveLength(12);
	});
});

test('a referrer is refused the page and the CSV', async ({ page }) => {
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	const res = await page.goto('/admin/insights');
	expect(res?.status()).toBe(403);
	const csv = await page.request.get('/admin/insights/missed-examinations.csv');
	expect(csv.status()).toBe(403);
});

test('a bad split names the choice', async ({ page }) => {
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	const res = await page.goto('/admin/insights?by=colour');
	expect(res?.status()).toBe(400);
	await expect(page.getByText('"by" choice')).toBeVisible();
});
