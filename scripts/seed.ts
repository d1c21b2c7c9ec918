/**
 * Migrate and seed the demo data (idempotent). Refuses a production PostgreSQL database unless
 * run with --force.
 */
import { parseConfig, ConfigError } from '../src/lib/config';
import { createApp } from '../src/lib/server/app';
import { createLogger } from '../src/lib/server/logger';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../src/lib/server/demo/seed';

try {
	const config = parseConfig();
	if (config.production && config.database.kind === 'postgres' && !process.argv.includes('--force')) {
		console.error('Refusing to seed demo accounts into a production database. Run with --force if you really mean it.');
		process.exit(2);
	}
	const app = await createApp(config, { logger: createLogger({ level: 'warn', pretty: false }) });
	if (app.database.kind === 'postgres') await app.database.migrate();
	const { created } = await seedDemo(app);
	await app.close();
	console.log(created.length ? `Seeded ${created.length} demo accounts.` : 'Demo data already present.');
	if (process.argv.includes('--print')) for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(22)} ${DEMO_PASSWORD}`);
} catch (err) {
	if (err instanceof ConfigError) {
		console.error(err.message);
		process.exit(1);
	}
	throw err;
}
