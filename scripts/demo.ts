/**
 * `npm run demo`: build if needed, migrate and seed the embedded database, then serve the
 * production build with the embedded defaults (PGlite, in-process cache, local outbox).
 * Keys and the session secret are generated into DATA_DIR on first run and reused.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/lib/server/demo/seed';

const port = process.env.PORT ?? '3000';
const dataDir = path.resolve(process.env.DATA_DIR ?? './.data');
const origin = process.env.ORIGIN ?? `http://localhost:${port}`;
mkdirSync(dataDir, { recursive: true });

const secretsFile = path.join(dataDir, 'demo-secrets.json');
if (!existsSync(secretsFile))
	writeFileSync(
		secretsFile,
		JSON.stringify({
			BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
			PHI_KEYS: `k1:${randomBytes(32).toString('base64')}`
		}),
		{ mode: 0o600 }
	);
const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;

const env: NodeJS.ProcessEnv = {
	...process.env,
	...secrets,
	NODE_ENV: 'production',
	PORT: port,
	BETTER_AUTH_URL: origin,
	// No ORIGIN (unless you set one): the server answers on whatever loopback or LAN address reaches
	// it, so the demo can be tried from a phone on the same network. Production keeps one origin.
	ALLOW_LOCAL_HOSTS: process.env.ALLOW_LOCAL_HOSTS ?? 'true',
	DATA_DIR: dataDir,
	// Demo accounts sign in without a second factor; real deployments keep the default (required).
	ADMIN_REQUIRE_2FA: process.env.ADMIN_REQUIRE_2FA ?? 'false',
	LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
	// The app caps uploads itself while streaming (DOCUMENT_MAX_BYTES); see the Dockerfile.
	BODY_SIZE_LIMIT: 'Infinity'
};

const run = (cmd: string, args: string[], e = env) => {
	const r = spawnSync(cmd, args, { stdio: 'inherit', env: e });
	if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync('build/index.js') || process.argv.includes('--rebuild')) {
	console.log('Building the app (first run only)…');
	run('npm', ['run', 'build'], { ...process.env, NODE_ENV: 'production' });
}
// Seeding starts a second Node with tsx and the whole app (seconds): skip it when this data
// directory was seeded by the same migrations and the same demo data.
const seedInputs = ['drizzle', 'src/lib/server/demo'].flatMap((dir) =>
	readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((f) => f.isFile())
		.map((f) => path.join(f.parentPath, f.name))
		.sort()
);
const seedKey = createHash('sha256').update(process.env.DATABASE_URL ?? 'embedded');
for (const file of seedInputs) seedKey.update(file).update(readFileSync(file));
const seededFile = path.join(dataDir, 'demo-seeded');
const seeded = seedKey.digest('hex');
const databaseThere = Boolean(process.env.DATABASE_URL) || existsSync(path.join(dataDir, 'pglite'));
if (process.argv.includes('--reseed') || !databaseThere || !existsSync(seededFile) || readFileSync(seededFile, 'utf8') !== seeded) {
	run(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], env);
	writeFileSync(seededFile, seeded);
}

const server = spawn(process.execPath, ['build'], { stdio: 'inherit', env });
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));

const lan = Object.values(networkInterfaces())
	.flat()
	.filter((a) => a && a.family === 'IPv4' && !a.internal)
	.map((a) => `http://${a!.address}:${port}`);
console.log(`\nIME Bookings demo: ${origin}${lan.length ? `\nOn your network (e.g. a phone): ${lan.join('  ')}` : ''}`);
console.log(`\nDemo accounts (password "${DEMO_PASSWORD}"):`);
for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(22)} lands on ${u.home}`);
console.log('\nData lives in', dataDir, '— delete it to start over. Ctrl-C stops the server.\n');
