/**
 * The backend's answer to one run of a prepared statement (Bind, Execute, Sync), read straight from
 * its bytes into rows. PGlite's own protocol parser copies every field into an ArrayBuffer of its own
 * before decoding it, then builds message objects that `parseResults` walks again, looking up each
 * value's parser by type; on a page of bookings that was most of PGlite's JavaScript time. Here each
 * field is decoded from the one buffer and parsed by its column's parser, found once per run.
 *
 * Only the messages such an answer is made of are read: BindComplete, DataRow, CommandComplete,
 * NoData, PortalSuspended, ReadyForQuery, and notices (which nobody listens to here). Anything else
 * (an error, a notification, a notice someone asked for) answers `null`, and the caller hands the
 * bytes to PGlite's parser, which makes of them exactly what PGlite would.
 */

/** One result column: its name, type and the parser its values go through (none: kept as text). */
export interface Column {
	name: string;
	dataTypeID: number;
	parse: ((text: string, typeId: number) => unknown) | undefined;
}

export interface ExecuteAnswer {
	rows: unknown[];
	/** The command tag's first word (SELECT, INSERT, …); absent when no command completed. */
	command?: string;
	/** Rows written, as PGlite counts them (INSERT, UPDATE, DELETE, COPY, MERGE). */
	affectedRows: number;
	/** The command tag's row count. */
	rowCount?: number;
}

const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);

export function readExecuteAnswer(
	data: Buffer,
	columns: readonly Column[],
	rowMode: 'array' | 'object',
	options: { noticesWanted?: boolean } = {}
): ExecuteAnswer | null {
	const rows: unknown[] = [];
	let answer: ExecuteAnswer | null = null;
	let at = 0;
	while (at < data.length) {
		if (at + 5 > data.length) return null;
		const type = data[at]!;
		const end = at + 1 + data.readInt32BE(at + 1);
		if (end > data.length) return null;
		let p = at + 5;
		switch (type) {
			case 0x44 /* D: DataRow */: {
				const count = data.readInt16BE(p);
				p += 2;
				if (count !== columns.length) return null;
				const row: unknown[] | Record<string, unknown> = rowMode === 'array' ? new Array<unknown>(count) : {};
				for (let i = 0; i < count; i++) {
					const length = data.readInt32BE(p);
					p += 4;
					let value: unknown = null;
					if (length >= 0) {
						const c = columns[i]!;
						const text = data.toString('utf8', p, p + length);
						p += length;
						value = c.parse ? c.parse(text, c.dataTypeID) : text;
					}
					if (rowMode === 'array') (row as unknown[])[i] = value;
					else if (columns[i]!.name === '__proto__')
						Object.defineProperty(row, '__proto__', { value, enumerable: true, writable: true, configurable: true });
					else (row as Record<string, unknown>)[columns[i]!.name] = value;
				}
				rows.push(row);
				break;
			}
			case 0x43 /* C: CommandComplete */: {
				const tag = data.toString('utf8', p, end - 1);
				const words = tag.split(' ');
				const command = words[0]!;
				const n = parseInt(words[words.length - 1]!, 10);
				answer = { rows, command, affectedRows: WRITES.has(command) && !Number.isNaN(n) ? n : 0 };
				if (!Number.isNaN(n)) answer.rowCount = n;
				break;
			}
			case 0x4e /* N: NoticeResponse */:
				if (options.noticesWanted) return null;
				break;
			case 0x32 /* 2: BindComplete */:
			case 0x6e /* n: NoData */:
			case 0x73 /* s: PortalSuspended */:
			case 0x5a /* Z: ReadyForQuery */:
				break;
			default:
				return null;
		}
		at = end;
	}
	return answer ?? { rows: [], affectedRows: 0 };
}
