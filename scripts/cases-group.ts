/**
 * `npm run cases:group`: group existing bookings into cases (by claim number and claimant), once,
 * and print the report (counts only). The app also runs it at start-up; a second run reports the first.
 */
import { ConfigError, parseConfig } from '../src/lib/config';
import { openDatabase } from '../src/lib/server/db/client';
import { loadCipher } from '../src/lib/server/services/crypto/keys';
import { GROUP_BOOKINGS_MIGRATION, groupBookingsOnce } from '../src/lib/server/services/cases/group-bookings';
import { findDataMigration } from '../src/lib/server/repositories/case-links.repository';

try {
	const config = parseConfig();
	const database = await openDatabase(config.database);
	if (database.kind === 'pglite') await database.migrate();
	const cipher = await loadCipher(config);
	const report = await groupBookingsOnce({ database, cipher });
	if (report) console.log('Grouped bookings into cases:', report);
	else {
		const done = await findDataMigration(database.db, GROUP_BOOKINGS_MIGRATION);
		console.log(`Already grouped on ${done?.ranAt.toISOString() ?? 'an earlier run'}:`, JSON.parse(done?.report || '{}'));
	}
	await database.close();
} catch (err) {
	if (err instanceof ConfigError) {
		console.error(err.message);
		process.exit(1);
	}
	throw err;
}
