/**
 * Migrate and seed the demo data (idempotent). Refuses a production PostgreSQL database unless
 * run with --force.
 */
import { parseConfig, ConfigError } from '../src/lib/config';
import { createApp } from '../src/lib/server/app';
import { createLogger } from '../src/lib/server/logger';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../src/lib/server/demo/seed';
import { seedDemoBookings } from '../src/lib/server/demo/bookings';

try {
	const config = parseConfig();
	if (config.production && config.database.kind === 'postgres' && !process.argv.includes('--force')) {
		console.error('Refusing to seed demo accounts into a production database. Run with --force if you really mean it.');
		process.exit(2);
	}
	const app = await createApp(config, { logger: createLogger({ level: 'warn', pretty: false }) });
	if (app.database.kind === 'postgres') await app.database.migrate();
	const { created } = await seedDemo(app);
	// Bookings, reports and documents to look at (the built-in scheduler's demo only).
	const bookings =
		app.scheduling.provider.kind === 'builtin' && !process.argv.includes('--accounts-only') ? await seedDemoBookings(app) : 0;
	await app.close();
	console.log(created.length ? `Seeded ${created.length} demo accounts.` : 'Demo data already present.');
	if (bookings) console.log(`Seeded ${bookings} demo bookings.`);
	if (process.argv.includes('--print')) for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(22)} ${DEMO_PASSWORD}`);
} catch (err) {
	if (err instanceof ConfigError) {
		console.error(err.message);
		process.exit(1);
	}
	throw err;
}
