import type { Page } from '@playwright/test';
import Holidays from 'date-holidays';
import {
	expect,
	test,
	chooseFirstTime,
	expectAccessible,
	fillExaminee,
	screenshot,
	signIn,
	confirmBooking,
	openBookingAfterConfirm,
	CANARY
} from './fixtures';

/** Every URL the browser asked for, to prove no examinee detail ever appears in one. */
function recordUrls(page: Page) {
	const urls: string[] = [];
	page.on('request', (r) => urls.push(r.url()));
	return urls;
}

async function expectNoPhiInBrowser(page: Page, urls: string[]) {
	for (const u of urls) expect(u).not.toMatch(new RegExp(`${CANARY.family}|${CANARY.dob}`, 'i'));
	const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
	expect(storage).not.toContain(CANARY.family);
	const cookies = JSON.stringify(await page.context().cookies());
	expect(cookies).not.toContain(CANARY.family);
}

test('a referrer books through the wizard, and a reload keeps what was typed', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	const urls = recordUrls(page);
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	await chooseFirstTime(page, /IME — in person/);
	await expect(page.getByRole('timer')).toContainText('held for you');
	await expectAccessible(page);

	// A phone number that is not one: the error names the field, and a reload keeps everything typed.
	await fillExaminee(page);
	await page.getByLabel('Phone').fill('call my lawyer');
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await expect(page.getByText('Enter a phone number')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Family name')).toHaveValue(CANARY.family);
	await page.getByLabel('Phone').fill('0412 345 678');
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await page.waitForURL(/\/review$/);
	await expect(page.getByText(`${CANARY.given} ${CANARY.family}`)).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, 'wizard-review-1440');
	// The first free time is inside the free-cancellation period: the review says so before anything
	// is booked, and the booking needs the fee accepted.
	const terms = page.getByTestId('booking-terms');
	await expect(terms).toContainText('includes GST');
	await expect(terms).toContainText('None: this time is less than 2 business days away');
	await page.getByRole('button', { name: 'Confirm booking' }).click();
	await expect(page).toHaveURL(/\/review$/);
	await confirmBooking(page);
	await openBookingAfterConfirm(page);
	await expectNoPhiInBrowser(page, urls);

	// A repeat booking starts from this one's specialist and examination.
	await page.getByRole('link', { name: /Book again with Dr Sam Specialist/ }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	await expect(page.getByRole('heading', { name: 'Choose a time' })).toBeVisible();
	await expect(page.getByText(/Dr Sam Specialist/).first()).toBeVisible();
});

test('a referrer books on a phone', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const urls = recordUrls(page);
	await signIn(page, 'owner@demo.test');
	await page.waitForURL('**/bookings');
	await chooseFirstTime(page, /IME — telehealth/);
	await fillExaminee(page, 'Phoneperson');
	await screenshot(page, 'wizard-examinee-390');
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await page.waitForURL(/\/review$/);
	await expectAccessible(page);
	await confirmBooking(page);
	await openBookingAfterConfirm(page);
	await expectNoPhiInBrowser(page, urls);
});

