/**
 * A whole App on a fresh test database (PGlite, or PostgreSQL in the "postgres" project), with
 * Redis when TEST_REDIS_URL is set, and helpers to act as a signed-in user without a browser.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { LocalStore } from '../services/documents/local-store';
import type { ObjectStore } from '../services/documents/storage';
import { parseConfig } from '../../config';
import { createApp, type App } from '../app';
import { resolveSession, type SignedIn } from '../auth/session';
import { actorFor, userActor, type Actor, type ActorMeta, type SignedInActor } from '../auth/actor';
import { createLogger } from '../logger';
import { buildRequestMeta, type RequestMeta } from '../services/accounts/request-meta';
import { signInWithPassword } from '../services/accounts/sign-in';
import { openTestDatabase, testDbKind } from './db';
import { Cipher, generateKey } from '../services/crypto/cipher';

export interface TestApp extends App {
	logLines: string[];
}

/**
 * `documentStore`: the store to use; unset, a local store in a temporary directory; 'configured',
 * the one the settings name (S3_BUCKET…), as in production.
 */
export async function createTestApp(
	env: Record<string, string> = {},
	options: { documentStore?: ObjectStore | 'configured' } = {}
): Promise<TestApp> {
	const database = await openTestDatabase();
	const redisUrl = testDbKind() === 'postgres' ? process.env.TEST_REDIS_URL : undefined;
	const config = parseConfig({
		NODE_ENV: 'test',
		DATA_DIR: '/nonexistent-test-data-dir',
		BETTER_AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
		PHI_KEYS: `k1:${generateKey()}`,
		ORIGIN: 'http://localhost:5173',
		ADMIN_REQUIRE_2FA: 'false',
		LOG_LEVEL: 'info',
		...(redisUrl ? { REDIS_URL: redisUrl } : {}),
		...env
	});
	const logLines: string[] = [];
	const destination = new Writable({
		write(chunk, _enc, cb) {
			logLines.push(String(chunk));
			cb();
		}
	});
	const documentsDir = await mkdtemp(path.join(tmpdir(), 'ime-documents-'));
	const app = await createApp(config, {
		database,
		logger: createLogger({ level: 'info', pretty: false, destination }),
		documentStore: options.documentStore === 'configured' ? undefined : (options.documentStore ?? new LocalStore(documentsDir))
	});
	const close = app.close.bind(app);
	app.close = async () => {
		await close();
		await rm(documentsDir, { recursive: true, force: true });
	};
	// Each test app uses its own limiter keys when sharing Redis with other test files.
	return Object.assign(app, { logLines });
}

export { Cipher };

let counter = 0;
/** Distinct per test file, so files sharing Redis never share an address's sign-in count. */
export const TEST_IP = `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
export function requestFrom(ip = TEST_IP, headers: Record<string, string> = {}): RequestMeta {
	const request = new Request('http://localhost:5173/', { headers: { 'user-agent': 'vitest', ...headers } });
	return buildRequestMeta(request, ip, `test-${++counter}`);
}

/** An actor known only by its user id (null: anonymous), for service tests that need no session. */
export function actorById(userId: string | null, meta: Partial<ActorMeta> = {}): Actor {
	return userActor({ ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, requestId: meta.requestId ?? null }, userId);
}

/** What hooks.server.ts puts on `locals` (and the tRPC context reads) for a request by `signedIn` (null: nobody). */
export function localsOf<A extends App>(app: A, meta: RequestMeta, signedIn: SignedIn | null) {
	return { app, meta, signedIn, actor: actorFor(meta, signedIn) };
}

/** Sign in through the real service; returns the session (and its actor) as hooks.server.ts would resolve it. */
export async function signIn(
	app: App,
	email: string,
	password: string,
	ip = TEST_IP
): Promise<{ signedIn: SignedIn; meta: RequestMeta; actor: SignedInActor }> {
	const result = await signInWithPassword(app, requestFrom(ip), email, password);
	if (result.kind !== 'signed_in') throw new Error(`sign-in failed: ${result.kind}`);
	const cookies = result.setCookie
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	const meta = requestFrom(ip, { cookie: cookies });
	const signedIn = await resolveSession(app, meta);
	if (!signedIn) throw new Error('no session after sign-in');
	return { signedIn, meta, actor: actorFor(meta, signedIn) };
}
