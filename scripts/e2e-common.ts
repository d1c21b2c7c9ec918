/**
 * What both e2e servers share: the production build (`node build`, as the Dockerfile runs it) on a
 * fresh embedded database seeded with the demo accounts and the tests' own, with production
 * settings, whatever the calling shell has configured.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/lib/config';
import { createApp } from '../src/lib/server/app';
import { createLogger } from '../src/lib/server/logger';
import { seedDemo } from '../src/lib/server/demo/seed';
import { E2E_USERS } from '../e2e/accounts';

export async function serveProductionBuild(
	port: string,
	settings: Record<string, string> = {},
	onExit: () => Promise<void> | void = () => {}
) {
	const origin = `http://localhost:${port}`;
	const dataDir = mkdtempSync(path.join(tmpdir(), 'ime-e2e-'));
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		PORT: port,
		ORIGIN: origin,
		BETTER_AUTH_URL: origin,
		DATA_DIR: dataDir,
		BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
		PHI_KEYS: `k1:${randomBytes(32).toString('base64')}`,
		ADMIN_REQUIRE_2FA: 'false',
		// Every test signs in from 127.0.0.1: the per-address limit is exercised by the unit tests.
		SIGN_IN_MAX_PER_IP: '10000',
		LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
		BODY_SIZE_LIMIT: 'Infinity',
		// Small, so the oversized-upload journey sends little.
		DOCUMENT_MAX_BYTES: String(5 * 1024 * 1024)
	};
	// The embedded defaults, whatever the calling shell has configured; then this server's own settings.
	for (const key of [
		'DATABASE_URL',
		'REDIS_URL',
		'SMTP_URL',
		'S3_BUCKET',
		'ACUITY_USER_ID',
		'ACUITY_API_KEY',
		'ACUITY_BASE_URL',
		'SMS_PROVIDER',
		'SNS_ENDPOINT',
		'SMS_SENDER_ID'
	])
		delete env[key];
	Object.assign(env, settings);
	// Like `npm run demo`: no single origin, any loopback or LAN address.
	if (env.ALLOW_LOCAL_HOSTS === 'true') delete env.ORIGIN;

	const seedApp = await createApp(parseConfig(env), { logger: createLogger({ level: 'warn', pretty: false }) });
	await seedDemo(seedApp, E2E_USERS);
	await seedApp.close();

	const server = spawn(process.execPath, ['build'], { stdio: 'inherit', env });
	const stop = () => {
		server.kill('SIGTERM');
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	server.on('exit', (code) => {
		rmSync(dataDir, { recursive: true, force: true });
		void Promise.resolve(onExit()).finally(() => process.exit(code ?? 0));
	});
}
