/**
 * Specialists' locations: an admin adds rooms on a specialist's page (a wrong postcode is named
 * first), makes them primary and puts a weekday's hours there — also without JavaScript — and a
 * referrer booking an in-person examination sees the address on the way and on the booking's page.
 */
import type { Page } from '@playwright/test';
import { expect, test, confirmBooking, expectAccessible, fillExaminee, screenshot, signIn, visit } from './fixtures';

/** The admin's page of a specialist; checked with axe unless the browser runs no JavaScript (axe needs it). */
async function openSpecialist(page: Page, name: RegExp, axe = true) {
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	if (axe) await visit(page, '/admin/specialists');
	else await page.goto('/admin/specialists');
	await page.getByTestId('specialists').getByRole('link', { name }).click();
	await page.waitForURL(/\/admin\/specialists\/[0-9a-f-]{36}$/);
}

async function fillAddress(
	page: Page,
	place: { name: string; line1: string; line2: string; suburb: string; state: string; postcode: string }
) {
	const form = page.getByTestId('add-location');
	await form.getByLabel('Name of the place').fill(place.name);
	await form.getByLabel('Street address').fill(place.line1);
	await form.getByLabel('Level, suite or building').fill(place.line2);
	await form.getByLabel('Suburb').fill(place.suburb);
	await form.getByLabel('State').selectOption(place.state);
	await form.getByLabel('Postcode').fill(place.postcode);
	await form.getByLabel('Directions for the examinee').fill('Park behind the building; the rooms are upstairs.');
}

test.describe('an admin on a desktop', () => {
	test.use({ viewport: { width: 1440, height: 900 } });

	test('adds a location to a specialist, after a wrong postcode is named', async ({ page }) => {
		await openSpecialist(page, /Dr Priya Natarajan/);
		const list = page.getByTestId('locations');
		await expect(list).toContainText('North Terrace rooms');
		await expect(list).toContainText('Primary');

		const form = page.getByTestId('add-location');
		await fillAddress(page, {
			name: 'Norwood rooms',
			line1: '150 The Parade',
			line2: 'Suite 4',
			suburb: 'Norwood',
			state: 'SA',
			postcode: '506'
		});
		await form.getByRole('button', { name: 'Add the location' }).click();
		await expect(form.locator('#new-location-postcode-error')).toHaveText('A postcode is four digits, e.g. 2000.');
		await expect(form.getByLabel('Postcode')).toHaveAttribute('aria-invalid', 'true');
		// What was typed is still there.
		await expect(form.getByLabel('Suburb')).toHaveValue('Norwood');
		await expectAccessible(page);

		await form.getByLabel('Postcode').fill('5067');
		await form.getByRole('button', { name: 'Add the location' }).click();
		await expect(form.getByText('Norwood rooms added.')).toBeVisible();
		await expect(list).toContainText('Norwood rooms, Suite 4, 150 The Parade, Norwood SA 5067');
		await expect(list).toContainText('Park behind the building');
		// With two locations, each weekday's hours say where they are.
		await expect(page.getByTestId('weekly-hours').getByLabel('Friday location')).toBeVisible();
		await expectAccessible(page);
		await screenshot(page, 'locations-admin-1440');
	});
});

test.describe('an admin without JavaScript', () => {
	test.use({ viewport: { width: 1440, height: 900 }, javaScriptEnabled: false });

	test('adds rooms, makes them primary and back, and puts Thursday’s hours there', async ({ page }) => {
		await openSpecialist(page, /Dr Lachlan Ross/, false);
		await fillAddress(page, {
			name: 'Joondalup rooms',
			line1: '60 Shenton Avenue',
			line2: '',
			suburb: 'Joondalup',
			state: 'WA',
			postcode: '6027'
		});
		await page.getByTestId('add-location').getByRole('button', { name: 'Add the location' }).click();
		await expect(page.getByText('Joondalup rooms added.')).toBeVisible();
		const list = page.getByTestId('locations');
		const joondalup = list.getByRole('listitem').filter({ hasText: 'Joondalup rooms, 60 Shenton Avenue, Joondalup WA 6027' });

		await joondalup.getByRole('button', { name: 'Make primary Joondalup rooms' }).click();
		await expect(page.getByText('Primary location changed')).toBeVisible();
		await expect(joondalup.getByText('Primary', { exact: true })).toBeVisible();
		const hollywood = list.getByRole('listitem').filter({ hasText: 'Hollywood rooms' });
		await hollywood.getByRole('button', { name: 'Make primary Hollywood rooms' }).click();
		await expect(hollywood.getByText('Primary', { exact: true })).toBeVisible();
		await expect(joondalup.getByText('Primary', { exact: true })).toHaveCount(0);

		const hours = page.getByTestId('weekly-hours');
		await hours.getByLabel('Thursday location').selectOption({ label: 'Joondalup rooms' });
		await hours.getByRole('button', { name: 'Save opening hours' }).click();
		await expect(page.getByText('Opening hours saved.')).toBeVisible();
		await expect(page.getByTestId('weekly-hours').getByLabel('Thursday location').locator('option:checked')).toHaveText('Joondalup rooms');
		await expect(page.getByTestId('weekly-hours').getByLabel('Monday location').locator('option:checked')).toHaveText(
			'Hollywood rooms (primary)'
		);

		// Removed: kept for the bookings made there, and usable again.
		await joondalup.locator('summary').click();
		await joondalup.getByRole('button', { name: 'Remove Joondalup rooms' }).click();
		await expect(page.getByText('Location removed')).toBeVisible();
		await expect(page.getByTestId('removed-locations')).toContainText('Joondalup rooms');
	});
});

test.describe('a referrer on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('books an in-person examination and sees where it is, on the way and on the booking', async ({ page }) => {
		const address = 'Wickham Terrace rooms, Suite 7, 131 Wickham Terrace, Spring Hill QLD 4000';
		await signIn(page, 'referrer@demo.test');
		await page.waitForURL('**/bookings');
		await page.goto('/bookings/new');
		await page.getByRole('link', { name: /IME — in person/ }).click();
		const card = page.getByTestId('directory').getByRole('listitem').filter({ hasText: 'Dr James Whitford' });
		await expect(card.getByTestId('rooms')).toContainText('Spring Hill QLD');
		await expectAccessible(page);
		await card.getByRole('link', { name: 'Choose Dr James Whitford' }).click();
		await page.waitForURL(/\/bookings\/new\/slot\?/);
		await page.getByTestId('times').getByRole('button').first().click();
		await page.waitForURL(/\/examinee$/);
		// On a phone the held booking is a bar that opens to the summary.
		const bar = page.getByTestId('hold-bar');
		await bar.getByText('Show booking').click();
		await expect(bar.getByTestId('summary-where')).toContainText(address);
		await expectAccessible(page);
		await fillExaminee(page, 'Placeperson');
		await page.getByRole('button', { name: 'Review the booking' }).click();
		await page.waitForURL(/\/review$/);
		await expect(page.getByTestId('summary-where').filter({ visible: true }).first()).toContainText(address);
		await expectAccessible(page);
		await confirmBooking(page);
		await page.waitForURL(/\/bookings\/[0-9a-f-]{36}(\/confirmed|\?created)?$/);

		const id = /\/bookings\/([0-9a-f-]{36})/.exec(page.url())![1];
		await visit(page, `/bookings/${id}`);
		const where = page.getByTestId('where');
		await expect(where).toContainText(address);
		await expect(where).toContainText('Street parking on Wickham Terrace');
		await screenshot(page, 'locations-booking-390');
	});
});
