/**
 * The outbox: a message is a row written in the same transaction as its cause, so it is sent if and
 * only if the cause committed. The worker claims due rows with FOR UPDATE SKIP LOCKED, so several
 * app instances never deliver one row twice, and retries failures with exponential backoff.
 */
import type { Db, Executor } from '../../db/client';
import {
	claimDueMessages,
	findMessage,
	insertMessage,
	latestMessages,
	markMessageFailed,
	markMessageSent,
	messagesPage,
	type OutboxRow
} from '../../repositories/outbox.repository';
import type { Cipher } from '../crypto/cipher';
import type { Logger } from '../../logger';

export type Channel = 'email' | 'sms';
export const TEMPLATES = [
	'invitation',
	'verify_email',
	'password_reset',
	'one_time_code',
	'password_changed',
	'booking_confirmed',
	'booking_notice',
	'booking_rescheduled',
	'booking_cancelled',
	'report_draft_ready',
	'report_ready',
	'enclosure_digest'
] as const;
export type Template = (typeof TEMPLATES)[number];

export interface Message {
	channel: Channel;
	template: Template;
	to: string;
	subject: string;
	text: string;
	/** The link a user follows (invitation, reset): shown as a button in the local outbox. */
	link?: string;
	/** Files sent with an email (a calendar invitation); stored encrypted with the rest. */
	attachments?: { filename: string; contentType: string; content: string }[];
	userId?: string | null;
}

export interface Transport {
	readonly name: string;
	send(message: Message): Promise<void>;
}

/**
 * A transport's failure in words safe to store and log: a code (the gateway's, e.g. `Throttled`),
 * never the gateway's own message, which may echo the address or the text. `permanent` failures
 * (a number the gateway refuses, an opted-out recipient) are not retried: the row fails at once.
 */
export class DeliveryError extends Error {
	constructor(
		readonly code: string,
		readonly permanent: boolean
	) {
		super(`delivery ${permanent ? 'refused' : 'failed'}: ${code}`);
		this.name = 'DeliveryError';
	}
}

export async function enqueue(exec: Executor, cipher: Cipher, message: Message): Promise<string> {
	const { userId, channel, template, ...content } = message;
	return insertMessage(exec, {
		channel,
		template,
		userId: userId ?? null,
		payload: cipher.encrypt(JSON.stringify(content), 'outbox')
	});
}

export function openMessage(cipher: Cipher, row: OutboxRow): Message {
	const content = JSON.parse(cipher.decrypt(row.payload, 'outbox')) as Pick<Message, 'to' | 'subject' | 'text' | 'link' | 'attachments'>;
	return { channel: row.channel as Channel, template: row.template as Template, userId: row.userId, ...content };
}

export interface OutboxOptions {
	db: Db;
	cipher: Cipher;
	transports: Record<Channel, Transport>;
	logger: Logger;
	maxAttempts: number;
	/** How long a claimed row stays claimed before another worker may retry it (a crashed sender). */
	claimSeconds?: number;
	now?: () => Date;
}

/** Backoff before attempt n+1: 10 s, 20 s, 40 s … capped at one hour. */
export const backoffSeconds = (attempts: number) => Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));

export class OutboxWorker {
	private timer: NodeJS.Timeout | undefined;
	private running: Promise<unknown> | undefined;

	constructor(private readonly opts: OutboxOptions) {}

	/** Claim and deliver due messages; returns how many were delivered. */
	async deliverDue(limit = 20): Promise<{ sent: number; failed: number }> {
		const { db, cipher, transports, logger } = this.opts;
		const claimSeconds = this.opts.claimSeconds ?? 120;
		const claimed = await claimDueMessages(db, limit, claimSeconds);
		let sent = 0;
		let failed = 0;
		for (const { id } of claimed) {
			const row = await findMessage(db, id);
			if (!row) continue;
			try {
				const message = openMessage(cipher, row);
				await transports[message.channel].send(message);
				await markMessageSent(db, id);
				sent++;
			} catch (err) {
				failed++;
				const giveUp = row.attempts >= this.opts.maxAttempts || (err instanceof DeliveryError && err.permanent);
				// The error text of a transport can echo an address: keep only its class and code.
				const reason =
					err instanceof Error ? `${err.name}${(err as { code?: string }).code ? ` ${(err as { code?: string }).code}` : ''}` : 'error';
				// Only while still ours: a slow failure must not overwrite a row another worker took over.
				await markMessageFailed(db, id, row.attempts, {
					giveUp,
					lastError: reason,
					nextAttemptAt: new Date(Date.now() + backoffSeconds(row.attempts) * 1000)
				});
				logger.warn({ outboxId: id, attempts: row.attempts, giveUp, reason }, 'outbox delivery failed');
			}
		}
		return { sent, failed };
	}

	start(pollMs: number) {
		if (this.timer) return;
		const tick = () => {
			this.running = this.deliverDue()
				.catch((err) =>
					this.opts.logger.error({ errorClass: err instanceof Error ? err.constructor.name : typeof err }, 'outbox worker tick failed')
				)
				.finally(() => {
					if (this.timer) this.timer = setTimeout(tick, pollMs);
				});
		};
		this.timer = setTimeout(tick, pollMs);
		this.timer.unref?.();
	}

	async stop() {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		await this.running;
	}
}

/** A keyset page of messages, newest first, opened for the admin's outbox page. */
export async function openedMessagesPage(db: Db, cipher: Cipher, p: { cursor?: string | null; limit?: number }) {
	const page = await messagesPage(db, p);
	return {
		rows: page.rows.map((row) => ({
			id: row.id,
			status: row.status,
			attempts: row.attempts,
			createdAt: row.createdAt,
			sentAt: row.sentAt,
			...openMessage(cipher, row)
		})),
		nextCursor: page.nextCursor
	};
}

export async function listMessages(db: Db, cipher: Cipher, limit = 100) {
	const rows = await latestMessages(db, limit);
	return rows.map((row) => ({
		id: row.id,
		status: row.status,
		attempts: row.attempts,
		createdAt: row.createdAt,
		sentAt: row.sentAt,
		...openMessage(cipher, row)
	}));
}
