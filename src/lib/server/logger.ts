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

/**
 * Drizzle puts a failed statement's values in its error message ("Failed query: …\nparams: …"), and
 * those values can be anything a request carried. Wherever such a message is logged (as a field's
 * string, top level or one level down), the values go.
 */
const QUERY_PARAMS = /\nparams: [\s\S]*$/;

function withoutQueryParams(value: unknown): unknown {
	return typeof value === 'string' && value.includes('\nparams: ') ? value.replace(QUERY_PARAMS, '\nparams: [redacted]') : value;
}

/** A copy of the entry where needed; the caller's objects are never changed. */
function scrubQueryParams(entry: Record<string, unknown>): Record<string, unknown> {
	let out = entry;
	for (const [key, value] of Object.entries(entry)) {
		let scrubbed = withoutQueryParams(value);
		if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Error)) {
			const inner = Object.entries(value).map(([k, v]) => [k, withoutQueryParams(v)] as const);
			if (inner.some(([k, v]) => v !== (value as Record<string, unknown>)[k])) scrubbed = Object.fromEntries(inner);
		}
		if (scrubbed !== value) {
			if (out === entry) out = { ...entry };
			out[key] = scrubbed;
		}
	}
	return out;
}

export function createLogger(opts: { level: string; pretty: boolean; destination?: pino.DestinationStream }): Logger {
	const options: pino.LoggerOptions = {
		level: opts.level,
		redact: { paths: redactPaths, censor: '[redacted]' },
		formatters: { log: scrubQueryParams },
		base: undefined,
		timestamp: pino.stdTimeFunctions.isoTime
	};
	if (opts.destination) return pino(options, opts.destination);
	if (opts.pretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
	return pino(options);
}

export type { Logger };
