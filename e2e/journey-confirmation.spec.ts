/**
 * After Confirm, the referrer lands on the confirmation page: what was booked (the clinic's time and
 * theirs), the place, price and free-cancellation deadline, "Add to calendar" (an .ics file, Google
 * and Outlook.com links carrying no examinee detail), what happens next, and the letter of
 * instruction's upload with its category already chosen. On a desktop and on a phone, with
 * specialists in other zones than the browser's (Perth, Brisbane) and not their first free times.
 */
import type { Download, Page } from '@playwright/test';
import { expect, test, CANARY, confirmBooking, expectAccessible, fillExaminee, screenshot, signIn } from './fixtures';
import * as files from '../src/lib/server/testing/files';

async function readDownload(download: Download): Promise<string> {
	const parts: Buffer[] = [];
	for await (const p of await download.createReadStream()) parts.push(p as Buffer);
	return Buffer.concat(parts).toString('utf8');
}

/** Books an in-person IME with `specialist` at the last time of their first free day, and lands on the confirmation. */
async function bookWith(page: Page, specialist: string) {
	await page.goto('/bookings/new');
	await page.getByRole('link', { name: /IME — in person/ }).click();
	await page.getByRole('link', { name: `Choose ${specialist}` }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	await page.getByTestId('times').getByRole('button').last().click();
	await page.waitForURL(/\/examinee$/);
	await fillExaminee(page);
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await page.waitForURL(/\/review$/);
	await confirmBooking(page);
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\/confirmed$/);
}

async function confirmationJourney(page: Page, specialist: string, clinicZone: string, clinicPlace: RegExp, width: number) {
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	await bookWith(page, specialist);
	const confirmedPath = new URL(page.url()).pathname;

	const heading = page.getByRole('heading', { level: 1 });
	await expect(heading).toContainText(/^Booked: IME-/);
	const reference = (await heading.textContent())!.replace('Booked:', '').trim();
	await expect(page.getByTestId('confirmation')).toContainText('The confirmation has been emailed to you.');
	const booked = page.getByTestId('booked');
	await expect(booked).toContainText('IME — in person');
	await expect(booked).toContainText(specialist);
	// The clinics are in other zones than the referrer's (Sydney, detected from the browser): both clocks are shown.
	const when = page.getByTestId('booked-when');
	const startsAt = new Date((await when.getAttribute('data-starts-at'))!);
	const clock = (timeZone: string) =>
		new Intl.DateTimeFormat('en-AU', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone }).format(startsAt).replace(/\s.*$/, '');
	const at = (c: string) => new RegExp(`(?<!\\d)${c}\\s[ap]m`);
	await expect(when).toContainText(at(clock(clinicZone)));
	await expect(when).toContainText(at(clock('Australia/Sydney')));
	expect(clock(clinicZone)).not.toBe(clock('Australia/Sydney'));
	await expect(page.getByTestId('booked-place')).toContainText(clinicPlace);
	await expect(booked).toContainText('includes GST');
	await expect(page.getByTestId('booked-free-cancellation')).toContainText(/Until .+ time|None: it was booked less than/);
	await expect(page.getByTestId('next-steps').getByRole('listitem')).toHaveCount(4);
	// Nothing about the examinee on this page.
	await expect(page.locator('main')).not.toContainText(CANARY.family);

	// Add to calendar: links to Google and Outlook.com with the reference and no examinee detail.
	const calendar = page.getByTestId('calendar-links');
	const google = (await calendar.getByRole('link', { name: /Google Calendar/ }).getAttribute('href'))!;
	const outlook = (await calendar.getByRole('link', { name: /Outlook\.com/ }).getAttribute('href'))!;
	expect(google).toMatch(/^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&text=.+&dates=\d{8}T\d{6}Z\/\d{8}T\d{6}Z&/);
	expect(outlook).toMatch(/^https:\/\/outlook\.live\.com\/calendar\/0\/action\/compose\?.*&startdt=\d{4}-\d{2}-\d{2}T/);
	for (const href of [google, outlook]) {
		const text = decodeURIComponent(href);
		expect(text).toContain(reference);
		expect(text).toContain(specialist);
		for (const phi of [CANARY.family, CANARY.given, CANARY.dob]) expect(text).not.toContain(phi);
	}

	// The calendar file: downloaded, an iCalendar event with the reference and no examinee.
	const downloading = page.waitForEvent('download');
	await calendar.getByRole('link', { name: /calendar file/ }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toBe(`${reference}.ics`);
	const ics = await readDownload(download);
	expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
	expect(ics.replace(/\r\n /g, '')).toContain(`(${reference})`);
	for (const phi of [CANARY.family, CANARY.given]) expect(ics).not.toContain(phi);
	await expect(page).toHaveURL(new RegExp(`${confirmedPath}$`));

	await expectAccessible(page);
	await screenshot(page, `confirmation-${width}`);

	// Until there is a letter of instruction, the booking's own upload starts on that category too.
	await page.getByRole('link', { name: 'Open the booking' }).click();
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/);
	await expect(page.getByTestId('upload-list').getByLabel('Category').locator('option:checked')).toHaveText(/letter of instruction/i);
	await page.goBack();
	await page.waitForURL(/\/confirmed$/);

	// The letter of instruction, uploaded right here: its category is already chosen.
	const upload = page.getByTestId('confirmation-upload');
	await expect(upload.getByTestId('brief-status')).toContainText('No letter of instruction yet');
	await expect(upload.getByLabel('Category').locator('option:checked')).toHaveText(/letter of instruction/i);
	await page.waitForLoadState('networkidle');
	const name = `Instructions ${reference}.pdf`;
	await upload.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/pdf', buffer: files.pdf('Letter of instruction') });
	await expect(upload.getByTestId('upload-item')).toHaveAttribute('data-status', 'done');
	const listed = upload.getByTestId('confirmation-documents').getByRole('listitem').filter({ hasText: name });
	await expect(listed).toContainText('Brief (letter of instruction)');
	await expect(upload.getByTestId('brief-status')).toContainText('The letter of instruction is here');
	await expectAccessible(page);
	await screenshot(page, `confirmation-uploaded-${width}`);

	// Reachable again later: it shows the booking and what it holds.
	await page.goto(confirmedPath);
	await expect(heading).toContainText(reference);
	await expect(page.getByTestId('confirmation-documents')).toContainText(name);
	return { confirmedPath, reference };
}

