import * as OTPAuth from 'otpauth';
import { E2E_USERS, PASSWORD } from './accounts';
import { expect, test, expectAccessible, outboxLink, screenshot, signIn, visit } from './fixtures';

const ROLES = [
	{ email: 'admin@demo.test', home: '/admin', heading: 'Dashboard' },
	{ email: 'owner@demo.test', home: '/bookings', heading: 'Bookings' },
	{ email: 'manager@demo.test', home: '/bookings', heading: 'Bookings' },
	{ email: 'teamlead@demo.test', home: '/bookings', heading: 'Bookings' },
	{ email: 'referrer@demo.test', home: '/bookings', heading: 'Bookings' },
	{ email: 'specialist@demo.test', home: '/appointments', heading: 'Your appointments' },
	{ email: 'rival@demo.test', home: '/bookings', heading: 'Bookings' }
];

test.describe('signing in', () => {
	for (const role of ROLES) {
		test(`${role.email} lands on ${role.home}`, async ({ page }) => {
			await visit(page, '/sign-in');
			await signIn(page, role.email);
			await page.waitForURL(`**${role.home}`);
			await expect(page.getByRole('heading', { level: 1, name: role.heading, exact: true })).toBeVisible();
			await expectAccessible(page);
			await visit(page, '/account');
			await page.getByRole('button', { name: 'Sign out', exact: true }).first().click();
			await page.waitForURL('**/sign-in');
		});
	}

	test('a wrong password says so and keeps the email', async ({ page }) => {
		await signIn(page, 'referrer@demo.test', 'not-the-password');
		await expect(page.getByRole('alert')).toHaveText(/email or password is not right/);
		await expect(page.getByLabel('Email')).toHaveValue('referrer@demo.test');
		await expectAccessible(page);
	});

	test('repeated failures lock the account, even for the right password', async ({ page }) => {
		const email = E2E_USERS[0]!.email;
		for (let i = 0; i < 5; i++) {
			await signIn(page, email, `wrong-password-${i}`);
			await expect(page.getByRole('alert')).toHaveText(/not right/);
		}
		await signIn(page, email, PASSWORD);
		await expect(page.getByRole('alert')).toHaveText(/Too many attempts/);
		expect(new URL(page.url()).pathname).toBe('/sign-in');
	});

	test('a signed-out visitor is sent to sign in and comes back after', async ({ page }) => {
		await page.goto('/account');
		await page.waitForURL('**/sign-in?next=%2Faccount');
		await page.getByLabel('Email').fill('referrer@demo.test');
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL('**/account');
	});

	test('a referrer cannot open the admin area', async ({ page }) => {
		await signIn(page, 'referrer@demo.test');
		await page.waitForURL('**/bookings');
		const response = await page.goto('/admin');
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
	});
});

test('an invitation from the outbox becomes an account that signs in', async ({ page, browser }) => {
	await signIn(page, 'admin@demo.test');
	await page.waitForURL('**/admin');
	await visit(page, '/admin/invitations');
	await page.getByLabel('Name').fill('Ivy Invitee');
	await page.getByLabel('Email').fill('ivy@e2e.test');
	await page.getByLabel('Organisation').selectOption({ label: 'Harbour Legal' });
	await page.getByRole('button', { name: 'Send invitation' }).click();
	await expect(page.getByText('Invitation sent to ivy@e2e.test')).toBeVisible();
	await expectAccessible(page);

	const link = await outboxLink(browser, 'ivy@e2e.test', /invited/);
	const context = await browser.newContext();
	const invitee = await context.newPage();
	await visit(invitee, link);
	await invitee.getByLabel('Password', { exact: true }).fill('ivy-chooses-a-password');
	await invitee.getByLabel('Repeat the password').fill('ivy-chooses-a-password');
	await invitee.getByRole('button', { name: 'Create my account' }).click();
	await invitee.waitForURL('**/sign-in?welcome');
	await signIn(invitee, 'ivy@e2e.test', 'ivy-chooses-a-password');
	await invitee.waitForURL('**/bookings');

	// The link works once.
	const again = await invitee.goto(link);
	expect(again?.status()).toBe(404);
	await context.close();
});

