/**
 * Better Auth, used as a library: our services call `auth.api.*` (sign-in, sessions, second
 * factor, password reset) and its HTTP handler is not mounted (docs/decisions/004). Accounts are
 * created only by accepting an invitation, so public sign-up is disabled.
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { admin, twoFactor } from 'better-auth/plugins';
import type { Config } from '../../config';
import type { Db } from '../db/client';
import * as schema from '../db/schema';
import type { Cipher } from '../services/crypto/cipher';
import { enqueue } from '../services/outbox/outbox';
import type { Logger } from '../logger';

/** Internal header carrying the client address we resolved; any incoming copy is dropped. */
export const CLIENT_IP_HEADER = 'x-ime-client-ip';

export interface AuthDeps {
	config: Config;
	db: Db;
	cipher: Cipher;
	secret: string;
	logger: Logger;
}

export function createAuth({ config, db, cipher, secret, logger }: AuthDeps) {
	/** An email with a one-time link (reset, verification), through the outbox. */
	const sendLink = async (
		user: { id: string; email: string },
		template: 'password_reset' | 'verify_email',
		subject: string,
		path: string,
		token: string,
		text: string
	) => {
		await enqueue(db, cipher, {
			channel: 'email',
			template,
			userId: user.id,
			to: user.email,
			subject,
			text,
			link: `${config.origin}${path}?token=${encodeURIComponent(token)}`
		});
	};
	return betterAuth({
		appName: 'IME Bookings',
		baseURL: config.origin,
		secret,
		database: drizzleAdapter(db, {
			provider: 'pg',
			schema: {
				user: schema.user,
				session: schema.session,
				account: schema.account,
				verification: schema.verification,
				twoFactor: schema.twoFactor
			}
		}),
		telemetry: { enabled: false },
		// Into our pino logger (redacted), as debug: a wrong password is audited, not an operational event.
		logger: {
			level: 'warn',
			log: (level, message) => logger[level === 'error' ? 'error' : 'debug']({ component: 'better-auth' }, message)
		},
		// Our own limiter (per account and per IP, shared through Redis) guards every entry point.
		rateLimit: { enabled: false },
		emailAndPassword: {
			enabled: true,
			disableSignUp: true,
			requireEmailVerification: true,
			minPasswordLength: 12,
			maxPasswordLength: 128,
			revokeSessionsOnPasswordReset: true,
			resetPasswordTokenExpiresIn: 60 * 60,
			sendResetPassword: ({ user, token }) =>
				sendLink(
					user,
					'password_reset',
					'Reset your IME Bookings password',
					'/reset-password',
					token,
					'Someone asked to reset the password of your IME Bookings account. If it was you, follow the link within one hour. If not, ignore this message.'
				)
		},
		emailVerification: {
			sendVerificationEmail: ({ user, token }) =>
				sendLink(
					user,
					'verify_email',
					'Confirm your email address',
					'/verify-email',
					token,
					'Confirm the email address of your IME Bookings account.'
				)
		},
		user: {
			additionalFields: {
				phoneNumber: { type: 'string', required: false, input: false },
				otpChannel: { type: 'string', required: false, input: false, defaultValue: 'email' },
				// Read with the session (no query of its own): the zone the person reads times in.
				timeZone: { type: 'string', required: false, input: false }
			}
		},
		session: {
			expiresIn: 60 * 60 * 12,
			updateAge: 60 * 15,
			// No cookie cache: every request reads the session row, so revocation is immediate.
			cookieCache: { enabled: false },
			additionalFields: {
				activeOrganizationId: { type: 'string', required: false, input: false }
			}
		},
		advanced: {
			// Secure whenever the public origin is https (always so in production); an http demo origin would lose its cookies.
			useSecureCookies: config.origin.startsWith('https:'),
			cookiePrefix: 'ime',
			defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure: config.origin.startsWith('https:') },
			ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
			database: { generateId: () => crypto.randomUUID() }
		},
		plugins: [
			// Impersonation lasts at most 8 hours; 30 idle minutes end it sooner (hooks.server.ts).
			admin({ defaultRole: 'user', adminRoles: ['admin'], impersonationSessionDuration: 8 * 3600 }),
			twoFactor({
				issuer: 'IME Bookings',
				skipVerificationOnEnable: false,
				backupCodeOptions: {
					amount: 10,
					storeBackupCodes: {
						encrypt: async (codes) => cipher.encrypt(codes, 'backup-codes'),
						decrypt: async (stored) => cipher.decrypt(stored, 'backup-codes')
					}
				},
				otpOptions: {
					period: 5,
					storeOTP: 'hashed',
					sendOTP: async ({ user, otp }) => {
						const u = user as typeof user & { phoneNumber?: string | null; otpChannel?: string | null };
						const sms = u.otpChannel === 'sms' && u.phoneNumber;
						await enqueue(db, cipher, {
							channel: sms ? 'sms' : 'email',
							template: 'one_time_code',
							userId: user.id,
							to: sms ? u.phoneNumber! : user.email,
							subject: 'Your IME Bookings sign-in code',
							text: `Your sign-in code is ${otp}. It expires in 5 minutes. Nobody from IME Bookings will ask you for it.`
						});
					}
				},
				accountLockout: { enabled: true, maxFailedAttempts: 10, durationSeconds: 15 * 60 }
			})
		]
	});
}

export type Auth = ReturnType<typeof createAuth>;
