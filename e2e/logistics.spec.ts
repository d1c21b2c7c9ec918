/**
 * Claimant logistics: Rachel (referrer, on her phone) books Dr Sam Specialist in person on a later
 * free day, fills the logistics card on the booking's page (a bad distance is refused, naming the
 * field; then saved), and Dr Sam (on a desktop) sees the interpreter on his appointments list and
 * the interpreter and accessibility needs on the booking — never the examinee's phone number.
 */
import { expect, test, expectAccessible, screenshot, shipsZod, signIn, bookDrSam } from './fixtures';

const PHONE = '0412 345 678';

test('the referrer records the claimant’s logistics and the specialist sees what the day needs', async ({ browser }) => {
	test.setTimeout(120_000);
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await phone.newPage();
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	const id = await bookDrSam(page, { nth: 6, time: 'first', family: 'Logisticson' });
	await page.goto(`/bookings/${id}`);
	const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/IME-[A-Z0-9]+/)![0];
	// The page shows documents, enclosures and logistics but validates nothing in the browser: no schema library.
	expect(await shipsZod(page)).toBe(false);

	const card = page.getByTestId('logistics');
	await expect(card.getByLabel('Join link')).toHaveCount(0);
	await card.getByLabel('Distance to the rooms (km)').fill('-3');
	await card.getByRole('button', { name: 'Save logistics' }).click();
	await expect(card.getByText('The distance cannot be negative.')).toBeVisible();
	await expect(card.getByLabel('Distance to the rooms (km)')).toHaveAttribute('aria-invalid', 'true');

	await card.getByLabel('Language').fill('Vietnamese');
	await card.getByLabel('Dialect').fill('Southern');
	await card.getByLabel('Interpreter booked by').selectOption('service');
	await card.getByLabel('Accessibility needs').fill('Uses a wheelchair; ground-floor room please');
	await card.getByLabel('Support person attending').fill('Her brother');
	await card.getByLabel('Distance to the rooms (km)').fill('145');
	await card.getByLabel('Travel booked by').selectOption('claimant');
	await card.getByLabel('Reimbursement').fill('Mileage at the scheme rate');
	await card.getByRole('button', { name: 'Save logistics' }).click();
	await expect(card.getByText('Logistics saved.')).toBeVisible();
	await expect(card.getByLabel('Distance to the rooms (km)')).toHaveValue('145');
	await page.reload();
	await expect(card.getByLabel('Language')).toHaveValue('Vietnamese');
	await expect(card.getByLabel('Travel booked by')).toHaveValue('claimant');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await expectAccessible(page);
	await card.scrollIntoViewIfNeeded();
	await screenshot(page, 'logistics-referrer-390');
	await phone.close();

	const desktop = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const sam = await desktop.newPage();
	await signIn(sam, 'specialist@demo.test');
	await sam.waitForURL('**/appointments');
	const row = sam.getByTestId('appointments-table').getByRole('row').filter({ hasText: reference });
	await expect(row.getByTestId('day-needs')).toContainText('Interpreter: Vietnamese');
	await expectAccessible(sam);
	await screenshot(sam, 'logistics-appointments-1440');

	await row.getByRole('link', { name: reference }).click();
	await sam.waitForURL(`**/bookings/${id}`);
	const seen = sam.getByTestId('logistics');
	await expect(seen.getByTestId('logistics-interpreter')).toHaveText(/Yes, Vietnamese\s*\(Southern\)/);
	await expect(seen.getByTestId('logistics-accessibility')).toHaveText('Uses a wheelchair; ground-floor room please');
	await expect(seen.getByText('Her brother')).toBeVisible();
	// The examinee card agrees with the saved logistics (the wizard had said no interpreter).
	await expect(sam.getByTestId('examinee')).toContainText('Yes (Vietnamese)');
	// The specialist reads; travel and reimbursement are not theirs, nor the examinee's contact details.
	await expect(seen.getByRole('button', { name: 'Save logistics' })).toHaveCount(0);
	await expect(sam.getByText('Mileage at the scheme rate')).toHaveCount(0);
	expect(await sam.content()).not.toContain(PHONE);
	await expectAccessible(sam);
	await screenshot(sam, 'logistics-specialist-1440');
	await desktop.close();

	// Without JavaScript the form posts and answers the same way.
	const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1440, height: 900 } });
	const plain = await noJs.newPage();
	await signIn(plain, 'referrer@demo.test');
	await plain.waitForURL('**/bookings');
	await plain.goto(`/bookings/${id}`);
	const form = () => plain.getByTestId('logistics');
	await form().getByLabel('Support person attending').fill('Her brother and a carer');
	await form().getByLabel('Distance to the rooms (km)').fill('many');
	await form().getByRole('button', { name: 'Save logistics' }).click();
	await expect(form().getByText('Enter the distance in whole kilometres.')).toBeVisible();
	await expect(form().getByLabel('Support person attending')).toHaveValue('Her brother and a carer');
	await form().getByLabel('Distance to the rooms (km)').fill('150');
	await form().getByRole('button', { name: 'Save logistics' }).click();
	await expect(form().getByText('Logistics saved.')).toBeVisible();
	await expect(form().getByLabel('Distance to the rooms (km)')).toHaveValue('150');
	await noJs.close();
});
