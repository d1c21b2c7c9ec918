// Part of `npm run bench:documents`, in a fresh process of its own (as the download's worker
// thread is): what the download's checks cost on this machine, now. SHA-256, and AES-256-GCM
// opening done as the worker does it (a decipher and a tag per chunk, one slice per call), each on
// one thread over 128 MB in memory, best of three. Arguments: chunk bytes, slice bytes. Prints
// `{"sha": MB/s, "aes": MB/s}` (MB = 2^20 bytes).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const [chunk, slice] = process.argv.slice(2).map(Number);
const MB = 1024 * 1024;
const chunks = (128 * MB) / chunk;
const key = randomBytes(32);
const iv = Buffer.alloc(12);
const plain = randomBytes(chunk);
const c = createCipheriv('aes-256-gcm', key, iv);
const sealed = Buffer.concat([c.update(plain), c.final()]);
const tag = c.getAuthTag();

function timed(f) {
	let best = 0;
	for (let i = 0; i < 3; i++) {
		const t = performance.now();
		f();
		best = Math.max(best, (chunks * chunk) / MB / ((performance.now() - t) / 1000));
	}
	return best;
}
const sha = timed(() => {
	const h = createHash('sha256');
	for (let i = 0; i < chunks; i++) for (let at = 0; at < chunk; at += slice) h.update(plain.subarray(at, at + slice));
	h.digest();
});
const aes = timed(() => {
	for (let i = 0; i < chunks; i++) {
		const d = createDecipheriv('aes-256-gcm', key, iv);
		for (let at = 0; at < chunk; at += slice) d.update(sealed.subarray(at, at + slice));
		d.setAuthTag(tag);
		d.final();
	}
});
console.log(JSON.stringify({ sha, aes }));
