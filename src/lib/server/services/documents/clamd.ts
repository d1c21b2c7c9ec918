/**
 * The malware-scan hook: when CLAMD_SOCKET is set, every upload is streamed to clamd (INSTREAM)
 * while it is stored, and accepted only if clamd answers OK. Off by default.
 */
import net from 'node:net';
import { Writable } from 'node:stream';

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

export class ScanUnavailableError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ScanUnavailableError';
	}
}

function connect(address: string): net.Socket {
	const tcp = address.match(/^tcp:\/\/([^:]+):(\d+)$/);
	return tcp ? net.connect({ host: tcp[1], port: Number(tcp[2]) }) : net.connect({ path: address });
}

/**
 * A writable that forwards what it is given to clamd; `verdict` settles once the stream has ended
 * and clamd has answered. A scanner that cannot be reached or answers with an error rejects: the
 * upload is then refused (never accepted unscanned).
 */
export class ClamdScan extends Writable {
	readonly verdict: Promise<ScanVerdict>;
	private readonly socket: net.Socket;

	constructor(address: string, timeoutMs = 30_000) {
		// Not destroyed when the writing ends: clamd answers after that.
		super({ autoDestroy: false });
		this.socket = connect(address);
		this.socket.setTimeout(timeoutMs);
		let answer = '';
		this.verdict = new Promise<ScanVerdict>((resolve, reject) => {
			this.socket.on('data', (d) => (answer += d.toString('latin1')));
			this.socket.on('timeout', () => {
				this.socket.destroy();
				reject(new ScanUnavailableError('virus scanner timed out'));
			});
			this.socket.on('error', (err) => reject(new ScanUnavailableError(`virus scanner unreachable: ${err.message}`)));
			this.socket.on('close', () => {
				const line = answer.replace(/\0/g, '').trim();
				if (/:\s*OK$/.test(line)) resolve({ clean: true });
				else if (/FOUND$/.test(line)) resolve({ clean: false, signature: line.replace(/^stream:\s*/, '').replace(/\s*FOUND$/, '') });
				else reject(new ScanUnavailableError(`virus scanner answered: ${line || 'nothing'}`));
			});
		});
		// Handled by whoever awaits the verdict; never an unhandled rejection.
		this.verdict.catch(() => undefined);
		this.socket.write('zINSTREAM\0');
	}

	override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void) {
		const size = Buffer.alloc(4);
		size.writeUInt32BE(chunk.length);
		if (this.socket.destroyed) return done();
		this.socket.write(size);
		if (this.socket.write(chunk)) return done();
		const go = () => {
			this.socket.off('drain', go);
			this.socket.off('close', go);
			done();
		};
		this.socket.once('drain', go);
		this.socket.once('close', go);
	}

	override _final(done: (err?: Error | null) => void) {
		this.socket.end(Buffer.alloc(4));
		done();
	}

	override _destroy(err: Error | null, done: (err?: Error | null) => void) {
		this.socket.destroy();
		done(err);
	}
}
