/**
 * Every setting of the application, validated once with zod. This is the only module that reads
 * process.env: everything else receives a typed `Config`. A missing or malformed value stops the
 * start with a message that names the variable.
 */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalUrl = (protocols: string[]) =>
	z
		.string()
		.url()
		.refine((v) => protocols.some((p) => v.startsWith(p)), {
			message: `must start with ${protocols.join(' or ')}`
		})
		.optional();

/** `kid:base64key` pairs separated by commas; each key must decode to 32 bytes (AES-256). */
const phiKeys = z
	.string()
	.transform((raw, ctx) => {
		const keys = new Map<string, Buffer>();
		for (const part of raw
			.split(',')
			.map((p) => p.trim())
			.filter(Boolean)) {
			const [kid, b64] = part.split(':');
			const key = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
			if (!kid || !/^[a-z0-9_-]{1,32}$/i.test(kid) || key.length !== 32) {
				ctx.addIssue({
					code: 'custom',
					message: 'each entry must be kid:base64 of 32 bytes (e.g. k1:…), ids of letters, digits, - or _'
				});
				return z.NEVER;
			}
			keys.set(kid, key);
		}
		if (keys.size === 0) {
			ctx.addIssue({ code: 'custom', message: 'at least one key is required' });
			return z.NEVER;
		}
		return keys;
	})
	.optional();

