/**
 * Enclosures: Rachel (referrer, on her phone) books Dr Sam Specialist a few days out, so the
 * examination's checklist is overdue at once; the booking page shows it, her bookings list carries
 * an "Enclosures overdue" badge, and uploading the medical records turns that item Received. She
 * marks the imaging not applicable (a reason is required) and undoes it. An admin (desktop) sees the
 * examination with its overdue items on the dashboard, and opens the exam type's checklist editor.
 */
import { expect, test, expectAccessible, screenshot, signIn, bookDrSam } from './fixtures';
import * as files from '../src/lib/server/testing/files';

test('an overdue enclosure turns Received by an upload, and an admin sees the overdue items', async ({ browser }) => {
	test.setTimeout(150_000);
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await phone.newPage();
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	const id = await bookDrSam(page, { nth: 3, time: 'last', family: 'Enclosureson' });
	await page.goto(`/bookings/${id}`);
	const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/IME-[A-Z0-9]+/)![0];

	const card = page.getByTestId('enclosures');
	const item = (category: string) => card.locator(`[data-testid="enclosure"][data-category="${category}"]`);
	await expect(card.getByTestId('enclosure')).toHaveCount(4);
	for (const c of ['brief', 'consent_form', 'medical_records', 'imaging'])
		await expect(item(c)).toHaveAttribute('data-standing', 'overdue');
	await expect(item('medical_records')).toContainText('Medical records');
	await expect(item('medical_records')).toContainText('Overdue');
	await expect(card.getByTestId('enclosure-summary')).toContainText('4 overdue');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await expectAccessible(page);
	await card.scrollIntoViewIfNeeded();
	await screenshot(page, 'enclosures-overdue-390');

	// "Not applicable" needs a reason; then it may be undone.
	await item('imaging').locator('summary').click();
	await item('imaging').getByLabel('Why is it not applicable?').fill('No');
	await item('imaging').getByRole('button', { name: 'Mark not applicable' }).click();
	await expect(item('imaging')).toContainText('Say why it is not applicable.');
	await item('imaging').getByLabel('Why is it not applicable?').fill('No scans were taken');
	await item('imaging').getByRole('button', { name: 'Mark not applicable' }).click();
	await expect(item('imaging')).toHaveAttribute('data-standing', 'not_applicable');
	await expect(item('imaging')).toContainText('No scans were taken');
	await item('imaging')
		.getByRole('button', { name: /Undo “not applicable”/ })
		.click();
	await expect(item('imaging')).toHaveAttribute('data-standing', 'overdue');

	// The bookings list flags it.
	await page.goto('/bookings');
	const row = page.getByTestId('bookings-cards').getByRole('listitem').filter({ hasText: reference });
	await expect(row).toContainText('Enclosures overdue');
	await expectAccessible(page);

	// Uploading the medical records meets that item.
	await page.goto(`/bookings/${id}`);
	await page.getByTestId('upload-list').getByLabel('Category').selectOption('medical_records');
	await page
		.locator('input[type=file]')
		.setInputFiles([{ name: 'Clinical notes.pdf', mimeType: 'application/pdf', buffer: files.pdf('Notes', 20_000) }]);
	await expect(page.getByTestId('upload-item').first()).toHaveAttribute('data-status', 'done');
	await expect(item('medical_records')).toHaveAttribute('data-standing', 'met');
	await expect(item('medical_records')).toContainText('Received');
	await expect(card.getByTestId('enclosure-summary')).toContainText('1 of 4 in hand');
	await expectAccessible(page);
	await card.scrollIntoViewIfNeeded();
	await screenshot(page, 'enclosures-received-390');
	await phone.close();

	const desktop = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const admin = await desktop.newPage();
	await signIn(admin, 'admin@demo.test');
	await admin.waitForURL('**/admin');
	// The dashboard's needs-attention queue lists the examination with what is overdue.
	const overdue = admin.getByTestId('needs-attention').getByRole('listitem').filter({ hasText: reference });
	await expect(overdue).toHaveAttribute('data-kind', 'enclosures_overdue');
	await expect(overdue).toContainText('Letter of instruction');
	await expect(overdue).toContainText('Imaging');
	await expect(overdue).not.toContainText('Medical records');
	await expectAccessible(admin);
	await screenshot(admin, 'enclosures-admin-dashboard-1440');
	await overdue.getByRole('link', { name: reference }).click();
	await admin.waitForURL(`**/bookings/${id}`);
	await expect(admin.getByTestId('enclosures')).toBeVisible();

	// The exam type's checklist editor (read only here: other journeys book this type).
	await admin.goto('/admin/exam-types');
	await admin.getByRole('link', { name: 'Enclosure checklist for IME — in person' }).click();
	await expect(admin.getByTestId('template-row')).toHaveCount(5);
	await expect(admin.getByLabel('Business days before: Medical records')).toHaveValue('10');
	await expectAccessible(admin);
	await screenshot(admin, 'enclosures-template-1440');

	// Another type's checklist is edited, refused with the field named, saved, then back to the default.
	await admin.goto('/admin/exam-types');
	await admin.getByRole('link', { name: 'Enclosure checklist for Supplementary report' }).click();
	await expect(admin.getByTestId('template-default')).toBeVisible();
	await expect(admin.getByLabel('Brief (letter of instruction)', { exact: true })).toBeChecked();
	await expect(admin.getByLabel('Medical records', { exact: true })).not.toBeChecked();
	await admin.getByLabel('Medical records', { exact: true }).check();
	await admin.getByLabel('Business days before: Medical records').fill('61');
	await admin.getByRole('button', { name: 'Save the checklist' }).click();
	await expect(admin.locator('#days-medical_records-error')).toHaveText('Enter 0 to 60 business days.');
	await expect(admin.getByLabel('Business days before: Medical records')).toHaveAttribute('aria-invalid', 'true');
	await admin.getByLabel('Business days before: Medical records').fill('5');
	await admin.getByRole('button', { name: 'Save the checklist' }).click();
	await expect(admin.getByText('Checklist saved.')).toBeVisible();
	await admin.reload();
	await expect(admin.getByTestId('template-default')).toHaveCount(0);
	await expect(admin.getByLabel('Medical records', { exact: true })).toBeChecked();
	await expect(admin.getByLabel('Business days before: Medical records')).toHaveValue('5');
	await expectAccessible(admin);
	await admin.getByRole('button', { name: 'Go back to the default checklist' }).click();
	await expect(admin.getByTestId('template-default')).toBeVisible();
	await desktop.close();
});
