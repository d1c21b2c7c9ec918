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

test('an admin acts as a referrer, books for them, exits, and the audit trail names both', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click();
	await page.getByLabel('Name, email or organisation').fill('teamlead');
	await page.getByRole('button', { name: 'Search' }).click();
	await expectAccessible(page);
	await screenshot(page, 'admin-users-1440');
	await page.getByRole('button', { name: 'Act as Tom Lead' }).click();
	await page.waitForURL('**/bookings');
	const banner = page.getByRole('region', { name: 'Acting as someone else' });
	await expect(banner).toContainText('Acting as Tom Lead');
	await expectAccessible(page);

	// The account holder's own settings are refused while acting.
	await page.goto('/account');
	await page.getByLabel('Current password').fill('demo-password');
	await page.getByLabel('New password', { exact: true }).fill('another-long-password');
	await page.getByLabel('Repeat the new password').fill('another-long-password');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByRole('alert')).toHaveText(/while you are acting as someone else/);
	// Signing the account holder out everywhere too: refused with a message, not an error page.
	await page.getByRole('button', { name: 'Sign out everywhere' }).click();
	await expect(page.getByRole('alert')).toHaveText(/while you are acting as someone else/);
	await expect(banner).toContainText('Acting as Tom Lead');

	await chooseFirstTime(page, /IME — telehealth/);
	await fillExaminee(page, 'Actedfor');
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await confirmBooking(page);
	await openBookingAfterConfirm(page);

	await banner.getByRole('button', { name: 'Exit' }).click();
	await page.waitForURL('**/admin/users');
	await expect(page.getByRole('region', { name: 'Acting as someone else' })).toHaveCount(0);
	// The audit viewer, filtered to what was done for Tom: the booking, with both people named.
	await page.goto('/admin/audit');
	await page.getByLabel('On behalf of').fill('teamlead@demo.test');
	await page.getByLabel('Action').selectOption('booking.create');
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await page.waitForURL(/onBehalfOf=teamlead%40demo\.test/);
	const rows = page.getByTestId('audit-rows').locator('tbody tr');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('Alex Admin <admin@demo.test>');
	await expect(rows.first()).toContainText('for Tom Lead <teamlead@demo.test>');
	// …and as a sentence, with links to the people and the booking (by reference, never the examinee).
	const sentence = rows.first().getByTestId('audit-sentence');
	await expect(sentence).toContainText(/Alex Admin for Tom Lead booked IME-\w+\./);
	await expect(sentence.getByRole('link', { name: 'Alex Admin' })).toHaveAttribute('href', '/admin/users?q=admin%40demo.test');
	const bookingLink = sentence.getByRole('link', { name: /^IME-/ });
	await expect(bookingLink).toHaveAttribute('href', /^\/bookings\/[0-9a-f-]{36}$/);
	await expect(page.getByTestId('chain-status')).toContainText('Hash chain verified');
	await expectAccessible(page);
	await screenshot(page, 'admin-audit-filtered-1440');

	// The export of the same filters streams the same rows.
	const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-seq')));
	const exported = await page.request.get((await page.getByTestId('export-csv').getAttribute('href'))!);
	expect(exported.headers()['content-type']).toContain('text/csv');
	const lines = (await exported.text()).trim().split('\n').slice(1);
	expect(lines.map((l) => l.split(',')[0])).toEqual(shown);
	const json = (await (
		await page.request.get('/api/admin/audit/export?format=json&onBehalfOf=teamlead%40demo.test&action=booking.create')
	).json()) as Array<{ seq: number; actorEmail: string }>;
	expect(json.map((r) => String(r.seq))).toEqual(shown);
	expect(json[0]!.actorEmail).toBe('admin@demo.test');

	// On a phone the rows are cards: nothing runs off the side.
	await page.setViewportSize({ width: 390, height: 844 });
	await expect(sentence).toBeHidden();
	const card = page.getByTestId('audit-rows-cards').getByRole('listitem');
	await expect(card).toHaveCount(1);
	await expect(card.getByTestId('audit-sentence')).toContainText(/Alex Admin for Tom Lead booked IME-\w+\./);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await screenshot(page, 'admin-audit-390');
	await page.setViewportSize({ width: 1440, height: 900 });
	// The reference opens the booking.
	await bookingLink.click();
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/);
});

test('acting as an admin or a specialist is refused', async ({ page }) => {
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	await page.goto('/admin/users?q=specialist');
	// No "Act as" is offered for them; a forged request is refused and audited.
	await expect(page.getByRole('button', { name: /^Act as/ })).toHaveCount(0);
	const userId = await page.locator('input[name="userId"]').first().getAttribute('value');
	const res = await page.request.post('/admin/users?/impersonate', {
		form: { userId: userId! },
		headers: { origin: new URL(page.url()).origin, accept: 'application/json' }
	});
	const body = await res.json();
	expect(body.status).toBe(403);
	expect(JSON.stringify(body)).toContain('cannot be acted for');
});
