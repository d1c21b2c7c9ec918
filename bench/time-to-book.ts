/**
 * `npm run bench:time-to-book`: a repeat referrer books an examination with the keyboard only
 * (focus, typing, Enter and Space — no mouse), against the production build on fresh demo data.
 * Prints the time from the bookings page to the confirmed booking. Goal: under 60 s (printed,
 * not asserted). Needs `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';

const port = Number(process.env.BENCH_PORT ?? 4391);
const base = `http://localhost:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/e2e-server.ts'], {
	env: { ...process.env, E2E_PORT: String(port), E2E_LOG_LEVEL: 'error' },
	stdio: ['ignore', 'ignore', 'inherit']
});
const stop = () => server.kill('SIGTERM');
process.on('exit', stop);

async function waitForHealth() {
	for (let i = 0; i < 120; i++) {
		try {
			if ((await fetch(`${base}/api/health`)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error('server did not start');
}

try {
	await waitForHealth();
	const browser = await chromium.launch({
		executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	const kb = page.keyboard;
	const press = async (selector: ReturnType<typeof page.getByRole>, key = 'Enter') => {
		await selector.focus();
		await kb.press(key);
	};
	const type = async (label: string, text: string) => {
		await page.getByLabel(label, { exact: true }).focus();
		await kb.type(text, { delay: 0 });
	};
	await page.goto(`${base}/sign-in`);
	await type('Email', 'referrer@demo.test');
	await type('Password', 'demo-password');
	await kb.press('Enter');
	await page.waitForURL('**/bookings');

	const started = performance.now();
	const steps: [string, number][] = [];
	const mark = (name: string) => steps.push([name, (performance.now() - started) / 1000]);
	await press(page.getByRole('link', { name: 'New booking' }).first());
	await page.waitForURL('**/bookings/new');
	await press(page.getByRole('link', { name: /IME — in person/ }));
	await page.waitForURL(/specialist\?type=/);
	mark('exam chosen');
	await press(page.getByRole('link', { name: 'Choose Dr Sam Specialist' }));
	await page.waitForURL(/slot\?/);
	mark('specialist chosen');
	await press(page.getByTestId('times').getByRole('button').first());
	await page.waitForURL(/examinee$/);
	mark('time held');
	await type('Given names', 'Jordan');
	await type('Family name', 'Sample');
	await type('Date of birth', '03021971');
	await type('Phone', '0412 345 678');
	await type('Address', '12 Harbour Street, Sydney NSW 2000');
	await page.getByLabel('Body parts or conditions to be assessed').focus();
	await kb.type('Lower back');
	await press(page.getByRole('group', { name: /attended an IME/ }).getByLabel('No'), 'Space');
	await page.getByLabel('Claim type').focus();
	await kb.press('ArrowDown');
	await press(page.getByRole('button', { name: 'Review the booking' }));
	await page.waitForURL(/review$/);
	mark('details entered');
	// The first free time is inside the free-cancellation period: accept the fee (one key).
	const accept = page.getByLabel(/I accept the late-cancellation fee/);
	if (await accept.isVisible()) await press(accept, 'Space');
	await press(page.getByRole('button', { name: 'Confirm booking' }));
	await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\?created$/);
	mark('confirmed');
	const total = steps.at(-1)![1];
	console.log('\ntime to book (keyboard only, repeat referrer)');
	console.table(steps.map(([step, s]) => ({ step, 'seconds since start': s.toFixed(1) })));
	console.log(`total ${total.toFixed(1)} s — goal < 60 s: ${total < 60 ? 'met' : 'NOT met'}`);
	await browser.close();
} finally {
	stop();
}
