/**
 * A fake Amazon SNS, for tests and the e2e servers: the Publish action of the AWS Query protocol
 * that @aws-sdk/client-sns speaks (POST form-encoded `Action=Publish&PhoneNumber=…&Message=…&
 * MessageAttributes.entry.N.…`, answered with `PublishResponse` XML, errors as `ErrorResponse` XML
 * with the Code and HTTP status SNS uses). It records what it was sent and can be told to fail.
 *
 * `GET /_fake/messages` lists the recorded messages as JSON, for a test in another process.
 * Listens on loopback only; never imported by production code.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

export interface FakeSnsMessage {
	messageId: string;
	phoneNumber: string;
	message: string;
	/** Message attributes by name, with their string values. */
	attributes: Record<string, { dataType: string; stringValue: string | undefined }>;
	/** Whether the request carried an AWS Signature Version 4 Authorization header. */
	signed: boolean;
	receivedAt: Date;
}

/** An error SNS answers with: the Query-protocol code and the HTTP status SNS sends it with. */
export interface FakeSnsFailure {
	code: string;
	status: number;
	/** Human text, as SNS's own; SNS's real messages echo the phone number, so this one does too. */
	message?: string;
}

export const SNS_ERRORS = {
	throttled: { code: 'Throttled', status: 429 },
	internal: { code: 'InternalError', status: 500 },
	invalidParameter: { code: 'InvalidParameter', status: 400 },
	optedOut: { code: 'OptedOut', status: 400 }
} satisfies Record<string, FakeSnsFailure>;

export interface FakeSns {
	/** http://127.0.0.1:port, for SNS_ENDPOINT or the client's `endpoint`. */
	url: string;
	messages: FakeSnsMessage[];
	/** Every Publish call, accepted or not. */
	calls: number;
	/** Answer the next `times` Publish calls with this error (queued after earlier ones). */
	failNext(failure: FakeSnsFailure, times?: number): void;
	reset(): void;
	close(): Promise<void>;
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function errorXml(failure: FakeSnsFailure, requestId: string) {
	const type = failure.status >= 500 ? 'Receiver' : 'Sender';
	return (
		`<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${xmlEscape(failure.code)}</Code>` +
		`<Message>${xmlEscape(failure.message ?? failure.code)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
	);
}

/** `MessageAttributes.entry.N.Name`, `.Value.DataType`, `.Value.StringValue` → by name. */
function attributesOf(form: URLSearchParams): FakeSnsMessage['attributes'] {
	const attributes: FakeSnsMessage['attributes'] = {};
	for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++) {
		const prefix = `MessageAttributes.entry.${n}`;
		attributes[form.get(`${prefix}.Name`)!] = {
			dataType: form.get(`${prefix}.Value.DataType`) ?? '',
			stringValue: form.get(`${prefix}.Value.StringValue`) ?? undefined
		};
	}
	return attributes;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > 512 * 1024) throw new Error('body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeSns(options: { port?: number } = {}): Promise<FakeSns> {
	const failures: FakeSnsFailure[] = [];
	const fake = {
		url: '',
		messages: [] as FakeSnsMessage[],
		calls: 0,
		failNext(failure: FakeSnsFailure, times = 1) {
			for (let i = 0; i < times; i++) failures.push(failure);
		},
		reset() {
			failures.length = 0;
			fake.messages.length = 0;
			fake.calls = 0;
		},
		close: async () => {}
	};

	const answer = (res: ServerResponse, status: number, xml: string) => {
		res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
		res.end(xml);
	};

	const server = createServer((req, res) => {
		void (async () => {
			const requestId = randomUUID();
			if (req.method === 'GET' && req.url === '/_fake/messages') {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(fake.messages));
				return;
			}
			if (req.method !== 'POST') return answer(res, 405, errorXml({ code: 'InvalidAction', status: 405 }, requestId));
			const form = new URLSearchParams(await bodyOf(req));
			const action = form.get('Action');
			if (action !== 'Publish')
				return answer(res, 400, errorXml({ code: 'InvalidAction', status: 400, message: `${action} is not faked` }, requestId));
			if (form.get('Version') !== '2010-03-31')
				return answer(res, 400, errorXml({ code: 'InvalidParameter', status: 400, message: 'Version' }, requestId));
			fake.calls++;
			const failure = failures.shift();
			const phoneNumber = form.get('PhoneNumber') ?? '';
			if (failure)
				return answer(
					res,
					failure.status,
					errorXml({ ...failure, message: failure.message ?? `${failure.code}: ${phoneNumber}` }, requestId)
				);
			// As SNS: a number that is not E.164 is refused, with the number in the message.
			if (!/^\+[1-9]\d{6,14}$/.test(phoneNumber))
				return answer(
					res,
					400,
					errorXml(
						{ code: 'InvalidParameter', status: 400, message: `Invalid parameter: PhoneNumber Reason: ${phoneNumber} is not valid` },
						requestId
					)
				);
			const message = form.get('Message');
			if (!message) return answer(res, 400, errorXml({ code: 'InvalidParameter', status: 400, message: 'Empty message' }, requestId));
			const messageId = randomUUID();
			fake.messages.push({
				messageId,
				phoneNumber,
				message,
				attributes: attributesOf(form),
				signed: /^AWS4-HMAC-SHA256 Credential=/.test(req.headers.authorization ?? ''),
				receivedAt: new Date()
			});
			answer(
				res,
				200,
				`<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult>` +
					`<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`
			);
		})().catch(() => {
			if (!res.headersSent) answer(res, 500, errorXml(SNS_ERRORS.internal, randomUUID()));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	fake.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return fake;
}
