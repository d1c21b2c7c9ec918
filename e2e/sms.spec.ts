/**
 * A sign-in code by SMS, end to end: the production build configured with SMS_PROVIDER=sns sends
 * the code through the outbox and the SNS client to a fake SNS, and the code it received finishes
 * the sign-in. Self-contained: this file starts its own server (scripts/e2e-sns-server.ts) and fake.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as OTPAuth from 'otpauth';
import { E2E_USERS, PASSWORD } from './accounts';
import { expect, test, expectAccessible, screenshot, signIn, visit } from './fixtures';

const port = Number(process.env.E2E_SNS_PORT ?? 4175);
const fakePort = Number(process.env.E2E_FAKE_SNS_PORT ?? 4012);
const baseURL = `http://localhost:${port}`;
let server: ChildProcess | undefined;

test.use({ baseURL });
test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = spawn('npx', ['tsx', 'scripts/e2e-sns-server.ts'], {
		env: { ...process.env, E2E_SNS_PORT: String(port), E2E_FAKE_SNS_PORT: String(fakePort) },
		stdio: 'inherit',
		detached: true
	});
	const deadline = Date.now() + 150_000;
	for (;;) {
		const up = await fetch(`${baseURL}/api/health`).then(
			(r) => r.ok,
			() => false
		);
		if (up) break;
		if (server.exitCode !== null || Date.now() > deadline) throw new Error('the SMS e2e server did not start');
		await new Promise((r) => setTimeout(r, 500));
	}
});

test.afterAll(async () => {
	if (!server?.pid || server.exitCode !== null) return;
	const exited = new Promise((r) => server!.once('exit', r));
	// The whole group: npx, tsx, and the `node build` it started.
	process.kill(-server.pid, 'SIGTERM');
	await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
});

interface Received {
	phoneNumber: string;
	message: string;
	attributes: Record<string, { stringValue?: string }>;
	signed: boolean;
}

/** The newest SMS the fake SNS received for `phoneNumber`, waiting for the outbox to send it. */
async function smsTo(phoneNumber: string, after: number): Promise<Received> {
	let found: Received | undefined;
	await expect
		.poll(
			async () => {
				const all = (await (await fetch(`http://127.0.0.1:${fakePort}/_fake/messages`)).json()) as Received[];
				found = all.filter((m) => m.phoneNumber === phoneNumber).slice(after)[0];
				return Boolean(found);
			},
			{ timeout: 20_000 }
		)
		.toBe(true);
	return found!;
}

test('a sign-in code sent by SMS through SNS arrives and completes the sign-in', async ({ page }) => {
	const email = E2E_USERS[1]!.email;
	await signIn(page, email);
	await page.waitForURL('**/bookings');

	// A second factor first (an authenticator app), then codes by SMS when the app is not at hand.
	await visit(page, '/account/two-factor');
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
	const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
	await page.getByLabel('6-digit code from the app').fill(totp.generate());
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByText('Your authenticator app is set up')).toBeVisible();

	// A landline cannot take an SMS: the field says what to enter.
	await page.getByLabel('SMS', { exact: true }).check();
	await page.getByLabel('Mobile number (for SMS)').fill('02 9876 5432');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Enter an Australian mobile number, e.g. 0412 345 678.')).toBeVisible();
	await page.setViewportSize({ width: 1440, height: 900 });
	await screenshot(page, 'sms-mobile-refused-1440');
	await expectAccessible(page);
	await page.getByLabel('SMS', { exact: true }).check();
	await page.getByLabel('Mobile number (for SMS)').fill('0412 555 019');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();

	await page.getByRole('button', { name: 'Sign out', exact: true }).click();
	await page.waitForURL('**/sign-in');
	await signIn(page, email);
	await page.waitForURL('**/two-factor');
	await page.getByLabel('Email or SMS code').check();
	// Better Auth may already have sent one at sign-in: count what arrived before asking.
	const before = ((await (await fetch(`http://127.0.0.1:${fakePort}/_fake/messages`)).json()) as Received[]).filter(
		(m) => m.phoneNumber === '+61412555019'
	).length;
	await page.getByRole('button', { name: 'Send me a code' }).click();
	await expect(page.getByText('We sent you a code. It expires in 5 minutes.')).toBeVisible();
	await expectAccessible(page);
	await page.setViewportSize({ width: 390, height: 844 });
	await screenshot(page, 'sms-code-sent-390');

	const sms = await smsTo('+61412555019', before);
	expect(sms.signed).toBe(true);
	expect(sms.attributes['AWS.SNS.SMS.SMSType']?.stringValue).toBe('Transactional');
	expect(sms.attributes['AWS.SNS.SMS.SenderID']?.stringValue).toBe('IMEBook');
	const code = /\b(\d{6})\b/.exec(sms.message)?.[1];
	expect(code, 'the SMS carries a 6-digit code').toBeTruthy();

	await page.getByLabel('Code we sent you').fill(code!);
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.waitForURL('**/bookings');
});
