import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { asc, eq, sql } from 'drizzle-orm';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { outbox } from '../../db/schema';
import { createLogger } from '../../logger';
import { openTestDatabase } from '../../testing/db';
import { Cipher } from '../crypto/cipher';
import { enqueue, OutboxWorker, type Channel, type Message, type Transport } from './outbox';
import { SmtpTransport } from './transports';

let database: Database;
const cipher = new Cipher(new Map([['k1', randomBytes(32)]]), 'k1');
const logLines: string[] = [];
const logger = createLogger({ level: 'warn', pretty: false, destination: { write: (line: string) => void logLines.push(line) } });

const message = (over: Partial<Message> = {}): Message => ({
	channel: 'email',
	template: 'invitation',
	to: 'jane.citizen@example.com',
	subject: 'You are invited to IME Bookings',
	text: 'Follow the link to accept your invitation.',
	link: 'https://book.example.com.au/invite/abc123',
	userId: 'user-42',
	...over
});

/** Records what it was asked to send; `fail` decides per call whether to throw instead. */
class FakeTransport implements Transport {
	readonly name = 'fake';
	readonly sent: Message[] = [];
	calls = 0;
	constructor(
		private readonly fail: (call: number) => Error | undefined = () => undefined,
		private readonly delayMs = 0
	) {}
	async send(m: Message) {
		const call = ++this.calls;
		if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
		const err = this.fail(call);
		if (err) throw err;
		this.sent.push(m);
	}
}

const worker = (email: Transport, opts: { maxAttempts?: number; sms?: Transport } = {}) =>
	new OutboxWorker({
		db: database.db,
		cipher,
		transports: { email, sms: opts.sms ?? new FakeTransport() } satisfies Record<Channel, Transport>,
		logger,
		maxAttempts: opts.maxAttempts ?? 3
	});

