/** Signed webhook deliveries, in order, as Acuity sends them (form-encoded, no Origin). */
import { createHmac } from 'node:crypto';
import { bad, type FakeContext } from './context';
import { WEBHOOK_EVENTS, type DeliveredWebhook, type FakeAppointment, type FakeWebhookSubscription, type WebhookEvent } from './types';

export type Webhooks = ReturnType<typeof createWebhooks>;

export function createWebhooks(ctx: FakeContext) {
	const { state, apiKey } = ctx;

	function deliver(target: string, action: WebhookEvent, a: FakeAppointment, drop = false): Promise<void> {
		const body = new URLSearchParams({
			action,
			id: String(a.id),
			calendarID: String(a.calendarID),
			appointmentTypeID: String(a.appointmentTypeID)
		}).toString();
		const signature = createHmac('sha256', apiKey).update(body).digest('base64');
		const record: DeliveredWebhook = { target, action, body, signature, at: Date.now() };
		if (drop) {
			record.error = 'dropped by fault injection';
			ctx.delivered.push(record);
			return Promise.resolve();
		}
		return fetch(target, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'x-acuity-signature': signature,
				'user-agent': 'AcuityScheduling-Webhooks'
			},
			body,
			signal: AbortSignal.timeout(5000)
		})
			.then(async (res) => {
				record.status = res.status;
				await res.arrayBuffer().catch(() => undefined);
			})
			.catch((err: unknown) => {
				record.error = err instanceof Error ? err.message : String(err);
			})
			.finally(() => {
				ctx.delivered.push(record);
			});
	}

	/** The specific event, then `appointment.changed` (Acuity sends both), in order. */
	function emit(action: Exclude<WebhookEvent, 'appointment.changed'> | 'appointment.changed', a: FakeAppointment) {
		const actions: WebhookEvent[] = action === 'appointment.changed' ? [action] : [action, 'appointment.changed'];
		const snapshot = { ...a };
		for (const act of actions)
			for (const sub of state.webhooks.filter((w) => w.event === act)) {
				// Decided now, not at send time, so "the next n" means the next n emitted.
				const drop = ctx.dropping > 0;
				if (drop) ctx.dropping -= 1;
				const run = ctx.deliveryChain.then(() => deliver(sub.target, act, snapshot, drop));
				ctx.deliveryChain = run;
				ctx.pendingDeliveries.add(run);
				void run.finally(() => ctx.pendingDeliveries.delete(run));
			}
	}

	function dropNext(count: number) {
		if (!Number.isInteger(count) || count < 0 || count > 100) throw new RangeError('count must be an integer from 0 to 100.');
		ctx.dropping = count;
	}

	function subscribe(target: string, event: string): FakeWebhookSubscription {
		if (!(WEBHOOK_EVENTS as readonly string[]).includes(event)) throw bad('invalid_event', `The event "${event}" is not supported.`);
		let url: URL;
		try {
			url = new URL(target);
		} catch {
			throw bad('invalid_target', 'The target must be a URL.');
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('invalid_target', 'The target must be an http(s) URL.');
		if (state.webhooks.length >= 25) throw bad('too_many_webhooks', 'At most 25 webhooks may be configured.');
		const sub = { id: ++ctx.seq.webhook, event: event as WebhookEvent, target };
		state.webhooks.push(sub);
		return sub;
	}

	return { emit, dropNext, subscribe };
}
