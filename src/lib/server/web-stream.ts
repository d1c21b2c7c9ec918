/**
 * A Node stream as a web ReadableStream for a Response, pulled one piece at a time: the response
 * reads only as fast as the client does (memory stays flat), and a client that goes away destroys
 * the source. (Node 20's Readable.toWeb can throw "Controller is already closed" past the client's
 * cancel, an uncaught exception; this adapter cannot.)
 */
import type { Readable } from 'node:stream';

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
