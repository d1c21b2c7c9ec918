/**
 * A Node stream as a web ReadableStream for a Response, pulled one piece at a time: the response
 * reads only as fast as the client does (memory stays flat), and a client that goes away destroys
 * the source. (Node 20's Readable.toWeb can throw "Controller is already closed" past the client's
 * cancel, an uncaught exception; this adapter cannot.)
 */
import { Readable } from 'node:stream';

const encoder = new TextEncoder();

export function toWebStream(source: Readable): ReadableStream<Uint8Array> {
	const pieces = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				try {
					const { value, done } = await pieces.next();
					if (done) controller.close();
					else if (typeof value === 'string') controller.enqueue(encoder.encode(value));
					else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
				} catch (err) {
					controller.error(err);
				}
			},
			cancel() {
				source.destroy();
			}
		},
		{ highWaterMark: 1 }
	);
}

/**
 * A request body as a Node stream that never cancels the request when it is destroyed: cancelling
 * resets the connection, and a client still sending would never read our answer (a 413, say).
 * `drain` reads and discards what is left, up to a budget, so the answer can be delivered; past
 * the budget the request is cancelled after all.
 */
export function requestBody(body: ReadableStream<Uint8Array> | null) {
	const reader = body?.getReader() ?? null;
	const readable = new Readable({
		async read() {
			if (!reader) return void this.push(null);
			try {
				const { done, value } = await reader.read();
				if (!this.destroyed) this.push(done ? null : Buffer.from(value.buffer, value.byteOffset, value.byteLength));
			} catch (err) {
				this.destroy(err as Error);
			}
		},
		destroy(err, callback) {
			callback(err);
		}
	});
	async function drain(budgetBytes: number): Promise<boolean> {
		if (!reader) return true;
		let left = budgetBytes;
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return true;
				left -= value.byteLength;
				if (left < 0) {
					await reader.cancel().catch(() => undefined);
					return false;
				}
			}
		} catch {
			return false;
		}
	}
	return { readable, drain };
}

/**
 * A small body read whole, but never past `maxBytes`: the read stops at the first byte over the
 * cap (with or without Content-Length) and answers null at once, so an oversized body costs
 * nothing to keep. What the client is still sending is then read and dropped in the background,
 * up to `drainBytes`: closing on a client mid-send resets the connection, and a reset can destroy
 * the refusal before the client reads it. Past the budget the request is cut off.
 */
export async function readCapped(request: Request, maxBytes: number, drainBytes = 0): Promise<Uint8Array<ArrayBuffer> | null> {
	const body = request.body;
	if (!body) return new Uint8Array(0);
	const reader = body.getReader();
	const over = () => {
		void (async () => {
			let left = drainBytes;
			try {
				while (left > 0) {
					const { done, value } = await reader.read();
					if (done) return;
					left -= value.byteLength;
				}
				await reader.cancel();
			} catch {
				// The client went away: nothing to tell it.
			}
		})();
		return null;
	};
	if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return over();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) return over();
		chunks.push(value);
	}
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.byteLength;
	}
	return out;
}
