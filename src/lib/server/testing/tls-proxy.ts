/**
 * TLS in front of the plain local services, for tests of what the cloud hands the app (RDS with
 * rds.force_ssl, ElastiCache with TLS, SES with STARTTLS):
 * - `makeTestCa()`: a throwaway CA and certificates it signs, made with the openssl CLI in a temp dir;
 * - `startTlsProxy()`: terminates TLS and pipes the plain bytes to a local server. In `postgres` mode
 *   it first answers PostgreSQL's SSLRequest with 'S', as a server with TLS does.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Issued {
	certFile: string;
	keyFile: string;
	cert: string;
	key: string;
}

export interface TestCa {
	dir: string;
	/** The CA's certificate (what DATABASE_CA_FILE, REDIS_CA_FILE, SMTP_CA_FILE point at). */
	caFile: string;
	/** A server certificate for `localhost` and 127.0.0.1. */
	server: Issued;
	/** Another server certificate from the same CA, for these DNS names only. */
	issue(names: string[]): Promise<Issued>;
	close(): Promise<void>;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export async function makeTestCa(): Promise<TestCa> {
	const dir = await mkdtemp(path.join(tmpdir(), 'ime-test-ca-'));
	const at = (name: string) => path.join(dir, name);
	await run('openssl', [
		'req',
		'-x509',
		...EC,
		'-keyout',
		at('ca.key'),
		'-out',
		at('ca.pem'),
		'-days',
		'2',
		'-subj',
		'/CN=IME Bookings throwaway test CA',
		'-addext',
		'basicConstraints=critical,CA:TRUE',
		'-addext',
		'keyUsage=critical,keyCertSign,cRLSign'
	]);
	let serial = 1;
	const issue = async (names: string[]): Promise<Issued> => {
		const n = serial++;
		const alt = names.map((name) => (net.isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
		await writeFile(
			at(`leaf${n}.ext`),
			`subjectAltName=${alt}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`
		);
		await run('openssl', ['req', ...EC, '-keyout', at(`leaf${n}.key`), '-out', at(`leaf${n}.csr`), '-subj', `/CN=${names[0]}`]);
		await run('openssl', [
			'x509',
			'-req',
			'-in',
			at(`leaf${n}.csr`),
			'-CA',
			at('ca.pem'),
			'-CAkey',
			at('ca.key'),
			'-set_serial',
			String(1000 + n),
			'-days',
			'2',
			'-extfile',
			at(`leaf${n}.ext`),
			'-out',
			at(`leaf${n}.pem`)
		]);
		return {
			certFile: at(`leaf${n}.pem`),
			keyFile: at(`leaf${n}.key`),
			cert: await readFile(at(`leaf${n}.pem`), 'utf8'),
			key: await readFile(at(`leaf${n}.key`), 'utf8')
		};
	};
	const server = await issue(['localhost', '127.0.0.1']);
	return { dir, caFile: at('ca.pem'), server, issue, close: () => rm(dir, { recursive: true, force: true }) };
}

export interface TlsProxy {
	port: number;
	/** TLS sessions completed with clients. */
	tlsSessions: number;
	/** Plain connections passed through without TLS (postgres mode, a client that did not ask). */
	plainSessions: number;
	/** Everything clients sent inside TLS, decrypted (to see what reached the server). */
	received(): string;
	close(): Promise<void>;
}

/** PostgreSQL's SSLRequest: length 8, code 80877103. */
const SSL_REQUEST_CODE = 80877103;

export async function startTlsProxy(options: {
	target: { host: string; port: number };
	cert: Issued;
	mode: 'postgres' | 'tls';
}): Promise<TlsProxy> {
	const sockets = new Set<net.Socket>();
	const chunks: Buffer[] = [];
	const state = { tlsSessions: 0, plainSessions: 0 };
	const track = (s: net.Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
		s.on('error', () => s.destroy());
	};
	/** Pipes a client (plain or decrypted) to the target, both ways. */
	const relay = (client: net.Socket, first: Buffer | undefined, record: boolean) => {
		const upstream = net.connect(options.target.port, options.target.host);
		track(upstream);
		if (first?.length) upstream.write(first);
		if (record) client.on('data', (c: Buffer) => chunks.push(c));
		client.pipe(upstream).pipe(client);
		const end = () => {
			client.destroy();
			upstream.destroy();
		};
		client.on('close', end);
		upstream.on('close', end);
	};
	const secure = (socket: net.Socket) => {
		const wrapped = new tls.TLSSocket(socket, { isServer: true, cert: options.cert.cert, key: options.cert.key });
		track(wrapped);
		wrapped.once('secure', () => {
			state.tlsSessions++;
			relay(wrapped, undefined, true);
		});
	};

	const server =
		options.mode === 'tls'
			? tls.createServer({ cert: options.cert.cert, key: options.cert.key }, (client) => {
					track(client);
					state.tlsSessions++;
					relay(client, undefined, true);
				})
			: net.createServer((socket) => {
					track(socket);
					let head = Buffer.alloc(0);
					const onData = (chunk: Buffer) => {
						head = Buffer.concat([head, chunk]);
						if (head.length < 8) return;
						socket.off('data', onData);
						socket.pause();
						if (head.readInt32BE(0) === 8 && head.readInt32BE(4) === SSL_REQUEST_CODE) {
							// The client starts its TLS handshake only after this answer: nothing else is buffered yet.
							socket.write('S');
							secure(socket);
						} else {
							state.plainSessions++;
							relay(socket, head, false);
							socket.resume();
						}
					};
					socket.on('data', onData);
				});
	if (options.mode === 'tls') server.on('tlsClientError', () => undefined);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		port,
		get tlsSessions() {
			return state.tlsSessions;
		},
		get plainSessions() {
			return state.plainSessions;
		},
		received: () => Buffer.concat(chunks).toString('latin1'),
		async close() {
			for (const s of sockets) s.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
