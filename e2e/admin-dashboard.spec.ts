/**
 * The admin's home at 1440 px and 390 px: Rachel (referrer) books Dr Sam Specialist at the first
 * free time and cancels it late, so a fee applies. The admin sees the examination today or tomorrow
 * (by the examinee's initials only) while it stands, then the fee in the needs-attention queue,
 * follows its link to the booking, marks the fee invoiced, and the queue no longer lists it.
 * Both widths pass axe; the screenshots are looked at.
 */
import type { Page } from '@playwright/test';
import { expect, test, CANARY, bookDrSam, expectAccessible, screenshot, signIn } from './fixtures';

const FAMILY = 'Dashboardson';

/** Whether an instant falls on today or tomorrow in Sydney (calendar dates, so daylight saving cannot shift it). */
function sydneyDayOf(iso: string): 'today' | 'tomorrow' | null {
	const sydneyDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(d);
	const today = sydneyDate(new Date());
	const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	const at = sydneyDate(new Date(iso));
	return at === today ? 'today' : at === tomorrow ? 'tomorrow' : null;
}

async function expectNoSideScroll(page: Page, width: number) {
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

test('the dashboard lists today’s and tomorrow’s examinations and a late-cancellation fee until it is invoiced', async ({ browser }) => {
	test.setTimeout(150_000);
	const referrerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const referrer = await referrerContext.newPage();
	await signIn(referrer, 'referrer@demo.test');
	await referrer.waitForURL('**/bookings');
	const id = await bookDrSam(referrer, { nth: 0, time: 'first', family: FAMILY });
	await referrer.goto(`/bookings/${id}`);
	const reference = (await referrer.getByRole('heading', { level: 1 }).textContent())!.match(/IME-[A-Z0-9]+/)![0];
	const startsAt = (await referrer.getByTestId('clinic-time').getAttribute('data-starts-at'))!;

	const desktop = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const admin = await desktop.newPage();
	await signIn(admin, 'admin@demo.test');
	await admin.waitForURL('**/admin');

	// Today and tomorrow: both days always have a heading; the booking shows on its day, initials only.
	const ahead = admin.getByTestId('examinations-ahead');
	await expect(ahead.getByRole('heading', { name: /^Today, / })).toBeVisible();
	await expect(ahead.getByRole('heading', { name: /^Tomorrow, / })).toBeVisible();
	const day = sydneyDayOf(startsAt);
	if (day) {
		const row = admin.getByTestId(`ahead-${day}`).getByTestId('ahead-row').filter({ hasText: reference });
		await expect(row).toContainText(`${CANARY.given[0]} ${FAMILY[0]}`);
		await expect(row).toContainText('Dr Sam Specialist');
		await expect(row).toContainText('In person');
		await expect(row.getByRole('link', { name: reference })).toHaveAttribute('href', `/bookings/${id}`);
	}
	await expect(admin.locator('main')).not.toContainText(FAMILY);
	await expect(admin.locator('main')).not.toContainText(CANARY.given);
	await expectAccessible(admin);
	await expectNoSideScroll(admin, 1440);
	await screenshot(admin, 'admin-dashboard-ahead-1440');

	// Rachel cancels inside the free-cancellation period: a late cancellation with a fee.
	await referrer.getByRole('button', { name: 'Cancel this booking…' }).click();
	const confirm = referrer.getByTestId('cancel-confirm');
	await expect(confirm).toContainText('This is a late cancellation');
	await confirm.getByLabel(/I accept the fee of/).check();
	await confirm.getByRole('button', { name: 'Confirm cancellation' }).click();
	await expect(referrer.getByTestId('cancellation-fee')).toContainText(/Yes, fee \$[\d,]+\.\d\d/);
	await expect(referrer.getByRole('button', { name: 'Mark fee invoiced' })).toHaveCount(0); // admins only
	await referrerContext.close();

	// The queue lists the fee (most urgent items first) and links to the booking's fee.
	await admin.reload();
	const queue = admin.getByTestId('needs-attention');
	const item = queue.getByRole('listitem').filter({ hasText: reference });
	await expect(item).toHaveAttribute('data-kind', 'fee_to_invoice');
	await expect(item).toContainText(/Late-cancellation fee to invoice: \$[\d,]+\.\d\d/);
	await expect(item).toContainText('To invoice');
	const severities = await queue.getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('data-severity')));
	const rank = { now: 1, overdue: 2, money: 3 } as Record<string, number>;
	expect(severities.map((s) => rank[s!])).toEqual([...severities.map((s) => rank[s!])].sort());
	await expect(admin.getByTestId('examinations-ahead').getByText(reference)).toHaveCount(0); // cancelled: not held
	await expectAccessible(admin);
	await screenshot(admin, 'admin-dashboard-1440');

	// At 390 px the same page works on a phone: no side scrolling, cards instead of the table.
	const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const phone = await phoneContext.newPage();
	await signIn(phone, 'admin@demo.test');
	await phone.waitForURL('**/admin');
	await expect(phone.getByTestId('needs-attention').getByRole('listitem').filter({ hasText: reference })).toBeVisible();
	await expectNoSideScroll(phone, 390);
	await expectAccessible(phone);
	await screenshot(phone, 'admin-dashboard-390');
	await phoneContext.close();

	await item.getByRole('link').click();
	await admin.waitForURL(`**/bookings/${id}#cancellation-fee`);
	const fee = admin.getByTestId('cancellation-fee');
	await expect(fee).toContainText('Not invoiced yet.');
	await fee.getByRole('button', { name: 'Mark fee invoiced' }).click();
	await expect(fee).toContainText('The cancellation fee is marked invoiced.');
	await expect(fee).toContainText(/Invoiced on \d+ \w+ \d{4}/);
	await expect(fee.getByRole('button', { name: 'Mark fee invoiced' })).toHaveCount(0);
	await expect(admin.getByText('Cancellation fee invoiced')).toBeVisible(); // the progress timeline
	await expectAccessible(admin);
	await screenshot(admin, 'admin-fee-invoiced-1440');

	await admin.goto('/admin');
	await expect(admin.getByTestId('needs-attention').getByText(reference)).toHaveCount(0);
	await desktop.close();
});
