/**
 * What a file is, decided from its first bytes, never from its name. Only the kinds a booking
 * needs are accepted: PDF, Word/Excel/PowerPoint and OpenDocument files (zip-based), JPEG, PNG,
 * HEIC, and MP3/M4A/WAV/OGG for dictations. Anything else is refused, and so is a file whose first
 * bytes also read as HTML or SVG (a polyglot a browser could be talked into running).
 */

export const SNIFF_BYTES = 64 * 1024;

export interface Sniffed {
	contentType: string;
	extension: string;
	kind: 'document' | 'image' | 'audio';
	/** Whether a browser may show it inline (the preview), under a sandboxing policy. */
	previewable: boolean;
}

const ascii = (b: Uint8Array, from: number, to: number) => Buffer.from(b.subarray(from, to)).toString('latin1');

/** Markup a browser would render or run: looked for in the head, and then in every piece that follows. */
export const MARKUP =
	/<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|svg[\s>]|iframe[\s>]|object[\s>]|embed[\s>]|meta[\s>]|\?xml-stylesheet)/i;

const OFFICE: Array<{ marker: string; contentType: string; extension: string }> = [
	{ marker: 'word/', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
	{ marker: 'xl/', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
	{ marker: 'ppt/', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' }
];

const ODF: Record<string, string> = {
	'application/vnd.oasis.opendocument.text': 'odt',
	'application/vnd.oasis.opendocument.spreadsheet': 'ods',
	'application/vnd.oasis.opendocument.presentation': 'odp'
};

/** The names of the zip's local file entries found in the head. */
function zipEntryNames(head: Uint8Array): string[] {
	const names: string[] = [];
	const view = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
	let at = 0;
	while ((at = view.indexOf('PK\x03\x04', at, 'latin1')) !== -1 && at + 30 <= view.length) {
		const nameLength = view.readUInt16LE(at + 26);
		if (at + 30 + nameLength > view.length) break;
		names.push(view.subarray(at + 30, at + 30 + nameLength).toString('latin1'));
		at += 30 + nameLength;
	}
	return names;
}

function sniffZip(head: Uint8Array): Sniffed | null {
	const names = zipEntryNames(head);
	if (names.length === 0) return null;
	// OpenDocument: the first entry is an uncompressed "mimetype" naming the kind.
	if (names[0] === 'mimetype') {
		const type = ascii(head, 38, 38 + 60).match(/^application\/vnd\.oasis\.opendocument\.[a-z]+/)?.[0];
		const extension = type ? ODF[type] : undefined;
		return type && extension ? { contentType: type, extension, kind: 'document', previewable: false } : null;
	}
	// Office Open XML: a content-types part and a main part under word/, xl/ or ppt/.
	if (!names.some((n) => n === '[Content_Types].xml' || n.startsWith('_rels/') || n.startsWith('docProps/'))) return null;
	for (const o of OFFICE)
		if (names.some((n) => n.startsWith(o.marker)))
			return { contentType: o.contentType, extension: o.extension, kind: 'document', previewable: false };
	return null;
}

/** ISO base media (ftyp box): HEIC images or M4A audio. */
function sniffIsoBmff(head: Uint8Array): Sniffed | null {
	if (head.length < 12 || ascii(head, 4, 8) !== 'ftyp') return null;
	const brands = [ascii(head, 8, 12)];
	const boxSize = Buffer.from(head.buffer, head.byteOffset, head.byteLength).readUInt32BE(0);
	for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) brands.push(ascii(head, at, at + 4));
	if (brands.some((b) => ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis'].includes(b)))
		return { contentType: 'image/heic', extension: 'heic', kind: 'image', previewable: false };
	if (brands.some((b) => ['M4A ', 'M4B '].includes(b)) || (brands.includes('mp42') && !brands.some((b) => b.startsWith('avc'))))
		return { contentType: 'audio/mp4', extension: 'm4a', kind: 'audio', previewable: false };
	return null;
}

function isMp3Frame(head: Uint8Array, at: number): boolean {
	const b1 = head[at + 1] ?? 0;
	const b2 = head[at + 2] ?? 0;
	// Frame sync, MPEG version not reserved, layer III, bitrate and sample rate not reserved/free.
	return (
		head[at] === 0xff &&
		(b1 & 0xe0) === 0xe0 &&
		(b1 & 0x18) !== 0x08 &&
		(b1 & 0x06) === 0x02 &&
		(b2 & 0xf0) !== 0xf0 &&
		(b2 & 0xf0) !== 0 &&
		(b2 & 0x0c) !== 0x0c
	);
}

function sniffKind(head: Uint8Array): Sniffed | null {
	if (ascii(head, 0, 5) === '%PDF-') return { contentType: 'application/pdf', extension: 'pdf', kind: 'document', previewable: true };
	if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff)
		return { contentType: 'image/jpeg', extension: 'jpg', kind: 'image', previewable: true };
	if (ascii(head, 0, 8) === '\x89PNG\r\n\x1a\n') return { contentType: 'image/png', extension: 'png', kind: 'image', previewable: true };
	if (ascii(head, 0, 4) === 'PK\x03\x04') return sniffZip(head);
	if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE')
		return { contentType: 'audio/wav', extension: 'wav', kind: 'audio', previewable: false };
	if (ascii(head, 0, 4) === 'OggS') return { contentType: 'audio/ogg', extension: 'ogg', kind: 'audio', previewable: false };
	if (ascii(head, 0, 3) === 'ID3' || isMp3Frame(head, 0))
		return { contentType: 'audio/mpeg', extension: 'mp3', kind: 'audio', previewable: false };
	return sniffIsoBmff(head);
}

export type SniffResult = { ok: true; type: Sniffed } | { ok: false; reason: 'unknown' | 'markup' };

export function sniff(head: Uint8Array): SniffResult {
	const type = sniffKind(head);
	if (!type) return { ok: false, reason: 'unknown' };
	if (MARKUP.test(ascii(head, 0, Math.min(head.length, SNIFF_BYTES)))) return { ok: false, reason: 'markup' };
	return { ok: true, type };
}

/** Longest markup opener MARKUP matches: the overlap kept between pieces so none is missed at a seam. */
export const MARKUP_OVERLAP = 24;

/** Whether these bytes hold markup a browser would render or run. */
export function containsMarkup(bytes: Uint8Array): boolean {
	return MARKUP.test(ascii(bytes, 0, bytes.length));
}
