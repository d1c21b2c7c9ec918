/**
 * Structured JSON logs (pino). Credentials and anything that could be PHI are redacted by path;
 * PHI must not be passed to the logger in the first place, this is the safety net.
 */
import pino, { type Logger } from 'pino';

const SENSITIVE_KEYS = [
	'password',
	'newPassword',
	'currentPassword',
	'token',
	'secret',
	'code',
	'otp',
	'backupCodes',
	'email',
	'name',
	'firstName',
	'lastName',
	'dateOfBirth',
	'dob',
	'phone',
	'phoneNumber',
	'address',
	'examinee',
	'claimNumber',
	'notes'
];

export const redactPaths = [
	'req.headers.cookie',
	'req.headers.authorization',
	'headers.cookie',
	'headers.authorization',
	'res.headers["set-cookie"]',
	'input',
	...SENSITIVE_KEYS,
	...SENSITIVE_KEYS.map((k) => `*.${k}`)
];

export function createLogger(opts: { level: string; pretty: boolean; destination?: pino.DestinationStream }): Logger {
	const options: pino.LoggerOptions = {
		level: opts.level,
		redact: { paths: redactPaths, censor: '[redacted]' },
		base: undefined,
		timestamp: pino.stdTimeFunctions.isoTime
	};
	if (opts.destination) return pino(options, opts.destination);
	if (opts.pretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
	return pino(options);
}

export type { Logger };
