/**
 * SMS from the outbox through the SNS transport to the fake SNS (the AWS Query protocol the pinned
 * @aws-sdk/client-sns speaks): what SNS receives, and how its answers map onto retry and failure.
 */
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/client';
import { outbox } from '../../db/schema';
import { createLogger } from '../../logger';
import { createTestApp } from '../../testing/app';
import { openTestDatabase } from '../../testing/db';
import { SNS_ERRORS, startFakeSns, type FakeSns } from '../../testing/fake-sns';
import { Cipher } from '../crypto/cipher';
import { enqueue, OutboxWorker, type Message, type Transport } from './outbox';
import { deliveryErrorFromSns, SnsSmsTransport } from './sns-transport';
import { LocalTransport } from './transports';

let database: Database;
let fake: FakeSns;
const cipher = new Cipher(new Map([['k1', randomBytes(32)]]), 'k1');
const logLines: string[] = [];
const logger = createLogger({ level: 'debug', pretty: false, destination: { write: (line: string) => void logLines.push(line) } });
const transports: SnsSmsTransport[] = [];

const CODE = '493817';
const codeMessage = (to = '0412 345 678'): Message => ({
	channel: 'sms',
	template: 'one_time_code',
	to,
	subject: 'Your IME Bookings sign-in code',
	text: `Your sign-in code is ${CODE}. It expires in 5 minutes.`,
	userId: 'user-7'
});

const sns = (over: Partial<ConstructorParameters<typeof SnsSmsTransport>[0]> = {}) => {
	const t = new SnsSmsTransport({
		region: 'ap-southeast-2',
		endpoint: fake.url,
		credentials: { accessKeyId: 'AKIAFAKESNS', secretAccessKey: 'fake-secret' },
		...over
	});
	transports.push(t);
	return t;
};

const worker = (sms: Transport, maxAttempts = 5) =>
	new OutboxWorker({ db: database.db, cipher, transports: { email: new LocalTransport(), sms }, logger, maxAttempts });

const rowOf = async (id: string) => (await database.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;
const makeDue = () => database.db.execute(sql`update outbox set next_attempt_at = now() - interval '1 second'`);

/** Neither the number (in any spelling) nor the code may be in a stored error or a log line. */
/** Ids left out: a UUID can hold "0412" or "9876" by chance. */
const withoutIds = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');

function expectNoSecrets(...texts: (string | null | undefined)[]) {
	for (const text of texts)
		for (const secret of [CODE, '412345678', '412 345 678', '0412', '+61412'])
			expect(withoutIds(text ?? ''), `"${secret}" leaked into ${text}`).not.toContain(secret);
}

beforeAll(async () => {
	database = await openTestDatabase();
	fake = await startFakeSns();
});

afterAll(async () => {
	for (const t of transports) t.close();
	await fake?.close();
	await database?.close();
});

beforeEach(async () => {
	await database.db.delete(outbox);
	fake.reset();
	logLines.length = 0;
});

describe('SMS through SNS', () => {
	it('publishes a code to the E.164 number as a transactional SMS with the sender id, signed', async () => {
		const id = await enqueue(database.db, cipher, codeMessage('0412 345 678'));
		expect(await worker(sns({ senderId: 'IMEBook' })).deliverDue()).toEqual({ sent: 1, failed: 0 });
		expect(fake.messages).toHaveLength(1);
		expect(fake.messages[0]).toMatchObject({
			phoneNumber: '+61412345678',
			message: `Your sign-in code is ${CODE}. It expires in 5 minutes.`,
			signed: true,
			attributes: {
				'AWS.SNS.SMS.SMSType': { dataType: 'String', stringValue: 'Transactional' },
				'AWS.SNS.SMS.SenderID': { dataType: 'String', stringValue: 'IMEBook' }
			}
		});
		expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
	});

	it('sends no sender id when none is configured', async () => {
		await enqueue(database.db, cipher, codeMessage('+61 412 345 678'));
		await worker(sns()).deliverDue();
		expect(fake.messages[0]!.phoneNumber).toBe('+61412345678');
		expect(Object.keys(fake.messages[0]!.attributes)).toEqual(['AWS.SNS.SMS.SMSType']);
	});

	it('retries a throttled publish after the backoff, then delivers it once', async () => {
		fake.failNext(SNS_ERRORS.throttled);
		const id = await enqueue(database.db, cipher, codeMessage());
		const w = worker(sns());
		expect(await w.deliverDue()).toEqual({ sent: 0, failed: 1 });
		// One call: the SDK does not retry by itself, the outbox does.
		expect(fake.calls).toBe(1);
		const waiting = await rowOf(id);
		expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'DeliveryError ThrottledException' });
		expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

		expect(await w.deliverDue()).toEqual({ sent: 0, failed: 0 });
		await makeDue();
		expect(await w.deliverDue()).toEqual({ sent: 1, failed: 0 });
		expect(fake.messages).toHaveLength(1);
		expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 2 });
		expectNoSecrets(waiting.lastError, ...logLines);
	});

	it('retries when SNS fails itself (5xx) or cannot be reached', async () => {
		fake.failNext(SNS_ERRORS.internal);
		const id = await enqueue(database.db, cipher, codeMessage());
		await worker(sns()).deliverDue();
		expect(await rowOf(id)).toMatchObject({ status: 'pending', lastError: 'DeliveryError InternalErrorException' });

		// Nothing listens on port 9 of loopback: the connection is refused.
		await makeDue();
		await worker(sns({ endpoint: 'http://127.0.0.1:9' })).deliverDue();
		const row = await rowOf(id);
		expect(row).toMatchObject({ status: 'pending', attempts: 2 });
		expect(row.lastError).toMatch(/^DeliveryError [A-Za-z_]+$/);
		expectNoSecrets(row.lastError, ...logLines);
	});

	it.each([
		['a number SNS refuses', SNS_ERRORS.invalidParameter, 'InvalidParameterException'],
		['an opted-out number', SNS_ERRORS.optedOut, 'OptedOutException']
	])('fails at once, without retrying, for %s; the error holds no number or code', async (_, failure, name) => {
		fake.failNext(failure);
		const id = await enqueue(database.db, cipher, codeMessage());
		const w = worker(sns());
		expect(await w.deliverDue()).toEqual({ sent: 0, failed: 1 });
		const row = await rowOf(id);
		expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: `DeliveryError ${name}` });
		await makeDue();
		expect(await w.deliverDue()).toEqual({ sent: 0, failed: 0 });
		expect(fake.calls).toBe(1);
		// The fake's error message, like SNS's, named the number: none of it was kept.
		expectNoSecrets(row.lastError, ...logLines);
		expect(logLines.join('\n')).toContain('outbox delivery failed');
	});

	it('fails a number that is not an Australian mobile without calling SNS', async () => {
		const id = await enqueue(database.db, cipher, codeMessage('02 9876 5432'));
		await worker(sns()).deliverDue();
		expect(await rowOf(id)).toMatchObject({ status: 'failed', lastError: 'DeliveryError NotAnAustralianMobile' });
		expect(fake.calls).toBe(0);
		expect(withoutIds(logLines.join('\n'))).not.toContain('9876');
	});

	it('gives up after the outbox’s last attempt when SNS keeps throttling', async () => {
		fake.failNext(SNS_ERRORS.throttled, 3);
		const id = await enqueue(database.db, cipher, codeMessage());
		const w = worker(sns(), 2);
		await w.deliverDue();
		await makeDue();
		await w.deliverDue();
		expect(await rowOf(id)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'DeliveryError ThrottledException' });
		expect(fake.calls).toBe(2);
	});
});

