/** Small real files of each kind a booking accepts (and some it must refuse), built in memory. */
import { deflateRawSync } from 'node:zlib';

/** A valid single-page PDF with `text` on it, padded to at least `minBytes`. */
export function pdf(text = 'Hello', minBytes = 0): Buffer {
	const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((o, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const padding = Math.max(0, minBytes - out.length - 200);
	if (padding) out += `%${'x'.repeat(padding)}\n`;
	const xref = out.length;
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

/**
 * A zip with the given entries (deflated): local headers, a central directory and its end record,
 * as office programs write them. `claim` overrides the uncompressed sizes the directory states
 * (a zip bomb states the truth about a huge expansion).
 */
export function zip(entries: Record<string, string>, claim: { uncompressedBytes?: number } = {}): Buffer {
	const parts: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const [name, content] of Object.entries(entries)) {
		const data = deflateRawSync(Buffer.from(content));
		const size = claim.uncompressedBytes ?? Buffer.byteLength(content);
		const nameBytes = Buffer.from(name);
		const header = Buffer.alloc(30);
		header.writeUInt32LE(0x04034b50, 0);
		header.writeUInt16LE(20, 4);
		header.writeUInt16LE(8, 8);
		header.writeUInt32LE(data.length, 18);
		header.writeUInt32LE(size, 22);
		header.writeUInt16LE(nameBytes.length, 26);
		const entry = Buffer.alloc(46);
		entry.writeUInt32LE(0x02014b50, 0);
		entry.writeUInt16LE(20, 4);
		entry.writeUInt16LE(20, 6);
		entry.writeUInt16LE(8, 10);
		entry.writeUInt32LE(data.length, 20);
		entry.writeUInt32LE(size, 24);
		entry.writeUInt16LE(nameBytes.length, 28);
		entry.writeUInt32LE(offset, 42);
		central.push(entry, nameBytes);
		parts.push(header, nameBytes, data);
		offset += header.length + nameBytes.length + data.length;
	}
	const directory = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(Object.keys(entries).length, 8);
	end.writeUInt16LE(Object.keys(entries).length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...parts, directory, end]);
}

export const docx = () =>
	zip({ '[Content_Types].xml': '<Types/>', '_rels/.rels': '<Relationships/>', 'word/document.xml': '<w:document/>' });

export const PNG = Buffer.from(
	'89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
		'1f15c4890000000d49444154789c6360000002000105' +
		'7d5f8f0b0000000049454e44ae426082',
	'hex'
);
export const JPEG = Buffer.concat([
	Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
	Buffer.alloc(64, 0x11),
	Buffer.from('ffd9', 'hex')
]);
export const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.alloc(40, 1)]);
export const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60, 2)]);
export const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, 0]), Buffer.alloc(64, 0)]);
export const MP3_FRAME = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(64, 0)]);
export const M4A = Buffer.concat([
	Buffer.from([0, 0, 0, 0x20]),
	Buffer.from('ftypM4A '),
	Buffer.from([0, 0, 2, 0]),
	Buffer.from('M4A mp42isom'),
	Buffer.alloc(8)
]);
export const HEIC = Buffer.concat([
	Buffer.from([0, 0, 0, 0x18]),
	Buffer.from('ftypheic'),
	Buffer.from([0, 0, 0, 0]),
	Buffer.from('mif1heic'),
	Buffer.alloc(16)
]);
/** A Windows executable's first bytes. */
export const EXE = Buffer.concat([
	Buffer.from('MZ'),
	Buffer.alloc(58),
	Buffer.from([0x80, 0, 0, 0]),
	Buffer.from('This program cannot be run in DOS mode.'),
	Buffer.alloc(200)
]);
export const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(100)]);
export const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
export const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
/** Starts like a PDF, but a browser sniffing it would find a page with script. */
export const PDF_HTML_POLYGLOT = Buffer.from('%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n');
export const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
/** The EICAR anti-virus test file (harmless; every scanner flags it). */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');
