import { rootCertificates } from 'node:tls';
import nodemailer, { type Transporter } from 'nodemailer';
import { readCaFile } from '../../db/postgres-tls.js';
import type { Message, Transport } from './outbox';

/** Embedded default: delivery is the row itself, read by admins on the outbox page. */
export class LocalTransport implements Transport {
	readonly name = 'local';
	async send(_message: Message) {}
}

export interface SmtpOptions {
	/**
	 * smtp:// must upgrade with STARTTLS before AUTH or any mail (SES on 587): a server that does not
	 * offer it fails the send, and the message stays in the outbox. smtps:// is TLS from the start.
	 */
	requireTls?: boolean;
	/** A further CA (PEM file) for the server's certificate, added to Node's (SMTP_CA_FILE). */
	caFile?: string;
}

export class SmtpTransport implements Transport {
	readonly name = 'smtp';
	private readonly transporter: Transporter;

	constructor(
		url: string,
		private readonly from: string,
		options: SmtpOptions = {}
	) {
		this.transporter = nodemailer.createTransport({
			url,
			requireTLS: options.requireTls ?? false,
			...(options.caFile ? { tls: { ca: [...rootCertificates, readCaFile(options.caFile, 'SMTP_CA_FILE')] } } : {})
		});
	}

	async send(message: Message) {
		await this.transporter.sendMail({
			from: this.from,
			to: message.to,
			subject: message.subject,
			text: message.link ? `${message.text}\n\n${message.link}\n` : message.text,
			attachments: message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content }))
		});
	}

	close() {
		this.transporter.close();
	}
}
