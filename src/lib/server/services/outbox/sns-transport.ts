/**
 * SMS through Amazon SNS (Publish to a phone number). Credentials come from the default AWS chain
 * (environment, profile, container or instance role); nothing here reads them.
 *
 * The SDK does not retry: the outbox does, with its backoff, so a throttled or failing SNS is
 * retried the same way as a failing mail server, and a refusal (a bad or opted-out number) fails
 * the message at once. No failure carries the number or the text: SNS's own error messages echo
 * the number, so only the error's code travels on (DeliveryError).
 */
import { PublishCommand, SNSClient, type MessageAttributeValue } from '@aws-sdk/client-sns';
import { auMobileToE164 } from '../../../schemas/phone';
import { DeliveryError, type Message, type Transport } from './outbox';

export interface SnsSmsOptions {
	region: string;
	/** Another SNS endpoint (the fake in tests); unset: the region's own. */
	endpoint?: string;
	/** Alphanumeric sender id shown instead of a number, where the destination country allows it. */
	senderId?: string;
	/** Only for tests against the fake; production uses the default credential chain. */
	credentials?: { accessKeyId: string; secretAccessKey: string };
	/** Longest wait for SNS's answer; the outbox's claim (120 s) must outlast it. */
	requestTimeoutMs?: number;
}

/** Codes SNS answers when asked too often or when it failed itself: worth another try later. */
const RETRYABLE_CODES = new Set([
	'Throttled',
	'ThrottledException',
	'Throttling',
	'ThrottlingException',
	'TooManyRequestsException',
	'KMSThrottling',
	'KMSThrottlingException',
	'InternalError',
	'InternalErrorException',
	'InternalFailure',
	'ServiceUnavailable',
	'RequestTimeout',
	'RequestTimeoutException'
]);

/** An SNS or network failure, reduced to its code and whether trying again may help. */
export function deliveryErrorFromSns(err: unknown): DeliveryError {
	const e = (err ?? {}) as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
	const status = e.$metadata?.httpStatusCode;
	// Node network errors carry `code` (ECONNREFUSED…); SDK errors carry the service's code as `name`.
	const code = (e.code && /^[A-Z][A-Z_]+$/.test(e.code) ? e.code : e.name) || 'UnknownError';
	const safeCode = code.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64) || 'UnknownError';
	// No answer from SNS at all (network, timeout, credentials not found): try again later.
	if (status === undefined) return new DeliveryError(safeCode, false);
	const retryable = RETRYABLE_CODES.has(code) || Boolean(e.$retryable) || status === 429 || status >= 500;
	return new DeliveryError(safeCode, !retryable);
}

export class SnsSmsTransport implements Transport {
	readonly name = 'sns';
	private readonly client: SNSClient;

	constructor(private readonly options: SnsSmsOptions) {
		this.client = new SNSClient({
			region: options.region,
			endpoint: options.endpoint,
			credentials: options.credentials,
			maxAttempts: 1,
			requestHandler: { connectionTimeout: 5_000, requestTimeout: options.requestTimeoutMs ?? 15_000 }
		});
	}

	async send(message: Message): Promise<void> {
		const phoneNumber = auMobileToE164(message.to);
		// Saved before numbers were checked, or edited in the database: SNS would refuse it anyway.
		if (!phoneNumber) throw new DeliveryError('NotAnAustralianMobile', true);
		const attributes: Record<string, MessageAttributeValue> = {
			// Transactional: delivered for reliability (codes), not cost; never held as marketing.
			'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' }
		};
		if (this.options.senderId) attributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: this.options.senderId };
		try {
			await this.client.send(
				new PublishCommand({
					PhoneNumber: phoneNumber,
					Message: message.link ? `${message.text}\n${message.link}` : message.text,
					MessageAttributes: attributes
				})
			);
		} catch (err) {
			throw deliveryErrorFromSns(err);
		}
	}

	close() {
		this.client.destroy();
	}
}
