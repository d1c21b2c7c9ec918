import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';

const withPostgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
	plugins: [tailwindcss(), sveltekit()],
	test: {
		// Each test file builds its own services (database, cache), so files run in parallel safely.
		// They also share a worker's module graph (isolate: false): importing the server's modules
		// afresh for each of 170 files was half of the suite's time. A test that changes timers,
		// environment or spies undoes it itself (afterEach or finally).
		projects: [
			{
				extends: true,
				test: {
					name: 'pglite',
					include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
					// *.pg.test.ts: PostgreSQL's own features (its TLS, other databases); the postgres project runs them.
					exclude: ['**/node_modules/**', 'src/**/*.pg.test.ts'],
					env: { TEST_DB_KIND: 'pglite' },
					isolate: false,
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				// The AWS CDK app (infra/, its own package): synthesized and checked offline.
				test: {
					name: 'infra',
					root: './infra',
					include: ['test/**/*.test.ts'],
					testTimeout: 180_000,
					hookTimeout: 180_000
				}
			},
			...(withPostgres
				? [
						{
							extends: true as const,
							test: {
								name: 'postgres',
								include: ['src/**/*.int.test.ts', 'src/**/*.pg.test.ts'],
								env: { TEST_DB_KIND: 'postgres' },
								isolate: false,
								testTimeout: 30_000,
								hookTimeout: 60_000
							}
						}
					]
				: [])
		]
	}
});