test('a second factor is enrolled, then asked for at sign-in', async ({ page }) => {
	const email = E2E_USERS[1]!.email;
	await signIn(page, email);
	await page.waitForURL('**/bookings');
	await visit(page, '/account/two-factor');
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
	await expect(page.getByTestId('backup-codes').getByRole('listitem')).toHaveCount(10);
	await expectAccessible(page);
	const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
	await page.getByLabel('6-digit code from the app').fill(totp.generate());
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByText('Your authenticator app is set up')).toBeVisible();

	await page.getByRole('button', { name: 'Sign out', exact: true }).click();
	await page.waitForURL('**/sign-in');
	await signIn(page, email);
	await page.waitForURL('**/two-factor');
	await expectAccessible(page);
	await page.getByLabel('Code from your authenticator app').fill('000000');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('alert')).toHaveText(/not right/);
	// The next period's code: the enrolment code is spent, and the server accepts one step of drift.
	await page.getByLabel('Code from your authenticator app').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.waitForURL('**/bookings');
});

test('a forgotten password is reset through the emailed link', async ({ page, browser }) => {
	const email = E2E_USERS[2]!.email;
	await visit(page, '/forgot-password');
	await page.getByLabel('Email').fill(email);
	await page.getByRole('button', { name: 'Email me a link' }).click();
	await expect(page.getByText(/we have emailed a link/)).toBeVisible();

	const link = await outboxLink(browser, email, /Reset your/);
	await visit(page, link);
	await page.getByLabel('New password', { exact: true }).fill('a-fresh-password-123');
	await page.getByLabel('Repeat the new password').fill('a-fresh-password-123');
	await page.getByRole('button', { name: 'Change password' }).click();
	await page.waitForURL('**/sign-in?reset');
	await signIn(page, email, PASSWORD);
	await expect(page.getByRole('alert')).toHaveText(/not right/);
	await signIn(page, email, 'a-fresh-password-123');
	await page.waitForURL('**/bookings');
});

test('signing out everywhere ends the other browser’s session at once', async ({ browser }) => {
	const email = 'everywhere@e2e.test';
	const [a, b] = await Promise.all([browser.newContext(), browser.newContext()]);
	const [pa, pb] = await Promise.all([a.newPage(), b.newPage()]);
	await signIn(pa, email);
	await pa.waitForURL('**/bookings');
	await signIn(pb, email);
	await pb.waitForURL('**/bookings');
	await visit(pa, '/account');
	await expect(pa.getByTestId('sessions').getByRole('listitem')).toHaveCount(2);
	await pa.getByRole('button', { name: 'Sign out everywhere' }).click();
	await pa.waitForURL('**/sign-in');
	await pb.goto('/bookings');
	await pb.waitForURL('**/sign-in?next=%2Fbookings');
	await Promise.all([a.close(), b.close()]);
});

test.describe('screens', () => {
	test('admin dashboard at 1440 px', async ({ page }) => {
		await page.setViewportSize({ width: 1440, height: 900 });
		await signIn(page, 'admin@demo.test');
		await page.waitForURL('**/admin');
		await screenshot(page, 'admin-dashboard-1440');
		await visit(page, '/admin/invitations');
		await screenshot(page, 'admin-invitations-1440');
		await visit(page, '/admin/audit');
		await screenshot(page, 'admin-audit-1440');
	});

	test('referrer on a phone at 390 px', async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await visit(page, '/sign-in');
		await screenshot(page, 'sign-in-390');
		await signIn(page, 'referrer@demo.test');
		await page.waitForURL('**/bookings');
		await expectAccessible(page);
		await screenshot(page, 'referrer-bookings-390');
		await visit(page, '/account');
		await screenshot(page, 'referrer-account-390');
	});
});

test('the demo signs in on whatever loopback or LAN address reaches it, not only on its origin', async ({ page, baseURL }) => {
	const loopback = baseURL!.replace('localhost', '127.0.0.1');
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(`${loopback}/sign-in`);
	await page.getByLabel('Email').fill('referrer@demo.test');
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(`${loopback}/bookings`);
	await expect(page.getByRole('heading', { name: 'Bookings', exact: true })).toBeVisible();
});
