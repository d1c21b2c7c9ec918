/**
 * `npm run bench:time-to-book`: a repeat referrer (Rachel Referrer, who has booked before) books an
 * in-person IME with the keyboard only — Tab, typing, Enter, Space and arrows, no mouse — from the
 * wizard's first page to the confirmed booking, against the production build on fresh demo data.
 * The journey is e2e/keyboard-journey.ts, the one the keyboard e2e spec walks.
 *
 * Printed: the machine floor (the journey at machine speed), the keystrokes (typed characters, Tab,
 * Enter and the rest) and page loads it takes, and a modelled human time by the keystroke-level
 * model (Card, Moran & Newell 1980: K 0.28 s a keystroke of an average typist, P 1.1 s pointing,
 * H 0.4 s homing between keyboard and mouse, M 1.35 s mental preparation, R the system's response
 * as measured here), with every operator listed. Goal: under 60 s (printed as a ratio, not
 * asserted). Needs `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { KLM_SECONDS, KeyboardUser, bookByKeyboard, type Op } from '../e2e/keyboard-journey';

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
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
	await page.goto(`${base}/sign-in`);
	await page.getByLabel('Email', { exact: true }).fill('referrer@demo.test');
	await page.getByLabel('Password', { exact: true }).fill('demo-password');
	await page.keyboard.press('Enter');
	await page.waitForURL('**/bookings');
	const GOAL = 60;
	const u = new KeyboardUser(page);
	await page.goto(`${base}/bookings/new`);
	await page.waitForLoadState('networkidle');
	const started = performance.now();
	await bookByKeyboard(u, {
		exam: /IME — in person/,
		specialist: 'Dr Sam Specialist',
		examinee: {
			given: 'Jordan',
			family: 'Sample',
			dobDigits: '03021971',
			phone: '0412 345 678',
			address: '12 Harbour Street, Sydney NSW 2000',
			bodyParts: 'Lower back'
		}
	});
	const floor = (performance.now() - started) / 1000;
	const ratio = (s: number) => `${s.toFixed(1)} s / goal ${GOAL} s = ${(s / GOAL).toFixed(2)} — ${s < GOAL ? 'met' : 'NOT met'}`;

	console.log('\ntime to book: a repeat referrer, keyboard only (Rachel Referrer, IME in person with Dr Sam Specialist, examinee typed)');
	console.table(u.arrivals.map((a) => ({ 'page reached': a.step, 'seconds since start': ((a.at - started) / 1000).toFixed(2) })));
	console.log(`machine floor (the journey at machine speed): ${ratio(floor)}`);

	const k = u.keys;
	const keystrokes = k.tab + k.enter + k.typed + k.other;
	console.log(
		`keystrokes: ${keystrokes} (typed characters ${k.typed}, Tab ${k.tab}, Enter ${k.enter}, other keys ${k.other}: Space, arrows) — Tab + Enter ${k.tab + k.enter}`
	);
	console.log(`page loads: ${u.pages.length} (${u.fullLoads} whole document, ${u.pages.length - u.fullLoads} in the app)`);

	// The operators in order, page by page: "M find the specialist · K×7 Tab · K Enter · R 0.21 s".
	console.log('\noperators, page by page (keystroke-level model):');
	const byStep = new Map<string, Op[]>();
	for (const o of u.ops) byStep.set(o.step, [...(byStep.get(o.step) ?? []), o]);
	for (const [name, ops] of byStep) {
		const line = ops
			.map((o) => (o.op === 'R' ? `R ${o.seconds!.toFixed(2)} s (${o.label})` : `${o.op}${o.n > 1 ? `×${o.n}` : ''} ${o.label}`))
			.join(' · ');
		console.log(`  ${name.padEnd(12)} ${line}`);
	}
	const { by, total } = u.modelled();
	const meaning = {
		K: 'keystroke, average typist',
		P: 'point with the mouse',
		H: 'home hands between keyboard and mouse',
		M: 'mental preparation',
		R: 'system response, measured'
	} as const;
	console.table(
		(['K', 'P', 'H', 'M', 'R'] as const).map((op) => ({
			operator: op,
			meaning: meaning[op],
			count: by[op].n,
			'seconds each': op === 'R' ? 'measured' : KLM_SECONDS[op].toFixed(2),
			seconds: by[op].seconds.toFixed(1)
		}))
	);
	console.log(`modelled ${ratio(total)}`);
	await browser.close();
} finally {
	stop();
}
