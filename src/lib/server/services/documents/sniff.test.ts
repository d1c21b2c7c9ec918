import { describe, expect, it } from 'vitest';
import { sniff } from './sniff';
import * as f from '../../testing/files';

describe('file type by content', () => {
	it.each([
		['PDF', f.pdf(), 'application/pdf', 'pdf'],
		['DOCX', f.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
		[
			'XLSX',
			f.zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<x/>' }),
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'xlsx'
		],
		[
			'ODT',
			Buffer.concat([
				Buffer.from('PK\x03\x04', 'latin1'),
				Buffer.alloc(22),
				Buffer.from([8, 0, 0, 0]),
				Buffer.from('mimetypeapplication/vnd.oasis.opendocument.text')
			]),
			'application/vnd.oasis.opendocument.text',
			'odt'
		],
		['JPEG', f.JPEG, 'image/jpeg', 'jpg'],
		['PNG', f.PNG, 'image/png', 'png'],
		['HEIC', f.HEIC, 'image/heic', 'heic'],
		['MP3 with ID3', f.MP3, 'audio/mpeg', 'mp3'],
		['MP3 frame', f.MP3_FRAME, 'audio/mpeg', 'mp3'],
		['M4A', f.M4A, 'audio/mp4', 'm4a'],
		['WAV', f.WAV, 'audio/wav', 'wav'],
		['OGG', f.OGG, 'audio/ogg', 'ogg']
	])('recognises %s', (_label, bytes, contentType, extension) => {
		const r = sniff(bytes);
		expect(r.ok && r.type.contentType).toBe(contentType);
		expect(r.ok && r.type.extension).toBe(extension);
	});

	it.each([
		['a Windows executable', f.EXE],
		['an ELF executable', f.ELF],
		['a GIF (not on the list)', f.GIF],
		['plain text', Buffer.from('Dear Doctor, please find attached…')],
		['a zip that is not an office file', f.zip({ 'setup.exe': 'MZ' })],
		['an empty file', Buffer.alloc(0)]
	])('refuses %s', (_label, bytes) => {
		expect(sniff(bytes)).toEqual({ ok: false, reason: 'unknown' });
	});

	it.each([
		['HTML', f.HTML],
		['SVG', f.SVG]
	])('refuses %s', (_label, bytes) => {
		expect(sniff(bytes).ok).toBe(false);
	});

	it('refuses a PDF that is also a web page (polyglot)', () => {
		expect(sniff(f.PDF_HTML_POLYGLOT)).toEqual({ ok: false, reason: 'markup' });
	});

	it('refuses a JPEG carrying an SVG with script in its first bytes', () => {
		const poly = Buffer.concat([f.JPEG.subarray(0, 20), Buffer.from('<svg onload=alert(1)>'), f.JPEG.subarray(20)]);
		expect(sniff(poly)).toEqual({ ok: false, reason: 'markup' });
	});

	it('does not care what the file is called: the bytes decide', () => {
		// There is no name parameter at all: an executable renamed .pdf is still an executable.
		expect(sniff(f.EXE).ok).toBe(false);
		expect(sniff(f.pdf()).ok).toBe(true);
	});
});
