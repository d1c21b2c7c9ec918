import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const key = () => randomBytes(32).toString('base64');
const secret = 'x'.repeat(32);

/** The problems a bad environment is rejected with (fails the test if it is accepted). */
function problemsOf(env: Record<string, string | undefined>): string[] {
	try {
		parseConfig(env);
	} catch (err) {
		expect(err).toBeInstanceOf(ConfigError);
		return (err as ConfigError).problems;
	}
	throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('configuration', () => {
	it('with no settings runs embedded: PGlite under DATA_DIR, no Redis, port 3000', () => {
		const config = parseConfig({});
		expect(config.database).toEqual({ kind: 'pglite', dir: './.data/pglite' });
		expect(config.redisUrl).toBeUndefined();
		expect(config.port).toBe(3000);
		expect(config.origin).toBe('http://localhost:3000');
		expect(config.production).toBe(false);
		expect(config.phi.keys).toBeUndefined();
	});

	it('documents: 100 MB cap and no scanner by default; a clamd address must be a path or tcp://host:port', () => {
		expect(parseConfig({}).documents).toEqual({ maxBytes: 100 * 1024 * 1024, clamdSocket: undefined, reportDueDays: 10 });
		expect(parseConfig({ CLAMD_SOCKET: 'tcp://clamav:3310', DOCUMENT_MAX_BYTES: '2048' }).documents).toMatchObject({
			clamdSocket: 'tcp://clamav:3310',
			maxBytes: 2048
		});
		expect(problemsOf({ CLAMD_SOCKET: 'clamav:3310' })[0]).toMatch(/^CLAMD_SOCKET must be a socket path or tcp:\/\/host:port/);
		expect(problemsOf({ DOCUMENT_MAX_BYTES: 'lots' })[0]).toMatch(/^DOCUMENT_MAX_BYTES/);
		expect(problemsOf({ S3_BUCKET: 'b', S3_REGION: 'ap-southeast-2', S3_SSE: 'rot13' })[0]).toMatch(/^S3_SSE/);
	});

	it('keeps the embedded database inside a custom DATA_DIR', () => {
		expect(parseConfig({ DATA_DIR: '/var/lib/ime' }).database).toEqual({ kind: 'pglite', dir: '/var/lib/ime/pglite' });
	});

	it('switches to PostgreSQL when DATABASE_URL is set', () => {
		const config = parseConfig({ DATABASE_URL: 'postgres://app@db:5432/ime', DB_POOL_MAX: '7', DB_MIGRATE_ON_START: 'yes' });
		expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://app@db:5432/ime', poolMax: 7, migrateOnStart: true });
	});

	it('refuses a pool of one connection (the start-up data migration needs two)', () => {
		expect(() => parseConfig({ DATABASE_URL: 'postgres://app@db:5432/ime', DB_POOL_MAX: '1' })).toThrow(/DB_POOL_MAX/);
	});

	it('uses Redis when REDIS_URL is set', () => {
		expect(parseConfig({ REDIS_URL: 'redis://cache:6379' }).redisUrl).toBe('redis://cache:6379');
	});

	it('treats empty strings as unset, so defaults apply', () => {
		const config = parseConfig({ PORT: '', DATABASE_URL: '', REDIS_URL: '', PHI_KEYS: '', DATA_DIR: '' });
		expect(config.port).toBe(3000);
		expect(config.database).toEqual({ kind: 'pglite', dir: './.data/pglite' });
		expect(config.redisUrl).toBeUndefined();
		expect(config.phi.keys).toBeUndefined();
	});

	it.each([
		['PORT', { PORT: 'abc' }],
		['PORT', { PORT: '70000' }],
		['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
		['DATABASE_URL', { DATABASE_URL: 'not a url' }],
		['REDIS_URL', { REDIS_URL: 'http://cache:6379' }],
		['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
		['DB_MIGRATE_ON_START', { DB_MIGRATE_ON_START: 'maybe' }],
		['BETTER_AUTH_SECRET', { BETTER_AUTH_SECRET: 'short' }]
	])('rejects a bad %s and names it', (variable, env) => {
		const problems = problemsOf(env);
		expect(problems.length).toBeGreaterThan(0);
		for (const problem of problems) expect(problem).toMatch(new RegExp(`^${variable} `));
	});

	it('reports every bad variable at once', () => {
		const problems = problemsOf({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
		expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'PORT']);
		expect(() => parseConfig({ PORT: 'abc' })).toThrow(/PORT/);
	});

	describe('PHI_KEYS', () => {
		it('parses kid:base64 pairs and makes the last one active by default', () => {
			const k1 = key();
			const k2 = key();
			const config = parseConfig({ PHI_KEYS: `k1:${k1}, k2:${k2}` });
			expect([...config.phi.keys!.keys()]).toEqual(['k1', 'k2']);
			expect(config.phi.keys!.get('k1')).toEqual(Buffer.from(k1, 'base64'));
			expect(config.phi.activeKeyId).toBe('k2');
		});

		it('honours PHI_ACTIVE_KEY_ID', () => {
			const config = parseConfig({ PHI_KEYS: `k1:${key()},k2:${key()}`, PHI_ACTIVE_KEY_ID: 'k1' });
			expect(config.phi.activeKeyId).toBe('k1');
		});

		it.each([
			['a key of the wrong length', () => `k1:${randomBytes(16).toString('base64')}`],
			['an entry without a key', () => 'k1'],
			['an id with forbidden characters', () => `k 1:${key()}`],
			['no entries at all', () => ' , ']
		])('rejects %s and names PHI_KEYS', (_label, value) => {
			const problems = problemsOf({ PHI_KEYS: value() });
			expect(problems).toHaveLength(1);
			expect(problems[0]).toMatch(/^PHI_KEYS /);
		});

		it('rejects an active key id that names no configured key', () => {
			expect(problemsOf({ PHI_KEYS: `k1:${key()}`, PHI_ACTIVE_KEY_ID: 'k9' })).toEqual(['PHI_ACTIVE_KEY_ID names no key in PHI_KEYS']);
		});
	});

	describe('in production', () => {
		it('requires BETTER_AUTH_SECRET, PHI_KEYS and a public URL, naming each', () => {
			const problems = problemsOf({ NODE_ENV: 'production' });
			const named = problems.map((p) => p.split(' ')[0]).sort();
			expect(named).toEqual(['BETTER_AUTH_SECRET', 'BETTER_AUTH_URL', 'PHI_KEYS']);
		});

		it('counts empty strings as missing', () => {
			const problems = problemsOf({ NODE_ENV: 'production', BETTER_AUTH_SECRET: '', PHI_KEYS: '', ORIGIN: 'https://book.example.com.au' });
			expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['BETTER_AUTH_SECRET', 'PHI_KEYS']);
		});

		it('starts when the required settings are present', () => {
			const config = parseConfig({
				NODE_ENV: 'production',
				BETTER_AUTH_SECRET: secret,
				PHI_KEYS: `k1:${key()}`,
				ORIGIN: 'https://book.example.com.au/'
			});
			expect(config.production).toBe(true);
			expect(config.auth.secret).toBe(secret);
			expect(config.origin).toBe('https://book.example.com.au');
		});
	});

	it('requires the Acuity id and key together, and a region with an S3 bucket', () => {
		expect(problemsOf({ ACUITY_USER_ID: '123' })[0]).toMatch(/^ACUITY_API_KEY /);
		expect(problemsOf({ S3_BUCKET: 'files' })[0]).toMatch(/^S3_REGION /);
		const config = parseConfig({ ACUITY_USER_ID: '123', ACUITY_API_KEY: 'k', S3_BUCKET: 'files', S3_REGION: 'ap-southeast-2' });
		expect(config.acuity).toEqual({ userId: '123', apiKey: 'k', baseUrl: 'https://acuityscheduling.com/api/v1' });
		expect(config.s3).toEqual({ bucket: 'files', region: 'ap-southeast-2', endpoint: undefined });
	});

	it('metrics: closed without METRICS_TOKEN; a token is long and without spaces', () => {
		expect(parseConfig({}).metrics).toEqual({ token: undefined, emf: false });
		expect(parseConfig({ METRICS_TOKEN: 'a-long-metrics-token-0123' }).metrics).toEqual({ token: 'a-long-metrics-token-0123', emf: false });
		expect(problemsOf({ METRICS_TOKEN: 'short' })[0]).toMatch(/^METRICS_TOKEN must be at least 16/);
		expect(problemsOf({ METRICS_TOKEN: 'a long token with spaces' })[0]).toMatch(/^METRICS_TOKEN /);
	});

	it('SMS: local by default; SNS in ap-southeast-2 unless AWS_REGION says otherwise', () => {
		expect(parseConfig({}).sms).toBeUndefined();
		expect(parseConfig({ SMS_PROVIDER: 'local' }).sms).toBeUndefined();
		expect(parseConfig({ SMS_PROVIDER: 'sns' }).sms).toEqual({
			provider: 'sns',
			region: 'ap-southeast-2',
			endpoint: undefined,
			senderId: undefined
		});
		expect(
			parseConfig({ SMS_PROVIDER: 'sns', AWS_REGION: 'us-east-1', SNS_ENDPOINT: 'http://127.0.0.1:4566', SMS_SENDER_ID: 'IMEBook' }).sms
		).toEqual({ provider: 'sns', region: 'us-east-1', endpoint: 'http://127.0.0.1:4566', senderId: 'IMEBook' });
	});

	it('SMS: bad SNS settings stop the start, each named', () => {
		expect(problemsOf({ SMS_PROVIDER: 'twilio' })[0]).toMatch(/^SMS_PROVIDER /);
		expect(problemsOf({ SMS_PROVIDER: 'sns', AWS_REGION: 'Sydney' })[0]).toMatch(/^AWS_REGION must be an AWS region/);
		expect(problemsOf({ SMS_PROVIDER: 'sns', SNS_ENDPOINT: 'not a url' })[0]).toMatch(/^SNS_ENDPOINT /);
		for (const bad of ['IME Bookings', 'TwelveLetter', '0412345678'])
			expect(problemsOf({ SMS_PROVIDER: 'sns', SMS_SENDER_ID: bad })[0]).toMatch(/^SMS_SENDER_ID must be 1 to 11 letters or digits/);
		// Set without the provider: a mistake, not silently ignored.
		expect(problemsOf({ SNS_ENDPOINT: 'https://sns.example.test', SMS_SENDER_ID: 'IME' }).sort()).toEqual([
			'SMS_SENDER_ID is used only with SMS_PROVIDER=sns',
			'SNS_ENDPOINT is used only with SMS_PROVIDER=sns'
		]);
	});

	it('SMS: in production the SNS endpoint is https, or http on this machine only', () => {
		const production = {
			NODE_ENV: 'production',
			BETTER_AUTH_SECRET: secret,
			PHI_KEYS: `k1:${key()}`,
			ORIGIN: 'https://book.example.com.au',
			SMS_PROVIDER: 'sns'
		};
		expect(problemsOf({ ...production, SNS_ENDPOINT: 'http://sns.example.test' })).toEqual([
			'SNS_ENDPOINT must be https in production (http only for localhost)'
		]);
		expect(parseConfig({ ...production, SNS_ENDPOINT: 'http://127.0.0.1:4012' }).sms?.endpoint).toBe('http://127.0.0.1:4012');
	});
});
