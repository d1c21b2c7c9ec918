/** The settings that take what the AWS infrastructure hands the app: TLS to PostgreSQL, Redis and SMTP, the S3 KMS key, EMF metrics. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

function problemsOf(env: Record<string, string | undefined>): string[] {
	try {
		parseConfig(env);
	} catch (err) {
		expect(err).toBeInstanceOf(ConfigError);
		return (err as ConfigError).problems;
	}
	throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

const PG = 'postgres://ime@db.example:5432/ime';
const KEY_ARN = 'arn:aws:kms:ap-southeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const S3 = { S3_BUCKET: 'docs', S3_REGION: 'ap-southeast-2' };

describe('configuration for the AWS infrastructure', () => {
	it('DATABASE_SSL and DATABASE_CA_FILE: unset leaves the URL alone; the CA file goes with verify-full only', () => {
		expect(parseConfig({ DATABASE_URL: PG }).database).toStrictEqual({ kind: 'postgres', url: PG, poolMax: 10, migrateOnStart: false });
		expect(parseConfig({ DATABASE_URL: PG, DATABASE_SSL: 'require' }).database).toMatchObject({ ssl: 'require' });
		expect(parseConfig({ DATABASE_URL: PG, DATABASE_SSL: 'verify-full', DATABASE_CA_FILE: '/etc/ssl/rds.pem' }).database).toMatchObject({
			ssl: 'verify-full',
			caFile: '/etc/ssl/rds.pem'
		});
		expect(problemsOf({ DATABASE_URL: PG, DATABASE_SSL: 'prefer' })[0]).toMatch(/^DATABASE_SSL /);
		expect(problemsOf({ DATABASE_SSL: 'require' })).toEqual(['DATABASE_SSL is used only with DATABASE_URL (PostgreSQL)']);
		expect(problemsOf({ DATABASE_URL: PG, DATABASE_SSL: 'require', DATABASE_CA_FILE: '/ca.pem' })).toEqual([
			'DATABASE_CA_FILE is used only with DATABASE_SSL=verify-full'
		]);
	});

	it("DATABASE_PASSWORD and REDIS_PASSWORD replace the URLs' passwords, encoded; each needs its URL", () => {
		const db = parseConfig({ DATABASE_URL: 'postgres://ime:old@db.example:5433/ime', DATABASE_PASSWORD: 'n3w^p=a,s.s' }).database;
		expect(db.kind === 'postgres' && new URL(db.url).password).toBe(encodeURIComponent('n3w^p=a,s.s'));
		expect(db.kind === 'postgres' && decodeURIComponent(new URL(db.url).password)).toBe('n3w^p=a,s.s');
		expect(db.kind === 'postgres' && new URL(db.url).username).toBe('ime');
		expect(parseConfig({ REDIS_URL: 'rediss://cache.example:6380', REDIS_PASSWORD: 'tok3n' }).redisUrl).toBe(
			'rediss://:tok3n@cache.example:6380'
		);
		expect(parseConfig({ REDIS_URL: 'rediss://:in-url@cache.example:6380' }).redisUrl).toBe('rediss://:in-url@cache.example:6380');
		expect(problemsOf({ DATABASE_PASSWORD: 'x' })).toEqual(['DATABASE_PASSWORD is used only with DATABASE_URL (PostgreSQL)']);
		expect(problemsOf({ REDIS_PASSWORD: 'x' })).toEqual(['REDIS_PASSWORD is used only with REDIS_URL']);
	});

	it('REDIS_CA_FILE goes with a rediss:// URL only', () => {
		expect(parseConfig({ REDIS_URL: 'rediss://:token@cache.example:6379', REDIS_CA_FILE: '/ca.pem' }).redisCaFile).toBe('/ca.pem');
		expect(parseConfig({ REDIS_URL: 'rediss://:token@cache.example:6379' }).redisCaFile).toBeUndefined();
		expect(problemsOf({ REDIS_URL: 'redis://cache:6379', REDIS_CA_FILE: '/ca.pem' })).toEqual([
			'REDIS_CA_FILE is used only with a rediss:// REDIS_URL'
		]);
	});

	it('SMTP_REQUIRE_TLS: on by default in production only, either way when set; SMTP_CA_FILE needs SMTP_URL', () => {
		const production = {
			NODE_ENV: 'production',
			BETTER_AUTH_SECRET: 'x'.repeat(32),
			PHI_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
			ORIGIN: 'https://book.example.com.au'
		};
		const ses = 'smtp://AKIAEXAMPLE:secret@email-smtp.ap-southeast-2.amazonaws.com:587';
		expect(parseConfig({ ...production, SMTP_URL: ses }).mail).toMatchObject({ requireTls: true, caFile: undefined });
		expect(parseConfig({ ...production, SMTP_URL: ses, SMTP_REQUIRE_TLS: 'false' }).mail.requireTls).toBe(false);
		expect(parseConfig({ SMTP_URL: ses }).mail.requireTls).toBe(false);
		expect(parseConfig({ SMTP_URL: ses, SMTP_REQUIRE_TLS: 'true', SMTP_CA_FILE: '/ca.pem' }).mail).toMatchObject({
			requireTls: true,
			caFile: '/ca.pem'
		});
		expect(problemsOf({ SMTP_CA_FILE: '/ca.pem' })).toEqual(['SMTP_CA_FILE is used only with SMTP_URL']);
		expect(problemsOf({ SMTP_REQUIRE_TLS: 'always' })[0]).toMatch(/^SMTP_REQUIRE_TLS /);
	});

	it('S3_KMS_KEY_ID: a key id, key or alias ARN, or alias, with S3_SSE=aws:kms only', () => {
		for (const key of [
			KEY_ARN,
			'1234abcd-12ab-34cd-56ef-1234567890ab',
			'alias/ime-documents',
			'arn:aws:kms:ap-southeast-2:123456789012:alias/ime-documents'
		])
			expect(parseConfig({ ...S3, S3_SSE: 'aws:kms', S3_KMS_KEY_ID: key }).s3).toMatchObject({ sse: 'aws:kms', kmsKeyId: key });
		expect(parseConfig({ ...S3, S3_SSE: 'aws:kms' }).s3?.kmsKeyId).toBeUndefined();
		expect(problemsOf({ ...S3, S3_SSE: 'AES256', S3_KMS_KEY_ID: KEY_ARN })).toEqual(['S3_KMS_KEY_ID is used only with S3_SSE=aws:kms']);
		expect(problemsOf({ ...S3, S3_KMS_KEY_ID: KEY_ARN })).toEqual(['S3_KMS_KEY_ID is used only with S3_SSE=aws:kms']);
		expect(problemsOf({ ...S3, S3_SSE: 'aws:kms', S3_KMS_KEY_ID: 'my key' })).toEqual([
			'S3_KMS_KEY_ID must be a KMS key id, a key or alias ARN, or alias/name'
		]);
	});

	it('METRICS_EMF: off unless set to true', () => {
		expect(parseConfig({}).metrics.emf).toBe(false);
		expect(parseConfig({ METRICS_EMF: 'true' }).metrics.emf).toBe(true);
		expect(parseConfig({ METRICS_EMF: 'false' }).metrics.emf).toBe(false);
		expect(problemsOf({ METRICS_EMF: 'sometimes' })[0]).toMatch(/^METRICS_EMF /);
	});
});
