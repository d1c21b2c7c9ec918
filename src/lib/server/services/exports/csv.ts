/**
 * What the streamed exports (bookings CSV, audit trail CSV and JSON) share:
 * - cells a spreadsheet cannot read as a formula;
 * - records written from keyset batches with backpressure (the producer waits whenever the client
 *   reads slower than the database answers, so one batch is held in memory), and that stop as soon
 *   as the client cancels: a destroyed stream never drains, so the producer waits for `drain` OR
 *   `close`, then returns, which finalises the batch source and lets go of its batch.
 */
import type { Duplex } from 'node:stream';
import { stringify, type Options } from 'csv-stringify';
import type { Logger } from '../../logger';
import { toWebStream } from '../../web-stream';

/** Cells beginning with one of these are formulas to a spreadsheet (tab and CR too: some strip them). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A spreadsheet must not read a typed-in value as a formula: such a cell gets a leading quote. */
export function spreadsheetSafe(value: string): string {
	return FORMULA_START.test(value) ? `'${value}` : value;
}

/** csv-stringify with every string cell of every record passed through `spreadsheetSafe`. */
export function spreadsheetCsv(options: Options) {
	return stringify({ ...options, cast: { ...options.cast, string: (v, context) => (context.header ? v : spreadsheetSafe(v)) } });
}

export interface ExportOutcome {
	/** Records written to the stream. */
	records: number;
	/** Batches taken from the source. */
	batches: number;
	/** The stream was destroyed before the end (the client cancelled, or it failed). */
	cancelled: boolean;
}

export interface StreamedExport {
	body: ReadableStream<Uint8Array>;
	/** Settles once the producer has stopped and the batch source is finalised, whatever the ending. */
	finished: Promise<ExportOutcome>;
}

/**
 * Streams `batches` into `sink` (a csv-stringify, or a PassThrough for text), one record at a time
 * through `encode` (given the record's index in the whole export), with `frame.start` before the
 * first record and `frame.end` after the last; answers the sink as a web stream for a Response.
 * A failure is logged as "<what> failed" and ends the stream with an error.
 */
export function streamExport<T>(
	logger: Logger,
	what: string,
	sink: Duplex,
	batches: AsyncIterable<readonly T[]>,
	encode: (record: T, index: number) => unknown,
	frame: { start?: string; end?: string } = {}
): StreamedExport {
	const outcome: ExportOutcome = { records: 0, batches: 0, cancelled: false };
	const stopped = () => sink.destroyed || sink.writableEnded;
	/** Until the sink wants more, or is gone: a cancelled download is destroyed and never drains. */
	const room = () =>
		new Promise<void>((resolve) => {
			if (stopped()) return resolve();
			const done = () => {
				sink.off('drain', done);
				sink.off('close', done);
				resolve();
			};
			sink.once('drain', done);
			sink.once('close', done);
		});
	/** Writes one piece; false once the sink is gone. */
	const put = async (piece: unknown): Promise<boolean> => {
		if (stopped()) return false;
		if (!sink.write(piece)) await room();
		return !sink.destroyed;
	};
	const pump = async (): Promise<void> => {
		if (frame.start !== undefined && !(await put(frame.start))) return;
		// Returning from inside `for await` finalises the source: its batch is let go at once.
		for await (const batch of batches) {
			outcome.batches++;
			for (const record of batch) {
				if (stopped()) return;
				if (!(await put(encode(record, outcome.records++)))) return;
			}
			if (stopped()) return;
		}
		if (frame.end !== undefined && !(await put(frame.end))) return;
		sink.end();
	};
	const finished = pump()
		.catch((err: unknown) => {
			logger.error({ err: err instanceof Error ? err.message : String(err) }, `${what} failed`);
			sink.destroy(err instanceof Error ? err : new Error('export failed'));
		})
		.then(() => ({ ...outcome, cancelled: sink.destroyed && !sink.writableFinished }));
	return { body: toWebStream(sink), finished };
}

/** A keyset-paged list read page after page until it ends, each row once (the exports' source). */
export async function* keysetBatches<R>(
	page: (cursor: string | null) => Promise<{ rows: R[]; nextCursor: string | null }>
): AsyncGenerator<R[]> {
	let cursor: string | null = null;
	do {
		const next: { rows: R[]; nextCursor: string | null } = await page(cursor);
		yield next.rows;
		cursor = next.nextCursor;
	} while (cursor);
}
