/**
 * Mail as SES's SMTP endpoint takes it: smtp://user:pass@host:587 upgraded with STARTTLS before the
 * credentials go out (SMTP_REQUIRE_TLS), the certificate checked (SMTP_CA_FILE for a private CA).
 * A server without STARTTLS makes the send fail and the message wait in the outbox.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { outbox } from '../../db/schema';
import { createLogger } from '../../logger';
import { createTestApp } from '../../testing/app';
import { openTestDatabase } from '../../testing/db';
import { makeTestCa, type TestCa } from '../../testing/tls-proxy';
import { Cipher } from '../crypto/cipher';
import { enqueue, OutboxWorker, type Message } from './outbox';
import { LocalTransport, SmtpTransport } from './transports';

const cipher = new Cipher(new Map([['k1', randomBytes(32)]]), 'k1');
const logger = createLogger({ level: 'silent', pretty: false });
const message: Message = {
	channel: 'email',
	template: 'invitation',
	to: 'jane.citizen@example.com',
	subject: 'You are invited to IME Bookings',
	text: 'Follow the link to accept your invitation.',
	link: 'https://book.example.com.au/invite/abc123',
	userId: null
};

interface Received {
	secure: boolean;
	raw: string;
}

let database: Database;
let ca: TestCa;
const servers: SMTPServer[] = [];
const received: Received[] = [];
const logins: { user: string | undefined; secure: boolean }[] = [];

/** An SMTP server on a loopback port; `tls`: offers STARTTLS with the test CA's certificate. */
async function smtpServer(tls: boolean): Promise<number> {
	const server = new SMTPServer({
		...(tls ? { key: ca.server.key, cert: ca.server.cert } : { disabledCommands: ['STARTTLS'] }),
		authOptional: true,
		// As SES: no credentials in clear (smtp-server's default, said here).
		allowInsecureAuth: false,
		logger: false,
		onAuth(auth, session, callback) {
			logins.push({ user: auth.username, secure: session.secure });
			callback(null, { user: auth.username });
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				received.push({ secure: session.secure, raw: Buffer.concat(chunks).toString('utf8') });
				callback();
			});
		}
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return (server.server.address() as AddressInfo).port;
}

let withStarttls: number;
let withoutStarttls: number;

beforeAll(async () => {
	database = await openTestDatabase();
	ca = await makeTestCa();
	withStarttls = await smtpServer(true);
	withoutStarttls = await smtpServer(false);
});

afterAll(async () => {
	for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
	await ca?.close();
	await database?.close();
});

beforeEach(async () => {
	received.length = 0;
	logins.length = 0;
	await database.db.delete(outbox);
});

/** Queues the message and lets one worker pass deliver it through `smtp`. */
async function throughOutbox(smtp: SmtpTransport) {
	const worker = new OutboxWorker({
		db: database.db,
		cipher,
		transports: { email: smtp, sms: new LocalTransport() },
		logger,
		maxAttempts: 3
	});
	try {
		const id = await enqueue(database.db, cipher, message);
		const outcome = await worker.deliverDue();
		const [row] = await database.db.select().from(outbox).where(eq(outbox.id, id));
		return { outcome, row: row! };
	} finally {
		smtp.close();
	}
}

describe('SMTP with required TLS (SES on 587)', () => {
	it('upgrades with STARTTLS, checks the certificate against SMTP_CA_FILE, then logs in and delivers', async () => {
		const smtp = new SmtpTransport(
			`smtp://ses-smtp-user:ses-smtp-password@localhost:${withStarttls}`,
			'IME Bookings <no-reply@ime.local>',
			{
				requireTls: true,
				caFile: ca.caFile
			}
		);
		const { outcome, row } = await throughOutbox(smtp);
		expect(outcome).toEqual({ sent: 1, failed: 0 });
		expect(row.status).toBe('sent');
		expect(logins).toEqual([{ user: 'ses-smtp-user', secure: true }]);
		expect(received).toHaveLength(1);
		expect(received[0]!.secure).toBe(true);
		expect(received[0]!.raw).toContain('Follow the link to accept your invitation.');
	});

	it('refuses a certificate no trusted CA signed: nothing is sent, the message waits', async () => {
		const smtp = new SmtpTransport(
			`smtp://ses-smtp-user:ses-smtp-password@localhost:${withStarttls}`,
			'IME Bookings <no-reply@ime.local>',
			{
				requireTls: true
			}
		);
		const { outcome, row } = await throughOutbox(smtp);
		expect(outcome).toEqual({ sent: 0, failed: 1 });
		expect(row).toMatchObject({ status: 'pending', attempts: 1 });
		expect(row.lastError).toMatch(/^Error E[A-Z]+$/);
		expect(logins).toEqual([]);
		expect(received).toEqual([]);
	});

	it('against a server without STARTTLS the send fails and the message stays pending, not lost', async () => {
		const smtp = new SmtpTransport(`smtp://127.0.0.1:${withoutStarttls}`, 'IME Bookings <no-reply@ime.local>', {
			requireTls: true,
			caFile: ca.caFile
		});
		const { outcome, row } = await throughOutbox(smtp);
		expect(outcome).toEqual({ sent: 0, failed: 1 });
		expect(row).toMatchObject({ status: 'pending', attempts: 1 });
		expect(row.lastError).toMatch(/^Error E[A-Z]+$/);
		expect(received).toEqual([]);
	});

	it('without SMTP_REQUIRE_TLS the same server gets the mail in clear (what the setting prevents)', async () => {
		const smtp = new SmtpTransport(`smtp://127.0.0.1:${withoutStarttls}`, 'IME Bookings <no-reply@ime.local>', { requireTls: false });
		const { outcome } = await throughOutbox(smtp);
		expect(outcome).toEqual({ sent: 1, failed: 0 });
		expect(received).toEqual([expect.objectContaining({ secure: false })]);
	});

	it('a CA file that cannot be read is named', () => {
		expect(() => new SmtpTransport('smtp://127.0.0.1:25', 'x <x@x.test>', { caFile: `${ca.dir}/none.pem` })).toThrow(
			/^SMTP_CA_FILE cannot be read \(ENOENT\)/
		);
	});
});

describe('the settings reach the transport the app builds', () => {
	it('SMTP_URL with SMTP_REQUIRE_TLS and SMTP_CA_FILE: the app upgrades, checks the certificate, then delivers', async () => {
		const app = await createTestApp({
			SMTP_URL: `smtp://ses-smtp-user:ses-smtp-password@localhost:${withStarttls}`,
			SMTP_REQUIRE_TLS: 'true',
			SMTP_CA_FILE: ca.caFile
		});
		try {
			await enqueue(app.database.db, app.cipher, message);
			expect(await app.outbox.deliverDue()).toEqual({ sent: 1, failed: 0 });
			expect(logins).toEqual([{ user: 'ses-smtp-user', secure: true }]);
			expect(received).toEqual([expect.objectContaining({ secure: true })]);
		} finally {
			await app.close();
		}
	});

	it('SMTP_REQUIRE_TLS=true against a server without STARTTLS: the app sends nothing and the message waits', async () => {
		const app = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${withoutStarttls}`, SMTP_REQUIRE_TLS: 'true' });
		try {
			const id = await enqueue(app.database.db, app.cipher, message);
			expect(await app.outbox.deliverDue()).toEqual({ sent: 0, failed: 1 });
			const [row] = await app.database.db.select().from(outbox).where(eq(outbox.id, id));
			expect(row).toMatchObject({ status: 'pending', attempts: 1 });
			expect(received).toEqual([]);
		} finally {
			await app.close();
		}
	});
});