const rowOf = async (id: string) => (await database.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;
/** Pretend the backoff has passed for every waiting message. */
const makeDue = () => database.db.execute(sql`update outbox set next_attempt_at = now() - interval '1 second'`);

class Rollback extends Error {}

beforeAll(async () => {
	database = await openTestDatabase();
});

afterAll(async () => {
	await database?.close();
});

beforeEach(async () => {
	await database.db.delete(outbox);
	logLines.length = 0;
});

describe('outbox', () => {
	it('queues nothing when the transaction that caused the message rolls back', async () => {
		let id: string | undefined;
		await database.db
			.transaction(async (tx) => {
				id = await enqueue(tx, cipher, message());
				throw new Rollback();
			})
			.catch((err) => {
				if (!(err instanceof Rollback)) throw err;
			});
		expect(id).toBeDefined();
		expect(await database.db.select().from(outbox)).toEqual([]);
	});

	it('queues the message when the transaction commits', async () => {
		const id = await database.db.transaction((tx) => enqueue(tx, cipher, message()));
		expect(await rowOf(id)).toMatchObject({ channel: 'email', template: 'invitation', userId: 'user-42', status: 'pending', attempts: 0 });
	});

	it('stores recipient and content encrypted, bound to the outbox', async () => {
		const m = message();
		const id = await enqueue(database.db, cipher, m);
		const [raw] = rowsOf<{ payload: string }>(await database.db.execute(sql`select payload from outbox where id = ${id}`));
		for (const clear of [m.to, 'jane.citizen', m.subject, m.text, m.link!, 'abc123']) expect(raw!.payload).not.toContain(clear);
		expect(cipher.keyIdOf(raw!.payload)).toBe('k1');
		expect(JSON.parse(cipher.decrypt(raw!.payload, 'outbox'))).toEqual({ to: m.to, subject: m.subject, text: m.text, link: m.link });
		expect(() => cipher.decrypt(raw!.payload, 'examinee')).toThrow();
	});

	it('delivers a due message once, with its content intact, and marks it sent', async () => {
		const m = message();
		const id = await enqueue(database.db, cipher, m);
		const transport = new FakeTransport();
		const w = worker(transport);

		expect(await w.deliverDue()).toEqual({ sent: 1, failed: 0 });
		expect(transport.sent).toEqual([m]);
		const row = await rowOf(id);
		expect(row).toMatchObject({ status: 'sent', attempts: 1, lockedUntil: null, lastError: null });
		expect(row.sentAt).toBeInstanceOf(Date);

		expect(await w.deliverDue()).toEqual({ sent: 0, failed: 0 });
		await makeDue();
		expect(await w.deliverDue()).toEqual({ sent: 0, failed: 0 });
		expect(transport.calls).toBe(1);
	});

	it('sends each channel through its own transport', async () => {
		await enqueue(database.db, cipher, message({ channel: 'sms', template: 'one_time_code', to: '+61400000000', link: undefined }));
		await enqueue(database.db, cipher, message());
		const email = new FakeTransport();
		const sms = new FakeTransport();
		expect(await worker(email, { sms }).deliverDue()).toEqual({ sent: 2, failed: 0 });
		expect(email.sent.map((m) => m.to)).toEqual(['jane.citizen@example.com']);
		expect(sms.sent.map((m) => m.to)).toEqual(['+61400000000']);
	});

	it('leaves messages that are not yet due', async () => {
		const id = await enqueue(database.db, cipher, message());
		await database.db.execute(sql`update outbox set next_attempt_at = now() + interval '1 hour' where id = ${id}`);
		const transport = new FakeTransport();
		expect(await worker(transport).deliverDue()).toEqual({ sent: 0, failed: 0 });
		expect((await rowOf(id)).status).toBe('pending');
	});

	it('retries a failing message with growing backoff and gives up after maxAttempts', async () => {
		const id = await enqueue(database.db, cipher, message());
		// A transport error whose message echoes the address: only its class and code may be kept.
		const transport = new FakeTransport(() =>
			Object.assign(new Error('550 mailbox unavailable: jane.citizen@example.com'), { code: 'EENVELOPE' })
		);
		const w = worker(transport, { maxAttempts: 3 });

		for (const [attempt, backoff] of [
			[1, 10],
			[2, 20]
		] as const) {
			const before = Date.now();
			expect(await w.deliverDue()).toEqual({ sent: 0, failed: 1 });
			const after = Date.now();
			const row = await rowOf(id);
			expect(row).toMatchObject({ status: 'pending', attempts: attempt, lastError: 'Error EENVELOPE', lockedUntil: null });
			expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + backoff * 1000 - 5);
			expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(after + backoff * 1000 + 5);
			// Not due again until the backoff has passed.
			expect(await w.deliverDue()).toEqual({ sent: 0, failed: 0 });
			await makeDue();
		}

		expect(await w.deliverDue()).toEqual({ sent: 0, failed: 1 });
		expect(await rowOf(id)).toMatchObject({ status: 'failed', attempts: 3 });

		await makeDue();
		expect(await w.deliverDue()).toEqual({ sent: 0, failed: 0 });
		expect(transport.calls).toBe(3);

		const logged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
		expect(logged.map((l) => [l.msg, l.attempts, l.giveUp])).toEqual([
			['outbox delivery failed', 1, false],
			['outbox delivery failed', 2, false],
			['outbox delivery failed', 3, true]
		]);
		expect(logLines.join('')).not.toContain('jane.citizen');
	});

	it('sends a message that failed once when the retry succeeds', async () => {
		const id = await enqueue(database.db, cipher, message());
		const transport = new FakeTransport((call) => (call === 1 ? new TypeError('boom') : undefined));
		const w = worker(transport);
		expect(await w.deliverDue()).toEqual({ sent: 0, failed: 1 });
		expect((await rowOf(id)).lastError).toBe('TypeError');
		await makeDue();
		expect(await w.deliverDue()).toEqual({ sent: 1, failed: 0 });
		expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
	});

	it('takes over a message whose sender crashed once its claim expires, not before', async () => {
		const id = await enqueue(database.db, cipher, message());
		await database.db.execute(
			sql`update outbox set status = 'sending', attempts = 1, locked_until = now() + interval '1 minute' where id = ${id}`
		);
		const transport = new FakeTransport();
		const w = worker(transport);
		expect(await w.deliverDue()).toEqual({ sent: 0, failed: 0 });

		await database.db.execute(sql`update outbox set locked_until = now() - interval '1 second' where id = ${id}`);
		expect(await w.deliverDue()).toEqual({ sent: 1, failed: 0 });
		expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 2 });
	});

	it('never delivers a message twice when two workers run at once', async () => {
		const total = 40;
		for (let i = 0; i < total; i++) await enqueue(database.db, cipher, message({ to: `person${i}@example.com` }));
		const transports = [new FakeTransport(undefined, 2), new FakeTransport(undefined, 2)];
		const workers = transports.map((t) => worker(t));

		const drain = async (w: OutboxWorker) => {
			let sent = 0;
			for (;;) {
				const r = await w.deliverDue(5);
				sent += r.sent;
				if (r.sent + r.failed === 0) return sent;
			}
		};
		const counts = await Promise.all(workers.map(drain));

		const delivered = transports.flatMap((t) => t.sent.map((m) => m.to));
		expect(delivered).toHaveLength(total);
		expect(new Set(delivered).size).toBe(total);
		expect(counts[0]! + counts[1]!).toBe(total);
		const rows = await database.db.select().from(outbox).orderBy(asc(outbox.createdAt));
		expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
	});
});

