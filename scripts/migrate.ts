/** Apply the SQL migrations in drizzle/ to the configured database (PostgreSQL or PGlite). */
import { ConfigError, parseConfig } from '../src/lib/config';
import { openDatabase } from '../src/lib/server/db/client';

try {
	const config = parseConfig();
	const database = await openDatabase(config.database);
	await database.migrate();
	await database.close();
	console.log(`Migrations applied (${database.kind}).`);
} catch (err) {
	if (err instanceof ConfigError) {
		console.error(err.message);
		process.exit(1);
	}
	throw err;
}
