/**
 * How far an office document (a zip) would expand, read from its central directory at the end of
 * the file — never by inflating anything. A document that claims to expand a thousandfold, or to
 * hold tens of thousands of parts, is a zip bomb aimed at whatever opens it next (the specialist's
 * Word, a converter, a scanner) and is refused.
 */

/** The end-of-directory record sits within this many bytes of the end (22 + the longest comment). */
const EOCD_SEARCH = 22 + 0xffff;
/** Kept from the end of a zip while it streams: enough for the directory of any sensible document. */
export const ZIP_TAIL_BYTES = 1024 * 1024 + EOCD_SEARCH;

export const ZIP_LIMITS = { maxEntries: 10_000, maxRatio: 100, maxUncompressedBytes: 2 * 1024 ** 3 } as const;

export type ZipVerdict =
	| { ok: true; entries: number; uncompressedBytes: number }
	| { ok: false; reason: 'no_directory' | 'zip64' | 'too_many_entries' | 'expands_too_far' };

/** `tail`: the last bytes of the file (up to ZIP_TAIL_BYTES); `fileBytes`: its whole size. */
export function checkZipExpansion(tail: Buffer, fileBytes: number, limits = ZIP_LIMITS): ZipVerdict {
	const from = Math.max(0, tail.length - EOCD_SEARCH);
	const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	if (eocd < from || eocd + 22 > tail.length) return { ok: false, reason: 'no_directory' };
	const entries = tail.readUInt16LE(eocd + 10);
	const directoryBytes = tail.readUInt32LE(eocd + 12);
	if (entries === 0xffff || directoryBytes === 0xffffffff || tail.readUInt32LE(eocd + 16) === 0xffffffff)
		return { ok: false, reason: 'zip64' };
	if (entries > limits.maxEntries) return { ok: false, reason: 'too_many_entries' };
	const start = eocd - directoryBytes;
	if (start < 0) return { ok: false, reason: 'too_many_entries' };
	let at = start;
	let uncompressed = 0;
	for (let i = 0; i < entries; i++) {
		if (at + 46 > eocd || tail.readUInt32LE(at) !== 0x02014b50) return { ok: false, reason: 'no_directory' };
		const size = tail.readUInt32LE(at + 24);
		if (size === 0xffffffff) return { ok: false, reason: 'zip64' };
		uncompressed += size;
		at += 46 + tail.readUInt16LE(at + 28) + tail.readUInt16LE(at + 30) + tail.readUInt16LE(at + 32);
	}
	if (uncompressed > limits.maxUncompressedBytes || uncompressed > Math.max(fileBytes, 64 * 1024) * limits.maxRatio)
		return { ok: false, reason: 'expands_too_far' };
	return { ok: true, entries, uncompressedBytes: uncompressed };
}
