/**
 * `npm run keys:rotate`: re-seal PHI with the active key (PHI_ACTIVE_KEY_ID, or the last of
 * PHI_KEYS). Add the new key to PHI_KEYS first, keep the old one until this has finished.
 */
import { ConfigError, parseConfig } from '../src/lib/config';
import { openDatabase } from '../src/lib/server/db/client';
import { loadCipher } from '../src/lib/server/services/crypto/keys';
import { rotatePhi } from '../src/lib/server/services/crypto/rotate';

try {
	const config = parseConfig();
	const database = await openDatabase(config.database);
	if (database.kind === 'pglite') await database.migrate();
	const cipher = await loadCipher(config);
	const active = config.phi.activeKeyId ?? 'k1';
	const report = await rotatePhi(database.db, cipher, active);
	await database.close();
	console.log(`Re-sealed with key ${active}:`, report);
} catch (err) {
	if (err instanceof ConfigError) {
		console.error(err.message);
		process.exit(1);
	}
	throw err;
}
