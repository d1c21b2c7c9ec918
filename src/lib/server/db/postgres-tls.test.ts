/** DATABASE_SSL and DATABASE_CA_FILE turned into postgres.js options (the connections themselves: postgres-tls.int.test.ts). */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCa, type TestCa } from '../testing/tls-proxy';
import { describeDatabaseError, postgresTlsOptions } from './postgres-tls.js';

let ca: TestCa;
let dir: string;
beforeAll(async () => {
	ca = await makeTestCa();
	dir = await mkdtemp(path.join(tmpdir(), 'ime-pg-tls-'));
});
afterAll(async () => {
	await ca?.close();
	await rm(dir, { recursive: true, force: true });
});

const subjects = (pems: string[]) => pems.map((pem) => new X509Certificate(pem).subject.replace(/\n/g, ', '));

describe('postgresTlsOptions', () => {
	it("unset leaves `ssl` out, so the URL's sslmode decides; disable turns TLS off; require does not check the certificate", async () => {
		expect(await postgresTlsOptions({})).toEqual({});
		expect('ssl' in (await postgresTlsOptions({}))).toBe(false);
		expect(await postgresTlsOptions({ mode: 'disable' })).toEqual({ ssl: false });
		expect(await postgresTlsOptions({ mode: 'require' })).toEqual({ ssl: { rejectUnauthorized: false } });
	});

	it("verify-full trusts Node's CAs, Amazon RDS's (Sydney's included) and DATABASE_CA_FILE", async () => {
		const { ssl } = await postgresTlsOptions({ mode: 'verify-full', caFile: ca.caFile });
		if (!ssl) throw new Error('expected TLS options');
		expect(ssl.rejectUnauthorized).toBe(true);
		expect(ssl.ca).toEqual(expect.arrayContaining([...rootCertificates]));
		const names = subjects(ssl.ca!);
		expect(names.some((s) => s.includes('CN=Amazon RDS ap-southeast-2 Root CA RSA2048 G1'))).toBe(true);
		expect(names.at(-1)).toBe('CN=IME Bookings throwaway test CA');
		const { ssl: withoutFile } = await postgresTlsOptions({ mode: 'verify-full' });
		expect((withoutFile as { ca: string[] }).ca).toHaveLength(ssl.ca!.length - 1);
	});

	it('a CA file that is missing or holds no certificate is named', async () => {
		await expect(postgresTlsOptions({ mode: 'verify-full', caFile: path.join(dir, 'none.pem') })).rejects.toThrow(
			/^DATABASE_CA_FILE cannot be read \(ENOENT\): /
		);
		await writeFile(path.join(dir, 'key.pem'), '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n');
		await expect(postgresTlsOptions({ mode: 'verify-full', caFile: path.join(dir, 'key.pem') })).rejects.toThrow(
			/^DATABASE_CA_FILE holds no PEM certificate: /
		);
	});
});

describe('describeDatabaseError', () => {
	it("says a refused certificate in one line with what to set, also through Drizzle's wrapping", () => {
		const tlsError = Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
		const wrapped = Object.assign(new Error('Failed query: select 1\nparams: '), { cause: tlsError });
		for (const err of [tlsError, wrapped]) {
			const said = describeDatabaseError(err);
			expect(said).toMatch(/^the database server's TLS certificate was refused \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify/);
			expect(said).toContain('DATABASE_CA_FILE');
			expect(said).not.toContain('\n');
		}
	});

	it('gives other failures their code and first line', () => {
		expect(describeDatabaseError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(
			'connect ECONNREFUSED 127.0.0.1:5432'
		);
		expect(describeDatabaseError(Object.assign(new Error('password authentication failed for user "ime"'), { code: '28P01' }))).toBe(
			'28P01: password authentication failed for user "ime"'
		);
		expect(describeDatabaseError('boom\nmore')).toBe('boom');
		// postgres.js goes on with TLS after a server without it answers 'N' to the SSLRequest.
		const noTls = Object.assign(new Error('Client network socket disconnected before secure TLS connection was established'), {
			code: 'ECONNRESET'
		});
		expect(describeDatabaseError(noTls)).toBe(
			'the database server ended the connection before TLS was set up (ECONNRESET); does it accept TLS? (DATABASE_SSL, or sslmode in DATABASE_URL)'
		);
	});
});
