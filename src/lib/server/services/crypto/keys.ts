import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../../config';
import { Cipher, generateKey } from './cipher';

/**
 * The PHI cipher from configuration. Outside production, with no PHI_KEYS set, a key is generated
 * into DATA_DIR on first run (so the demo needs no setup) and reused afterwards.
 */
export async function loadCipher(config: Config): Promise<Cipher> {
	if (config.phi.keys && config.phi.activeKeyId) return new Cipher(config.phi.keys, config.phi.activeKeyId);
	if (config.production) throw new Error('PHI_KEYS is required in production');
	const file = path.join(config.dataDir, 'phi-keys.json');
	let stored: { active: string; keys: Record<string, string> };
	try {
		stored = JSON.parse(await readFile(file, 'utf8'));
	} catch {
		stored = { active: 'k1', keys: { k1: generateKey() } };
		await mkdir(config.dataDir, { recursive: true });
		await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
		await chmod(file, 0o600);
	}
	const keys = new Map(Object.entries(stored.keys).map(([kid, b64]) => [kid, Buffer.from(b64, 'base64')]));
	return new Cipher(keys, stored.active);
}