test("a referrer's Back from the examinee step finds the time they hold marked as theirs; choosing another moves it", async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, 'back@e2e.test');
	await page.waitForURL('**/bookings');
	await page.goto('/bookings/new');
	await page.getByRole('link', { name: /IME — in person/ }).click();
	await page.getByRole('link', { name: 'Choose Dr Sam Specialist' }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	const slotData: string[] = [];
	page.on('request', (r) => {
		if (r.url().includes('/bookings/new/slot/__data.json')) slotData.push(r.url());
	});
	await page.getByTestId('times').getByRole('button').first().click();
	await page.waitForURL(/\/bookings\/new\/d\/[0-9a-f-]+\/examinee$/);
	const draftId = /\/d\/([0-9a-f-]{36})\/examinee$/.exec(page.url())![1]!;
	// The times' page named its new draft in its place in the history without loading anything again.
	expect(slotData).toEqual([]);

	await page.goBack();
	await expect(page).toHaveURL(new RegExp(`/bookings/new/slot\\?.*draft=${draftId}`));
	const slotUrl = new URL(page.url());
	const times = page.getByTestId('times');
	const held = times.getByRole('button', { name: /Held for you/ });
	await expect(held).toHaveCount(1);
	await expect(page.getByTestId('held-notice')).toContainText('You are holding');
	await expectAccessible(page);
	await screenshot(page, 'wizard-slot-held-390');
	const first = await held.getAttribute('value');

	// Another time: the same draft goes on, holding that one instead (one hold, not two).
	const other = times.getByRole('button').filter({ hasNotText: 'Held for you' }).first();
	const second = await other.getAttribute('value');
	await other.click();
	await page.waitForURL(`**/bookings/new/d/${draftId}/examinee`);
	await page.goBack();
	await expect(times.getByRole('button', { name: /Held for you/ })).toHaveAttribute('value', second!);
	expect(second).not.toBe(first);

	// Let it go for whoever books next.
	await page.getByRole('button', { name: 'change specialist' }).click();
	await page.waitForURL(/\/bookings\/new\/specialist\?/);

	// Back to the times of a draft that is gone (booked since, or expired): it is dropped, and
	// choosing a time starts a new one instead of failing.
	const gone = '00000000-0000-4000-8000-000000000000';
	slotUrl.searchParams.set('draft', gone);
	await page.goto(slotUrl.pathname + slotUrl.search);
	await expect(times.getByRole('button', { name: /Held for you/ })).toHaveCount(0);
	await times.getByRole('button').first().click();
	await page.waitForURL(/\/bookings\/new\/d\/[0-9a-f-]+\/examinee$/);
	expect(page.url()).not.toContain(gone);
	await page.goBack();
	await page.getByRole('button', { name: 'change specialist' }).click();
	await page.waitForURL(/\/bookings\/new\/specialist\?/);
});

/** An admin at 1440 px starts a booking for Rachel Referrer, who phoned: the wizard's first step. */
async function startBookingForRachel(page: Page) {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	await page.getByRole('link', { name: 'Book for a referrer' }).click();
	await page.getByLabel('Name, email or organisation').fill('Rachel');
	await page.getByRole('button', { name: 'Search' }).click();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Book for Rachel Referrer' }).click();
	await page.waitForURL(/\/bookings\/new\?draft=/);
}

test('an admin books on behalf of a referrer who phoned, and the booking says so', async ({ page, browser }) => {
	await startBookingForRachel(page);
	await expect(page.getByText('Booking on behalf of')).toContainText('Rachel Referrer');
	await page.getByRole('link', { name: /IME — in person/ }).click();
	await page.getByRole('link', { name: 'Choose Dr Priya Natarajan' }).click();
	await page.getByTestId('times').getByRole('button').first().click();
	await page.waitForURL(/\/examinee$/);
	await fillExaminee(page, 'Phoned');
	await page.getByRole('button', { name: 'Review the booking' }).click();
	await expect(page.getByText('On behalf of')).toBeVisible();
	await confirmBooking(page);
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\/confirmed$/);
	await expect(page.getByTestId('confirmation')).toContainText('Booked for Rachel Referrer');
	await openBookingAfterConfirm(page);
	const bookingUrl = new URL(page.url()).pathname;
	await expect(page.getByText(/on behalf of/i).first()).toBeVisible();

	// Another organisation's referrer cannot see it: it answers like a missing page.
	const rival = await browser.newContext();
	const rp = await rival.newPage();
	await signIn(rp, 'rival@demo.test');
	await rp.waitForURL('**/bookings');
	const res = await rp.goto(bookingUrl);
	expect(res?.status()).toBe(404);
	await rival.close();
});

