/** Check the audit trail's hash chain; names the first row that does not fit. Exit 1 if broken. */
import { ConfigError, parseConfig } from '../src/lib/config';
import { openDatabase } from '../src/lib/server/db/client';
import { verifyAuditChain } from '../src/lib/server/services/audit/audit';

try {
	const config = parseConfig();
	const database = await openDatabase(config.database);
	if (database.kind === 'pglite') await database.migrate();
	const report = await verifyAuditChain(database.db);
	await database.close();
	if (report.ok) console.log(`Audit chain intact: ${report.rows} rows.`);
	else {
		console.error(`Audit chain broken at row seq ${report.firstBad?.seq}: ${report.firstBad?.reason}. ${report.rows} rows checked.`);
		process.exit(1);
	}
} catch (err) {
	if (err instanceof ConfigError) {
		console.error(err.message);
		process.exit(1);
	}
	throw err;
}
