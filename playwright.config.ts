import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4173);
/** A second server of the same production build, configured for Acuity, against the fake Acuity (e2e/acuity/). */
const acuityPort = Number(process.env.E2E_ACUITY_PORT ?? 4174);
const fakeAcuityPort = Number(process.env.E2E_FAKE_ACUITY_PORT ?? 4011);
// Debian's Chromium by default; set PLAYWRIGHT_CHROMIUM_PATH elsewhere (or leave empty for Playwright's own).
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
	testDir: 'e2e',
	outputDir: 'test-results',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
	use: {
		baseURL: `http://localhost:${port}`,
		// A trace of every test is recorded and kept for the failures; E2E_TRACE=off records none
		// (.ci/run: nobody reads that machine's test-results, and recording cost about 13 % of the run).
		trace: process.env.E2E_TRACE === 'off' ? 'off' : 'retain-on-failure',
		locale: 'en-AU',
		timezoneId: 'Australia/Sydney',
		launchOptions: {
			executablePath: executablePath || undefined,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [
		{ name: 'built-in', testIgnore: /acuity\// },
		{ name: 'acuity', testMatch: /acuity\/.*\.spec\.ts/, use: { baseURL: `http://localhost:${acuityPort}` } }
	],
	webServer: [
		{
			command: 'npx tsx scripts/e2e-server.ts',
			url: `http://localhost:${port}/api/health`,
			reuseExistingServer: false,
			timeout: 120_000,
			env: { E2E_PORT: String(port) }
		},
		{
			command: 'npx tsx scripts/e2e-acuity-server.ts',
			url: `http://localhost:${acuityPort}/api/health`,
			reuseExistingServer: false,
			timeout: 120_000,
			env: { E2E_ACUITY_PORT: String(acuityPort), E2E_FAKE_ACUITY_PORT: String(fakeAcuityPort) }
		}
	]
});
