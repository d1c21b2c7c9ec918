import { describe, expect, it } from 'vitest';
import { docx, zip } from '../../testing/files';
import { checkZipExpansion } from './zip-expansion';

const check = (b: Buffer) => checkZipExpansion(b, b.length);

describe('an office document’s expansion, read from its directory', () => {
	it('passes an ordinary document', () => {
		expect(check(docx())).toMatchObject({ ok: true, entries: 3 });
	});

	it('refuses one that claims to expand a thousandfold', () => {
		const bomb = zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': 'x' }, { uncompressedBytes: 400 * 1024 * 1024 });
		expect(check(bomb)).toEqual({ ok: false, reason: 'expands_too_far' });
	});

	it('refuses one with more parts than any document has', () => {
		const entries = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`p/${i}`, '']));
		expect(check(zip(entries))).toEqual({ ok: false, reason: 'too_many_entries' });
	});

	it('refuses a zip without its directory, and a zip64 one', () => {
		const whole = docx();
		expect(check(whole.subarray(0, whole.length - 22))).toEqual({ ok: false, reason: 'no_directory' });
		const z64 = Buffer.from(whole);
		z64.writeUInt16LE(0xffff, z64.length - 22 + 10);
		expect(check(z64)).toEqual({ ok: false, reason: 'zip64' });
	});

	it('reads only the tail it is given', () => {
		const whole = docx();
		expect(checkZipExpansion(whole.subarray(-300), whole.length)).toMatchObject({ ok: true });
	});
});
