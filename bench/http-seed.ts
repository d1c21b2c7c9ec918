/**
 * Seed for bench/http.js: the demo accounts, then enough demo bookings that the benchmark's
 * referrer has about BENCH_BOOKINGS of their own (the demo spreads bookings over four referrers).
 * Only ever run by the benchmark against a throwaway DATA_DIR or a database it just created.
 */
import { parseConfig } from '../src/lib/config';
import { createApp } from '../src/lib/server/app';
import { createLogger } from '../src/lib/server/logger';
import { seedDemo } from '../src/lib/server/demo/seed';
import { seedDemoBookings } from '../src/lib/server/demo/bookings';

const perReferrer = Number(process.env.BENCH_BOOKINGS ?? 300);
if (!Number.isInteger(perReferrer) || perReferrer < 1)
	throw new Error(`BENCH_BOOKINGS must be a positive integer, got "${process.env.BENCH_BOOKINGS}"`);

// Migrated by createApp itself (as on PGlite), before the data migrations it runs at start.
const app = await createApp(parseConfig({ ...process.env, DB_MIGRATE_ON_START: 'true' }), {
	logger: createLogger({ level: 'warn', pretty: false })
});
try {
	await seedDemo(app);
	// Four referrer memberships share the bookings; a few near "now" are left out by the demo.
	const made = await seedDemoBookings(app, { count: Math.ceil(perReferrer * 4.4), withDocuments: 40 });
	console.log(`seeded ${made} demo bookings`);
} finally {
	await app.close();
}