/** The next public holiday (national or NSW) on a weekday, 3 to 80 days away, and a working day of the same month. */
function nextWeekdayHoliday(): { holiday: string; workday: string } {
	const calendar = new Holidays('AU', 'NSW');
	const day = (d: Date) => d.toISOString().slice(0, 10);
	const from = day(new Date(Date.now() + 3 * 86_400_000));
	const to = day(new Date(Date.now() + 80 * 86_400_000));
	const year = Number(from.slice(0, 4));
	const publicDays = new Set(
		[...calendar.getHolidays(year), ...calendar.getHolidays(year + 1)].filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10))
	);
	const weekday = (d: string) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay());
	const holiday = [...publicDays].sort().find((d) => d >= from && d <= to && weekday(d));
	if (!holiday) throw new Error('no weekday public holiday in the next 80 days');
	for (let i = 1; i < 28; i++) {
		for (const sign of [-1, 1]) {
			const d = day(new Date(Date.parse(`${holiday}T12:00:00Z`) + sign * i * 86_400_000));
			if (d.slice(0, 7) === holiday.slice(0, 7) && d >= from && weekday(d) && !publicDays.has(d)) return { holiday, workday: d };
		}
	}
	throw new Error('no working day beside the holiday');
}

test('the time step closes public holidays and marks times inside the free-cancellation period', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'referrer@demo.test');
	await page.waitForURL('**/bookings');
	await page.goto('/bookings/new');
	await page.getByRole('link', { name: /IME — in person/ }).click();
	await page.getByLabel('State').selectOption('NSW');
	await page.getByRole('button', { name: 'Filter' }).click();
	await page.getByRole('link', { name: 'Choose Dr Sam Specialist' }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	// The first free day is less than two business days away: its times carry the late fee, said before choosing.
	await expect(page.getByTestId('late-notice')).toContainText('less than two business days away');
	await expect(page.getByTestId('times').getByText('Late fee').first()).toBeVisible();

	const { holiday, workday } = nextWeekdayHoliday();
	await page.goto(`${page.url().split('&month=')[0]}&month=${holiday.slice(0, 7)}`);
	const label = (d: string) =>
		`${new Intl.DateTimeFormat('en-AU', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`))}, times available`;
	await expect(page.getByRole('link', { name: label(workday) })).toBeVisible();
	await expect(page.getByRole('link', { name: label(holiday) })).toHaveCount(0);
	await expectAccessible(page);
});

test('an admin changing the specialist keeps the same draft and the referrer it is for', async ({ page }) => {
	await startBookingForRachel(page);
	await page.getByRole('link', { name: /IME — in person/ }).click();
	await page.getByRole('link', { name: 'Choose Dr Priya Natarajan' }).click();
	await page.getByTestId('times').getByRole('button').first().click();
	await page.waitForURL(/\/examinee$/);
	const draftId = new URL(page.url()).pathname.split('/')[4];

	// Another time: the held one stays held, shown as theirs, until another is chosen; another
	// specialist lets it go at once (the admin's holds list shows one fewer of Dr Priya's).
	const priyaHolds = async () => {
		await page.goto('/admin/scheduling');
		return page
			.getByTestId('holds')
			.getByText(/^Dr Priya Natarajan,/)
			.count();
	};
	const held = await priyaHolds();
	expect(held).toBeGreaterThan(0);
	await page.goBack();
	await page.waitForURL(/\/examinee$/);
	await page.getByRole('link', { name: 'Choose another time' }).click();
	await page.waitForURL(/\/bookings\/new\/slot\?/);
	await expect(page.getByTestId('times').getByRole('button', { name: /Held for you/ })).toHaveCount(1);
	const slotPage = page.url();
	expect(await priyaHolds()).toBe(held);
	await page.goto(slotPage);
	await page.getByRole('button', { name: 'change specialist' }).click();
	await page.waitForURL(/\/bookings\/new\/specialist\?/);
	await expect(page).toHaveURL(new RegExp(`draft=${draftId}`));
	const specialistPage = page.url();
	expect(await priyaHolds()).toBe(held - 1);
	await page.goto(specialistPage);
	await page.getByRole('link', { name: 'Choose Dr Sam Specialist' }).click();
	await page.getByTestId('times').getByRole('button').last().click();
	await page.waitForURL(`**/bookings/new/d/${draftId}/examinee`);
	await expect(page.getByText('Choose the referrer you are booking for')).toHaveCount(0);
});