describe('the SMS transport chosen by settings', () => {
	it('is SNS with SMS_PROVIDER=sns (credentials from the default chain), local otherwise', async () => {
		vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFAKECHAIN');
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-chain-secret');
		const withSns = await createTestApp({ SMS_PROVIDER: 'sns', SNS_ENDPOINT: fake.url, SMS_SENDER_ID: 'IMEBook' });
		const local = await createTestApp();
		try {
			await enqueue(withSns.database.db, withSns.cipher, codeMessage());
			expect(await withSns.outbox.deliverDue()).toEqual({ sent: 1, failed: 0 });
			expect(fake.messages.map((m) => [m.phoneNumber, m.signed, m.attributes['AWS.SNS.SMS.SenderID']?.stringValue])).toEqual([
				['+61412345678', true, 'IMEBook']
			]);

			await enqueue(local.database.db, local.cipher, codeMessage());
			expect(await local.outbox.deliverDue()).toEqual({ sent: 1, failed: 0 });
			expect(fake.calls).toBe(1);
		} finally {
			vi.unstubAllEnvs();
			await withSns.close();
			await local.close();
		}
		// Two whole apps: slow on a busy machine.
	}, 90_000);
});

describe('SNS errors', () => {
	it('keep only a code, and say whether trying again may help', () => {
		const sdk = (name: string, status: number) =>
			Object.assign(new Error('Invalid parameter: PhoneNumber +61412345678'), { name, $metadata: { httpStatusCode: status } });
		expect(deliveryErrorFromSns(sdk('Throttled', 429))).toMatchObject({ code: 'Throttled', permanent: false });
		expect(deliveryErrorFromSns(sdk('SomethingNew', 503))).toMatchObject({ permanent: false });
		expect(deliveryErrorFromSns(sdk('AuthorizationErrorException', 403))).toMatchObject({ permanent: true });
		const network = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		expect(deliveryErrorFromSns(network)).toMatchObject({ code: 'ECONNREFUSED', permanent: false });
		expect(deliveryErrorFromSns(sdk('InvalidParameterException', 400)).message).not.toContain('+61');
		expect(deliveryErrorFromSns(undefined)).toMatchObject({ code: 'UnknownError', permanent: false });
	});
});