test.describe('the confirmation page on a desktop', () => {
	test.use({ viewport: { width: 1440, height: 900 } });

	test('a referrer books with Dr Lachlan Ross, adds it to a calendar and sends the letter of instruction', async ({ page, browser }) => {
		const { confirmedPath, reference } = await confirmationJourney(page, 'Dr Lachlan Ross', 'Australia/Perth', /Perth|WA/, 1440);

		// The booking's own page, from here; its upload no longer starts on the letter of instruction (there is one).
		await page.getByRole('link', { name: 'Open the booking' }).click();
		await page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(reference);
		await expect(page.getByTestId('upload-list').getByLabel('Category').locator('option:checked')).not.toHaveText(/letter of instruction/i);

		// Another organisation's referrer: the page answers like a missing one.
		const rival = await browser.newContext();
		const rp = await rival.newPage();
		await signIn(rp, 'rival@demo.test');
		await rp.waitForURL('**/bookings');
		expect((await rp.goto(confirmedPath))?.status()).toBe(404);
		expect(
			(await rp.request.get(confirmedPath.replace('/bookings/', '/api/bookings/').replace('/confirmed', '/calendar.ics'))).status()
		).toBe(404);
		await rival.close();
	});
});

test.describe('the confirmation page for a booking made on behalf', () => {
	test.use({ viewport: { width: 1440, height: 900 } });

	test('an admin who books for Rachel Referrer is told whom it is for, and gets the same calendar links', async ({ page }) => {
		await signIn(page, 'admin@demo.test');
		await page.waitForURL('**/admin');
		await page.getByRole('link', { name: 'Book for a referrer' }).click();
		await page.getByLabel('Name, email or organisation').fill('Rachel');
		await page.getByRole('button', { name: 'Search' }).click();
		await page.getByRole('button', { name: 'Book for Rachel Referrer' }).click();
		await page.waitForURL(/\/bookings\/new\?draft=/);
		await page.getByRole('link', { name: /IME — in person/ }).click();
		await page.getByRole('link', { name: 'Choose Dr Lachlan Ross' }).click();
		await page.waitForURL(/\/bookings\/new\/slot\?/);
		await page.getByTestId('times').getByRole('button').last().click();
		await page.waitForURL(/\/examinee$/);
		await fillExaminee(page);
		await page.getByRole('button', { name: 'Review the booking' }).click();
		await page.waitForURL(/\/review$/);
		await confirmBooking(page);
		await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\/confirmed$/);

		await expect(page.getByTestId('confirmation')).toContainText('Booked for Rachel Referrer. The confirmation has been emailed to them.');
		const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Booked:', '').trim();
		const google = (await page
			.getByTestId('calendar-links')
			.getByRole('link', { name: /Google Calendar/ })
			.getAttribute('href'))!;
		expect(decodeURIComponent(google)).toContain(reference);
		expect(decodeURIComponent(google)).not.toContain(CANARY.family);
		await expect(page.getByTestId('confirmation-upload').getByLabel('Category').locator('option:checked')).toHaveText(
			/letter of instruction/i
		);
		await expectAccessible(page);
	});
});

test.describe('the confirmation page on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('a referrer books with Dr James Whitford and does the same on a phone', async ({ page }) => {
		await confirmationJourney(page, 'Dr James Whitford', 'Australia/Brisbane', /Brisbane|QLD/, 390);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	});
});
