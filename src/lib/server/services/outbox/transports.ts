import nodemailer, { type Transporter } from 'nodemailer';
import type { Message, Transport } from './outbox';

/** Embedded default: delivery is the row itself, read by admins on the outbox page. */
export class LocalTransport implements Transport {
	readonly name = 'local';
	async send(_message: Message) {}
}

export class SmtpTransport implements Transport {
	readonly name = 'smtp';
	private readonly transporter: Transporter;

	constructor(
		url: string,
		private readonly from: string
	) {
		this.transporter = nodemailer.createTransport(url);
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
