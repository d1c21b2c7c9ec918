/**
 * Documents: a referrer uploads several files at once with a progress bar each and downloads them;
 * the specialist downloads the brief and uploads a dictation; our team carries the report through
 * to release and the referrer downloads the final report. Another organisation gets 404 (audited),
 * an oversized upload gets 413 and leaves nothing, an executable renamed .pdf is refused, a Range
 * request returns 206 with the right bytes, and no answer carries a storage location.
 */
import type { Page } from '@playwright/test';
import {
	expect,
	test,
	chooseFirstTime,
	expectAccessible,
	fillExaminee,
	screenshot,
	signIn,
	confirmBooking,
	openBookingAfterConfirm
} from './fixtures';
import * as files from '../src/lib/server/testing/files';

const BRIEF = files.pdf('Letter of instruction', 700_000);
let bookingPath = '';
const ids: Record<string, string> = {};

async function openBooking(page: Page, email: string, home: string, width = 1440) {
	await page.setViewportSize({ width, height: 900 });
	await signIn(page, email);
	await page.waitForURL(`**${home}`);
	await page.goto(bookingPath);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Booking IME-');
}

function documentRow(page: Page, name: string) {
	return page.getByTestId('document-row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

async function idOf(page: Page, name: string) {
	const href = await documentRow(page, name).getByTestId('document-link').getAttribute('href');
	return href!.match(/documents\/([0-9a-f-]{36})\//)![1]!;
}

test.describe.serial('documents', () => {
	test('a referrer on a phone uploads several files at once, each with its progress, and downloads one', async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await signIn(page, 'referrer@demo.test');
		await page.waitForURL('**/bookings');
		await chooseFirstTime(page, /IME — in person/);
		await fillExaminee(page, 'Docsworth');
		await page.getByRole('button', { name: 'Review the booking' }).click();
		await page.waitForURL(/\/review$/);
		await confirmBooking(page);
		await openBookingAfterConfirm(page);
		bookingPath = new URL(page.url()).pathname;

		const uploads = page.getByTestId('upload-list');
		await uploads.getByLabel('Category').selectOption('brief');
		await page.locator('input[type=file]').setInputFiles([
			{ name: 'Letter of instruction.pdf', mimeType: 'application/pdf', buffer: BRIEF },
			{ name: 'Injury photo.png', mimeType: 'image/png', buffer: files.PNG },
			{
				name: 'Report of Dr Smith.docx',
				mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
				buffer: files.docx()
			}
		]);
		const items = page.getByTestId('upload-item');
		await expect(items).toHaveCount(3);
		for (let i = 0; i < 3; i++) {
			await expect(items.nth(i).getByRole('progressbar')).toBeVisible();
			await expect(items.nth(i)).toHaveAttribute('data-status', 'done');
		}
		await expect(page.getByTestId('document-row')).toHaveCount(3);
		await expect(documentRow(page, 'Letter of instruction.pdf')).toContainText(/Uploaded by .+ on /);
		await expectAccessible(page);
		await screenshot(page, 'booking-documents-390');

		// An executable renamed .pdf is refused with a clear message; nothing is added.
		await page.locator('input[type=file]').setInputFiles([{ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: files.EXE }]);
		const refused = items.filter({ hasText: 'invoice.pdf' });
		await expect(refused).toHaveAttribute('data-status', 'failed');
		await expect(refused).toContainText('This kind of file is not accepted');
		await expect(page.getByTestId('document-row')).toHaveCount(3);

		const downloading = page.waitForEvent('download');
		await documentRow(page, 'Letter of instruction.pdf').getByTestId('document-link').click();
		const download = await downloading;
		expect(download.suggestedFilename()).toBe('Letter of instruction.pdf');
		const saved = await download.createReadStream();
		const parts: Buffer[] = [];
		for await (const p of saved) parts.push(p as Buffer);
		expect(Buffer.concat(parts).equals(BRIEF)).toBe(true);

		ids.brief = await idOf(page, 'Letter of instruction.pdf');
		ids.photo = await idOf(page, 'Injury photo.png');
	});

	test('range, size cap and headers of the proxy, and no storage location anywhere', async ({ page }) => {
		await signIn(page, 'referrer@demo.test');
		await page.waitForURL('**/bookings');
		const part = await page.request.get(`/api/documents/${ids.brief}/download`, { headers: { range: 'bytes=300000-300099' } });
		expect(part.status()).toBe(206);
		expect(part.headers()['content-range']).toBe(`bytes 300000-300099/${BRIEF.length}`);
		expect((await part.body()).equals(BRIEF.subarray(300000, 300100))).toBe(true);

		const whole = await page.request.get(`/api/documents/${ids.brief}/download`);
		const h = whole.headers();
		expect(h['content-disposition']).toMatch(
			/^attachment; filename="Letter of instruction.pdf"; filename\*=UTF-8''Letter%20of%20instruction.pdf$/
		);
		expect(h['cache-control']).toBe('no-store');
		expect(h['x-content-type-options']).toBe('nosniff');
		expect(JSON.stringify(h)).not.toMatch(/ime-e2e-|amazonaws|x-amz|\/documents\/[0-9a-f]{2}\//i);

		const bookingId = bookingPath.split('/').pop()!;
		const tooBig = await page.request.post(`/api/bookings/${bookingId}/documents?category=brief`, {
			headers: { 'x-file-name': 'huge.pdf', 'content-type': 'application/pdf' },
			data: Buffer.concat([files.pdf('Huge'), Buffer.alloc(6 * 1024 * 1024, 0x20)])
		});
		expect(tooBig.status()).toBe(413);
		expect((await tooBig.json()).message).toMatch(/larger than the 5\.0 MB limit/);

		// Every other request is capped at 1 MB, answered with 413 rather than read.
		const bigForm = await page.request.post('/account?/password', {
			headers: { 'content-type': 'text/plain', origin: new URL(page.url()).origin },
			data: Buffer.alloc(2 * 1024 * 1024, 0x61)
		});
		expect(bigForm.status()).toBe(413);

		await page.goto(bookingPath);
		await expect(page.getByTestId('document-row')).toHaveCount(3);
		const html = await page.content();
		expect(html).not.toMatch(/ime-e2e-|amazonaws|x-amz/i);
	});

	test('another organisation, and a specialist who is not on the booking, get 404 — audited', async ({ page, browser }) => {
		await signIn(page, 'rival@demo.test');
		await page.waitForURL('**/bookings');
		const res = await page.request.get(`/api/documents/${ids.brief}/download`);
		expect(res.status()).toBe(404);
		expect(await res.json()).toEqual({ message: 'No such document.' });

		const admin = await (await browser.newContext()).newPage();
		await admin.setViewportSize({ width: 1440, height: 900 });
		await signIn(admin, 'admin@demo.test');
		await admin.waitForURL('**/admin');
		await admin.goto('/admin/audit');
		await expect(admin.getByRole('row').filter({ hasText: 'access.denied' }).filter({ hasText: ids.brief! }).first()).toBeVisible();
	});

	test('the specialist downloads the brief and uploads a dictation, which the referrer never sees', async ({ page, browser }) => {
		await openBooking(page, 'specialist@demo.test', '/appointments');
		const downloading = page.waitForEvent('download');
		await documentRow(page, 'Letter of instruction.pdf').getByTestId('document-link').click();
		expect((await downloading).suggestedFilename()).toBe('Letter of instruction.pdf');

		await page.getByTestId('upload-list').getByLabel('Category').selectOption('dictation');
		await page.locator('input[type=file]').setInputFiles([{ name: 'Dictation.wav', mimeType: 'audio/wav', buffer: files.WAV }]);
		await expect(page.getByTestId('upload-item')).toHaveAttribute('data-status', 'done');
		await expect(documentRow(page, 'Dictation.wav')).toBeVisible();
		await expect(page.getByTestId('report-state')).toHaveText('Dictation received');
		const dictationId = await idOf(page, 'Dictation.wav');
		await expectAccessible(page);

		const referrer = await (await browser.newContext()).newPage();
		await openBooking(referrer, 'referrer@demo.test', '/bookings');
		await expect(documentRow(referrer, 'Dictation.wav')).toHaveCount(0);
		expect((await referrer.request.get(`/api/documents/${dictationId}/download`)).status()).toBe(404);
	});

	test('our team takes the report to release; the referrer downloads the final report', async ({ page, browser }) => {
		await openBooking(page, 'admin@demo.test', '/admin');
		// Our team downloads the specialist's dictation to transcribe it.
		const dictation = page.waitForEvent('download');
		await documentRow(page, 'Dictation.wav').getByTestId('document-link').click();
		expect((await dictation).suggestedFilename()).toBe('Dictation.wav');
		await page.getByRole('button', { name: 'Mark as in transcription' }).click();
		await expect(page.getByTestId('report-state')).toHaveText('In transcription');
		await page.getByTestId('upload-list').getByLabel('Category').selectOption('draft_report');
		await page
			.locator('input[type=file]')
			.setInputFiles([{ name: 'Draft report.docx', mimeType: 'application/octet-stream', buffer: files.docx() }]);
		await expect(page.getByTestId('report-state')).toHaveText('Draft with the specialist');

		const specialist = await (await browser.newContext()).newPage();
		await openBooking(specialist, 'specialist@demo.test', '/appointments');
		await specialist.getByRole('button', { name: 'Approve the draft report' }).click();
		await expect(specialist.getByTestId('report-state')).toHaveText('Approved, ready to release');

		await page.reload();
		await page.getByTestId('upload-list').getByLabel('Category').selectOption('final_report');
		await page
			.locator('input[type=file]')
			.setInputFiles([{ name: 'Final report.pdf', mimeType: 'application/pdf', buffer: files.pdf('Final report') }]);
		await expect(documentRow(page, 'Final report.pdf')).toBeVisible();
		await page.getByRole('button', { name: 'Release the final report' }).click();
		await expect(page.getByTestId('report-state')).toHaveText('Final report released');
		await expect(page.getByText('Report ready').first()).toBeVisible();
		await expectAccessible(page);
		await screenshot(page, 'booking-report-admin-1440');

		const referrer = await (await browser.newContext()).newPage();
		await openBooking(referrer, 'referrer@demo.test', '/bookings', 390);
		// The Report card, at the top, downloads the released report in one tap.
		const fromCard = referrer.waitForEvent('download');
		await referrer.getByTestId('download-final-report').click();
		expect((await fromCard).suggestedFilename()).toBe('Final report.pdf');
		const downloading = referrer.waitForEvent('download');
		await documentRow(referrer, 'Final report.pdf').getByTestId('document-link').click();
		expect((await downloading).suggestedFilename()).toBe('Final report.pdf');
		await expect(documentRow(referrer, 'Draft report.docx')).toHaveCount(0);
	});
});