export const envSchema = z
	.object({
		NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
		PORT: z.coerce.number().int().min(1).max(65535).default(3000),
		ORIGIN: z.string().url().optional(),
		DATA_DIR: z.string().min(1).default('./.data'),
		LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

		DATABASE_URL: optionalUrl(['postgres://', 'postgresql://']),
		DB_MIGRATE_ON_START: bool.optional(),
		// At least 2: the start-up data migration holds one connection (its lock) while its groups commit on another.
		DB_POOL_MAX: z.coerce.number().int().min(2, 'DB_POOL_MAX must be at least 2.').max(200).default(10),
		/**
		 * TLS to PostgreSQL: disable, require (encrypted, certificate not checked) or verify-full (certificate
		 * and host name checked against Node's CAs, Amazon RDS's and DATABASE_CA_FILE). Unset: the URL's sslmode, else none.
		 */
		DATABASE_SSL: z.enum(['disable', 'require', 'verify-full']).optional(),
		/** PEM file of a further CA trusted with DATABASE_SSL=verify-full. */
		DATABASE_CA_FILE: z.string().min(1).optional(),
		/** The database password apart from DATABASE_URL (as a secrets manager hands it); replaces the URL's. */
		DATABASE_PASSWORD: z.string().min(1).optional(),
		REDIS_URL: optionalUrl(['redis://', 'rediss://']),
		/** Invited as the first administrator when the database has none (a new deployment). */
		BOOTSTRAP_ADMIN_EMAIL: z.string().email('must be an email address').optional(),
		/** PEM file of a further CA trusted for a rediss:// REDIS_URL. */
		REDIS_CA_FILE: z.string().min(1).optional(),
		/** Redis AUTH password or token apart from REDIS_URL; replaces the URL's. */
		REDIS_PASSWORD: z.string().min(1).optional(),

		BETTER_AUTH_URL: z.string().url().optional(),
		BETTER_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
		/** Name of the header a trusted reverse proxy sets to the client address (e.g. x-forwarded-for). */
		TRUSTED_PROXY_IP_HEADER: z
			.string()
			.regex(/^[a-z0-9-]+$/i)
			.optional(),
		ADMIN_REQUIRE_2FA: bool.default(true),
		/**
		 * Also answer on whatever IP address or local name reaches the server (the demo, tried
		 * from a phone on the LAN). Default: on outside production, off in production (only the origin).
		 */
		ALLOW_LOCAL_HOSTS: bool.optional(),
		SIGN_IN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
		SIGN_IN_MAX_PER_IP: z.coerce.number().int().min(1).default(50),
		SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
		INVITATION_TTL_HOURS: z.coerce
			.number()
			.int()
			.min(1)
			.default(24 * 7),
		TRPC_MAX_BATCH: z.coerce.number().int().min(1).max(100).default(10),
		/** Load shedding per instance (http/overload.ts); unset: defaults that suit the database in use. */
		MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).optional(),
		MAX_QUEUED: z.coerce.number().int().min(0).max(100_000).optional(),
		MAX_QUEUE_WAIT_MS: z.coerce.number().int().min(0).max(60_000).optional(),
		HOLDS_MAX_PER_PERSON: z.coerce.number().int().min(1).max(100).default(2),
		HOLDS_MAX_PER_ORGANIZATION: z.coerce.number().int().min(1).max(1000).default(10),

		PHI_KEYS: phiKeys,
		PHI_ACTIVE_KEY_ID: z.string().optional(),

		SMTP_URL: optionalUrl(['smtp://', 'smtps://']),
		/** smtp:// must switch to TLS (STARTTLS) before credentials or mail are sent. Unset: true in production. */
		SMTP_REQUIRE_TLS: bool.optional(),
		/** PEM file of a further CA trusted for the SMTP server's certificate. */
		SMTP_CA_FILE: z.string().min(1).optional(),
		MAIL_FROM: z.string().default('IME Bookings <no-reply@ime.local>'),
		OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(2000),
		OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
		/** Where SMS (one-time codes) go: `local` keeps them in the outbox for admins to read; `sns` sends them. */
		SMS_PROVIDER: z.enum(['local', 'sns']).default('local'),
		AWS_REGION: z
			.string()
			.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region, e.g. ap-southeast-2')
			.optional(),
		/** Another SNS endpoint (a local fake in tests); unset: the region's own. */
		SNS_ENDPOINT: optionalUrl(['http://', 'https://']),
		/** Shown as the sender of SMS where allowed: 1–11 letters or digits, at least one letter. */
		SMS_SENDER_ID: z
			.string()
			.regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/, 'must be 1 to 11 letters or digits with at least one letter, no spaces')
			.optional(),

		S3_BUCKET: z.string().optional(),
		S3_REGION: z.string().optional(),
		S3_ENDPOINT: z.string().url().optional(),
		/** Server-side encryption asked of S3 on top of the application's own encryption. */
		S3_SSE: z.enum(['AES256', 'aws:kms']).optional(),
		/** The customer KMS key for S3_SSE=aws:kms (key id, key or alias ARN, or alias/name). Unset: the account's aws/s3 key. */
		S3_KMS_KEY_ID: z
			.string()
			.regex(
				/^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+|(mrk-)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias\/[A-Za-z0-9/_-]+)$/,
				'must be a KMS key id, a key or alias ARN, or alias/name'
			)
			.optional(),
		/** Largest document accepted, in bytes (100 MB by default). */
		DOCUMENT_MAX_BYTES: z.coerce
			.number()
			.int()
			.min(1024)
			.max(10 * 1024 ** 3)
			.default(100 * 1024 * 1024),
		/** Where clamd listens: a socket path or tcp://host:port. Unset: uploads are not scanned. */
		CLAMD_SOCKET: z
			.string()
			.regex(/^(\/\S+|tcp:\/\/[^\s:]+:\d+)$/, 'must be a socket path or tcp://host:port')
			.optional(),
		/** Days after the examination a report is due; later ones are flagged overdue. */
		REPORT_DUE_DAYS: z.coerce.number().int().min(1).max(365).default(10),
		ACUITY_USER_ID: z.string().optional(),
		ACUITY_API_KEY: z.string().optional(),
		ACUITY_BASE_URL: z.string().url().optional(),
		/** Bearer token that opens GET /metrics (Prometheus). Unset: the endpoint answers 404. */
		METRICS_TOKEN: z
			.string()
			.min(16, 'must be at least 16 characters')
			.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
			.optional(),
		/** Write CloudWatch Embedded Metric Format lines to stdout every minute: true | false. Unset: false. */
		METRICS_EMF: bool.optional()
	})
	.superRefine((env, ctx) => {
		if (env.NODE_ENV === 'production') {
			if (!env.BETTER_AUTH_SECRET) ctx.addIssue({ code: 'custom', path: ['BETTER_AUTH_SECRET'], message: 'is required in production' });
			if (!env.PHI_KEYS) ctx.addIssue({ code: 'custom', path: ['PHI_KEYS'], message: 'is required in production' });
			if (!env.BETTER_AUTH_URL && !env.ORIGIN)
				ctx.addIssue({ code: 'custom', path: ['BETTER_AUTH_URL'], message: 'is required in production (or ORIGIN)' });
			const origin = env.BETTER_AUTH_URL ?? env.ORIGIN;
			// Cookies are Secure only over https; plain http is accepted for a local demo alone.
			if (origin && origin.startsWith('http:') && !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(origin))
				ctx.addIssue({
					code: 'custom',
					path: [env.BETTER_AUTH_URL ? 'BETTER_AUTH_URL' : 'ORIGIN'],
					message: 'must be https in production (http only for localhost)'
				});
		}
		if (env.PHI_KEYS && env.PHI_ACTIVE_KEY_ID && !env.PHI_KEYS.has(env.PHI_ACTIVE_KEY_ID))
			ctx.addIssue({ code: 'custom', path: ['PHI_ACTIVE_KEY_ID'], message: 'names no key in PHI_KEYS' });
		if ((env.ACUITY_USER_ID && !env.ACUITY_API_KEY) || (!env.ACUITY_USER_ID && env.ACUITY_API_KEY))
			ctx.addIssue({ code: 'custom', path: ['ACUITY_API_KEY'], message: 'ACUITY_USER_ID and ACUITY_API_KEY go together' });
		if (env.S3_BUCKET && !env.S3_REGION)
			ctx.addIssue({ code: 'custom', path: ['S3_REGION'], message: 'is required when S3_BUCKET is set' });
		if (env.S3_KMS_KEY_ID && env.S3_SSE !== 'aws:kms')
			ctx.addIssue({ code: 'custom', path: ['S3_KMS_KEY_ID'], message: 'is used only with S3_SSE=aws:kms' });
		if (env.DATABASE_SSL && !env.DATABASE_URL)
			ctx.addIssue({ code: 'custom', path: ['DATABASE_SSL'], message: 'is used only with DATABASE_URL (PostgreSQL)' });
		if (env.DATABASE_CA_FILE && env.DATABASE_SSL !== 'verify-full')
			ctx.addIssue({ code: 'custom', path: ['DATABASE_CA_FILE'], message: 'is used only with DATABASE_SSL=verify-full' });
		if (env.DATABASE_PASSWORD && !env.DATABASE_URL)
			ctx.addIssue({ code: 'custom', path: ['DATABASE_PASSWORD'], message: 'is used only with DATABASE_URL (PostgreSQL)' });
		if (env.REDIS_PASSWORD && !env.REDIS_URL)
			ctx.addIssue({ code: 'custom', path: ['REDIS_PASSWORD'], message: 'is used only with REDIS_URL' });
		if (env.REDIS_CA_FILE && !env.REDIS_URL?.startsWith('rediss://'))
			ctx.addIssue({ code: 'custom', path: ['REDIS_CA_FILE'], message: 'is used only with a rediss:// REDIS_URL' });
		if (env.SMTP_CA_FILE && !env.SMTP_URL) ctx.addIssue({ code: 'custom', path: ['SMTP_CA_FILE'], message: 'is used only with SMTP_URL' });
		if (env.SMS_PROVIDER !== 'sns')
			for (const key of ['SNS_ENDPOINT', 'SMS_SENDER_ID'] as const)
				if (env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is used only with SMS_PROVIDER=sns' });
		// Codes travel to the endpoint: in clear only to a fake on this machine.
		if (
			env.NODE_ENV === 'production' &&
			env.SNS_ENDPOINT?.startsWith('http:') &&
			!/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(env.SNS_ENDPOINT)
		)
			ctx.addIssue({ code: 'custom', path: ['SNS_ENDPOINT'], message: 'must be https in production (http only for localhost)' });
	});

export type Env = z.infer<typeof envSchema>;

export interface Config {
	env: Env['NODE_ENV'];
	production: boolean;
	port: number;
	/** Public origin of the app, e.g. https://book.example.com.au */
	origin: string;
	/** Also accept requests addressed to an IP address or a local name (ALLOW_LOCAL_HOSTS). */
	allowLocalHosts: boolean;
	dataDir: string;
	logLevel: Env['LOG_LEVEL'];
	database:
		| {
				kind: 'postgres';
				url: string;
				poolMax: number;
				migrateOnStart: boolean;
				/** DATABASE_SSL (undefined: the URL's sslmode) and DATABASE_CA_FILE. */
				ssl?: 'disable' | 'require' | 'verify-full';
				caFile?: string;
		  }
		| { kind: 'pglite'; dir: string };
	redisUrl: string | undefined;
	/** BOOTSTRAP_ADMIN_EMAIL: invited as the first administrator while there is none. */
	bootstrapAdminEmail: string | undefined;
	/** REDIS_CA_FILE: a further CA for a rediss:// REDIS_URL. */
	redisCaFile: string | undefined;
	auth: {
		secret: string | undefined;
		trustedProxyIpHeader: string | undefined;
		adminRequire2fa: boolean;
		signInMaxPerAccount: number;
		signInMaxPerIp: number;
		signInWindowSeconds: number;
		invitationTtlHours: number;
	};
	/** Most procedures one tRPC request may batch. */
	trpcMaxBatch: number;
	/** Load shedding: unset values take the database's defaults (overloadDefaults). */
	overload: { maxInFlight?: number; maxQueued?: number; maxWaitMs?: number };
	/** Live slot holds one person, and one organisation, may have at once (decision 012). */
	holds: { maxPerPerson: number; maxPerOrganization: number };
	phi: { keys: Map<string, Buffer> | undefined; activeKeyId: string | undefined };
	mail: {
		smtpUrl: string | undefined;
		from: string;
		pollMs: number;
		maxAttempts: number;
		/** SMTP_REQUIRE_TLS: STARTTLS is required on smtp:// (no mail in clear). */
		requireTls: boolean;
		caFile: string | undefined;
	};
	/** SMS through Amazon SNS; undefined: SMS stay in the local outbox. */
	sms: { provider: 'sns'; region: string; endpoint: string | undefined; senderId: string | undefined } | undefined;
	s3:
		| { bucket: string; region: string; endpoint: string | undefined; sse: 'AES256' | 'aws:kms' | undefined; kmsKeyId: string | undefined }
		| undefined;
	documents: { maxBytes: number; clamdSocket: string | undefined; reportDueDays: number };
	acuity: { userId: string; apiKey: string; baseUrl: string } | undefined;
	/** GET /metrics needs `Authorization: Bearer <token>`; without a token it does not exist (404). */
	metrics: { token: string | undefined; emf: boolean };
}

export class ConfigError extends Error {
	constructor(public readonly problems: string[]) {
		super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** Parse an environment (process.env by default). Throws ConfigError naming each bad variable. */
export function parseConfig(source: Record<string, string | undefined> = process.env): Config {
	// Treat empty strings as unset, so `FOO=` in an .env file means "use the default".
	const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
	const result = envSchema.safeParse(cleaned);
	if (!result.success) {
		throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(environment)'} ${i.message}`));
	}
	const env = result.data;
	const origin = (env.BETTER_AUTH_URL ?? env.ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
	return {
		env: env.NODE_ENV,
		production: env.NODE_ENV === 'production',
		port: env.PORT,
		origin,
		allowLocalHosts: env.ALLOW_LOCAL_HOSTS ?? env.NODE_ENV !== 'production',
		dataDir: env.DATA_DIR,
		logLevel: env.LOG_LEVEL,
		database: env.DATABASE_URL
			? {
					kind: 'postgres',
					url: withPassword(env.DATABASE_URL, env.DATABASE_PASSWORD),
					poolMax: env.DB_POOL_MAX,
					migrateOnStart: env.DB_MIGRATE_ON_START ?? false,
					...(env.DATABASE_SSL ? { ssl: env.DATABASE_SSL } : {}),
					...(env.DATABASE_CA_FILE ? { caFile: env.DATABASE_CA_FILE } : {})
				}
			: { kind: 'pglite', dir: `${env.DATA_DIR}/pglite` },
		redisUrl: env.REDIS_URL && withPassword(env.REDIS_URL, env.REDIS_PASSWORD),
		bootstrapAdminEmail: env.BOOTSTRAP_ADMIN_EMAIL?.trim().toLowerCase(),
		redisCaFile: env.REDIS_CA_FILE,
		auth: {
			secret: env.BETTER_AUTH_SECRET,
			trustedProxyIpHeader: env.TRUSTED_PROXY_IP_HEADER?.toLowerCase(),
			adminRequire2fa: env.ADMIN_REQUIRE_2FA,
			signInMaxPerAccount: env.SIGN_IN_MAX_PER_ACCOUNT,
			signInMaxPerIp: env.SIGN_IN_MAX_PER_IP,
			signInWindowSeconds: env.SIGN_IN_WINDOW_SECONDS,
			invitationTtlHours: env.INVITATION_TTL_HOURS
		},
		trpcMaxBatch: env.TRPC_MAX_BATCH,
		overload: { maxInFlight: env.MAX_IN_FLIGHT, maxQueued: env.MAX_QUEUED, maxWaitMs: env.MAX_QUEUE_WAIT_MS },
		holds: { maxPerPerson: env.HOLDS_MAX_PER_PERSON, maxPerOrganization: env.HOLDS_MAX_PER_ORGANIZATION },
		phi: {
			keys: env.PHI_KEYS,
			activeKeyId: env.PHI_ACTIVE_KEY_ID ?? (env.PHI_KEYS ? [...env.PHI_KEYS.keys()].at(-1) : undefined)
		},
		mail: {
			smtpUrl: env.SMTP_URL,
			from: env.MAIL_FROM,
			pollMs: env.OUTBOX_POLL_MS,
			maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
			requireTls: env.SMTP_REQUIRE_TLS ?? env.NODE_ENV === 'production',
			caFile: env.SMTP_CA_FILE
		},
		sms:
			env.SMS_PROVIDER === 'sns'
				? { provider: 'sns', region: env.AWS_REGION ?? 'ap-southeast-2', endpoint: env.SNS_ENDPOINT, senderId: env.SMS_SENDER_ID }
				: undefined,
		s3: env.S3_BUCKET
			? { bucket: env.S3_BUCKET, region: env.S3_REGION ?? '', endpoint: env.S3_ENDPOINT, sse: env.S3_SSE, kmsKeyId: env.S3_KMS_KEY_ID }
			: undefined,
		documents: { maxBytes: env.DOCUMENT_MAX_BYTES, clamdSocket: env.CLAMD_SOCKET, reportDueDays: env.REPORT_DUE_DAYS },
		acuity:
			env.ACUITY_USER_ID && env.ACUITY_API_KEY
				? {
						userId: env.ACUITY_USER_ID,
						apiKey: env.ACUITY_API_KEY,
						baseUrl: env.ACUITY_BASE_URL ?? 'https://acuityscheduling.com/api/v1'
					}
				: undefined,
		metrics: { token: env.METRICS_TOKEN, emf: env.METRICS_EMF ?? false }
	};
}

/**
 * The URL with its password replaced (percent-encoded as URLs need), or as it is without one. A
 * password handed apart (ECS injects secrets one by one) never has to be spliced into a URL by hand.
 */
export function withPassword(url: string, password: string | undefined): string {
	if (!password) return url;
	const parsed = new URL(url);
	parsed.password = encodeURIComponent(password);
	return parsed.toString();
}
