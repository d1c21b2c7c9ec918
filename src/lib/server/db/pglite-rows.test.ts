import { describe, expect, it } from 'vitest';
import { readExecuteAnswer, type Column } from './pglite-rows';

/** One backend message: its type byte, its length, its body. */
const message = (type: string, body: Buffer = Buffer.alloc(0)) => {
	const head = Buffer.alloc(5);
	head.write(type, 0, 'latin1');
	head.writeInt32BE(body.length + 4, 1);
	return Buffer.concat([head, body]);
};
const dataRow = (...values: (string | null)[]) => {
	const parts = [Buffer.from([values.length >> 8, values.length & 0xff])];
	for (const v of values) {
		const length = Buffer.alloc(4);
		length.writeInt32BE(v === null ? -1 : Buffer.byteLength(v), 0);
		parts.push(length, v === null ? Buffer.alloc(0) : Buffer.from(v));
	}
	return message('D', Buffer.concat(parts));
};
const complete = (tag: string) => message('C', Buffer.from(`${tag}\0`));
const ready = message('Z', Buffer.from('I'));
const columns: Column[] = [
	{ name: 'id', dataTypeID: 23, parse: (t) => Number(t) },
	{ name: 'name', dataTypeID: 25, parse: undefined }
];

describe('readExecuteAnswer', () => {
	it('reads rows, in object or array mode, with their command and count', () => {
		const data = Buffer.concat([message('2'), dataRow('1', 'Ann'), dataRow('2', null), complete('SELECT 2'), ready]);
		expect(readExecuteAnswer(data, columns, 'object')).toEqual({
			rows: [
				{ id: 1, name: 'Ann' },
				{ id: 2, name: null }
			],
			command: 'SELECT',
			affectedRows: 0,
			rowCount: 2
		});
		expect(readExecuteAnswer(data, columns, 'array')!.rows).toEqual([
			[1, 'Ann'],
			[2, null]
		]);
	});

	it('counts the rows a write affected from its tag', () => {
		const data = Buffer.concat([message('2'), message('n'), complete('INSERT 0 3'), ready]);
		expect(readExecuteAnswer(data, [], 'object')).toEqual({ rows: [], command: 'INSERT', affectedRows: 3, rowCount: 3 });
	});

	it('skips notices nobody asked for, and leaves them to PGlite when someone did', () => {
		const data = Buffer.concat([
			message('2'),
			message('N', Buffer.from('SNOTICE\0Mhi\0\0')),
			dataRow('1', 'x'),
			complete('SELECT 1'),
			ready
		]);
		expect(readExecuteAnswer(data, columns, 'object')!.rows).toEqual([{ id: 1, name: 'x' }]);
		expect(readExecuteAnswer(data, columns, 'object', { noticesWanted: true })).toBeNull();
	});

	it('leaves errors, other messages, rows of another shape and cut-off bytes to PGlite', () => {
		const error = message('E', Buffer.from('SERROR\0C23505\0Mduplicate\0\0'));
		expect(readExecuteAnswer(Buffer.concat([message('2'), error, ready]), columns, 'object')).toBeNull();
		expect(
			readExecuteAnswer(Buffer.concat([message('A', Buffer.from([0, 0, 0, 1, 0x63, 0, 0x70, 0])), ready]), columns, 'object')
		).toBeNull();
		expect(readExecuteAnswer(Buffer.concat([dataRow('1'), complete('SELECT 1')]), columns, 'object')).toBeNull();
		const whole = Buffer.concat([dataRow('1', 'Ann'), complete('SELECT 1'), ready]);
		expect(readExecuteAnswer(whole.subarray(0, whole.length - 3), columns, 'object')).toBeNull();
		expect(readExecuteAnswer(whole.subarray(0, 3), columns, 'object')).toBeNull();
	});

	it('answers no rows when no command completed', () => {
		expect(readExecuteAnswer(Buffer.concat([message('2'), dataRow('1', 'a'), message('s'), ready]), columns, 'array')).toEqual({
			rows: [],
			affectedRows: 0
		});
	});
});
