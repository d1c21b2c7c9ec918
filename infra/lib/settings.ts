import type { Construct } from 'constructs';

/** The only region the product runs in: PHI stays in Australia (architecture note, data residency). */
export const REGION = 'ap-southeast-2';
export const AVAILABILITY_ZONES = ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c'];

/** Names the app reads (see the app's .env.example) and that the alarms watch (the app's EMF line). */
export const METRICS_NAMESPACE = 'ImeBooking';
export const METRICS_SERVICE = 'ime-booking';
export const APP_PORT = 3000;
export const DB_NAME = 'ime';
export const DB_USER = 'ime';

/**
 * What differs between one deployment and another, given with `-c name=value` (or cdk.json's context).
 * The defaults are placeholders that let `npm run infra:synth` work offline on a fresh clone; a real
 * deployment names its own domain, hosted zone and image tag (docs/deploy.md).
 */
export interface Settings {
	/** The host name people use, e.g. book.example.com.au. */
	domainName: string;
	/** The Route 53 hosted zone that holds domainName (id and name; no lookup at synth). */
	hostedZoneId: string;
	hostedZoneName: string;
	/** The image tag in the app's ECR repository to run (a git commit). */
	imageTag: string;
	/** Where alarms are emailed; empty: the topic only. */
	alarmEmail: string;
	/** Sender of the app's mail (MAIL_FROM), an address of a domain verified in SES. */
	mailFrom: string;
	/** Sender shown on SMS where allowed (SMS_SENDER_ID); empty: SNS's own number. */
	smsSenderId: string;
	/** Invited as the first administrator when the database has none (BOOTSTRAP_ADMIN_EMAIL); empty: nobody. */
	adminEmail: string;
	/** AWS account to deploy to; unset: the account of the credentials in use. */
	account: string | undefined;
	/** Tasks at rest and at most. */
	minTasks: number;
	maxTasks: number;
}

function text(scope: Construct, name: string, fallback: string): string {
	const value: unknown = scope.node.tryGetContext(name);
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value !== 'string') throw new Error(`context ${name}: expected text`);
	return value;
}

function count(scope: Construct, name: string, fallback: number, min: number, max: number): number {
	const value: unknown = scope.node.tryGetContext(name);
	if (value === undefined || value === null || value === '') return fallback;
	const n = typeof value === 'number' ? value : Number(value);
	if (!Number.isInteger(n) || n < min || n > max) throw new Error(`context ${name}: expected a whole number from ${min} to ${max}`);
	return n;
}

export function readSettings(scope: Construct): Settings {
	const domainName = text(scope, 'domainName', 'book.example.com.au');
	const hostedZoneName = text(scope, 'hostedZoneName', 'example.com.au');
	if (domainName !== hostedZoneName && !domainName.endsWith(`.${hostedZoneName}`)) {
		throw new Error(`context domainName: ${domainName} is not inside the hosted zone ${hostedZoneName}`);
	}
	const imageTag = text(scope, 'imageTag', 'unset');
	if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(imageTag)) throw new Error('context imageTag: not a valid image tag');
	const minTasks = count(scope, 'minTasks', 2, 2, 20);
	const maxTasks = count(scope, 'maxTasks', 6, minTasks, 40);
	const account = text(scope, 'account', process.env.CDK_DEFAULT_ACCOUNT ?? '') || undefined;
	// The app refuses these at start (src/lib/config.ts): every task would fail, so refuse them at synth.
	const smsSenderId = text(scope, 'smsSenderId', '');
	if (smsSenderId && !/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/.test(smsSenderId)) {
		throw new Error('context smsSenderId: must be 1 to 11 letters or digits with at least one letter, no spaces');
	}
	const adminEmail = text(scope, 'adminEmail', '');
	if (adminEmail && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(adminEmail)) throw new Error('context adminEmail: not an email address');
	return {
		domainName,
		hostedZoneId: text(scope, 'hostedZoneId', 'Z0000000000EXAMPLE'),
		hostedZoneName,
		imageTag,
		alarmEmail: text(scope, 'alarmEmail', ''),
		mailFrom: text(scope, 'mailFrom', `IME Bookings <bookings@${hostedZoneName}>`),
		smsSenderId,
		adminEmail,
		account,
		minTasks,
		maxTasks
	};
}