describe('SMTP delivery', () => {
	interface Received {
		from: string | undefined;
		to: string[];
		raw: string;
	}
	const received: Received[] = [];
	let server: SMTPServer;
	let url: string;

	beforeAll(async () => {
		server = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS'],
			logger: false,
			onRcptTo(address, _session, callback) {
				if (address.address.startsWith('bounce'))
					return callback(Object.assign(new Error(`no such user ${address.address}`), { responseCode: 550 }));
				callback();
			},
			onData(stream, session, callback) {
				const chunks: Buffer[] = [];
				stream.on('data', (c: Buffer) => chunks.push(c));
				stream.on('end', () => {
					const envelopeFrom = session.envelope.mailFrom;
					received.push({
						from: envelopeFrom ? envelopeFrom.address : undefined,
						to: session.envelope.rcptTo.map((a: SMTPServerAddress) => a.address),
						raw: Buffer.concat(chunks).toString('utf8')
					});
					callback();
				});
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise<void>((resolve) => server?.close(resolve));
	});

	beforeEach(async () => {
		received.length = 0;
		await database.db.delete(outbox);
	});

	it('hands the message to a real SMTP server: recipient, subject and link arrive', async () => {
		const smtp = new SmtpTransport(url, 'IME Bookings <no-reply@ime.local>');
		try {
			await smtp.send(message());
		} finally {
			smtp.close();
		}
		expect(received).toHaveLength(1);
		const [mail] = received;
		expect(mail!.from).toBe('no-reply@ime.local');
		expect(mail!.to).toEqual(['jane.citizen@example.com']);
		expect(mail!.raw).toMatch(/^To: jane\.citizen@example\.com\r?$/m);
		expect(mail!.raw).toMatch(/^Subject: You are invited to IME Bookings\r?$/m);
		expect(mail!.raw).toContain('Follow the link to accept your invitation.');
		expect(mail!.raw).toContain('https://book.example.com.au/invite/abc123');
	});

	it('delivers queued mail through the outbox worker over SMTP, once', async () => {
		const smtp = new SmtpTransport(url, 'IME Bookings <no-reply@ime.local>');
		try {
			const id = await enqueue(
				database.db,
				cipher,
				message({ template: 'password_reset', subject: 'Reset your password', link: 'https://book.example.com.au/reset/xyz789' })
			);
			const w = worker(smtp);
			expect(await w.deliverDue()).toEqual({ sent: 1, failed: 0 });
			expect(await w.deliverDue()).toEqual({ sent: 0, failed: 0 });
			expect((await rowOf(id)).status).toBe('sent');
		} finally {
			smtp.close();
		}
		expect(received).toHaveLength(1);
		expect(received[0]!.to).toEqual(['jane.citizen@example.com']);
		expect(received[0]!.raw).toMatch(/^Subject: Reset your password\r?$/m);
		expect(received[0]!.raw).toContain('https://book.example.com.au/reset/xyz789');
	});

	it('records a rejected recipient as a retryable failure without the address', async () => {
		const smtp = new SmtpTransport(url, 'IME Bookings <no-reply@ime.local>');
		try {
			const id = await enqueue(database.db, cipher, message({ to: 'bounce@example.com' }));
			expect(await worker(smtp).deliverDue()).toEqual({ sent: 0, failed: 1 });
			const row = await rowOf(id);
			expect(row).toMatchObject({ status: 'pending', attempts: 1 });
			expect(row.lastError).toMatch(/^Error E[A-Z]+$/);
			expect(row.lastError).not.toContain('bounce');
		} finally {
			smtp.close();
		}
		expect(received).toEqual([]);
	});
});
