/**
 * What both exports share: the spreadsheet-formula guard, and a producer that follows the reader
 * (backpressure) and stops — its batch source finalised — when the reader cancels.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger';
import { spreadsheetCsv, spreadsheetSafe, streamExport, type ExportOutcome } from './csv';

const logger = createLogger({ level: 'silent', pretty: false });

/** The promise's value, or 'still running' if it has not settled within `ms` (a hang detector, not a speed test). */
const settledWithin = <T>(p: Promise<T>, ms = 10_000) =>
	Promise.race([p, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms).unref())]);

/** Batches of records of about 1 kB, counting what was pulled and whether the source was finalised. */
function probeSource(batches: number, perBatch: number) {
	const state = { pulled: 0, finalised: false };
	async function* source() {
		try {
			for (let b = 0; b < batches; b++) {
				state.pulled++;
				yield Array.from({ length: perBatch }, (_, i) => ({ n: b * perBatch + i, pad: 'x'.repeat(1000) }));
			}
		} finally {
			state.finalised = true;
		}
	}
	return { state, source: source() };
}

describe('spreadsheetSafe', () => {
	it('makes a cell beginning with = + - @ tab or CR inert with a leading quote, and leaves others alone', () => {
		for (const v of ['=HYPERLINK("https://example.test","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])
			expect(spreadsheetSafe(v)).toBe(`'${v}`);
		for (const v of ['Zoë', 'CLM-1', '', ' =1', "'=1", '1-2']) expect(spreadsheetSafe(v)).toBe(v);
	});

	it('is applied to every string cell of a CSV, not to the header, numbers or objects', async () => {
		const csv = spreadsheetCsv({ header: true, columns: ['a', 'b', 'c'], cast: { object: (v) => JSON.stringify(v) } });
		const out = streamExport(
			logger,
			'probe',
			csv,
			(async function* () {
				yield [{ a: '=1+1', b: -5, c: { x: '=y' } }];
			})(),
			(r) => r
		);
		expect(await new Response(out.body).text()).toBe(`a,b,c\n'=1+1,-5,"{""x"":""=y""}"\n`);
	});
});

describe('streamExport', () => {
	it('streams every batch, with the frame, when read to the end', async () => {
		const { state, source } = probeSource(5, 3);
		const out = streamExport(logger, 'probe', new PassThrough(), source, (r, i) => `${i ? ',' : ''}${r.n}`, { start: '[', end: ']' });
		expect(await new Response(out.body).text()).toBe(`[${Array.from({ length: 15 }, (_, i) => i).join(',')}]`);
		expect(await out.finished).toEqual<ExportOutcome>({ records: 15, batches: 5, cancelled: false });
		expect(state).toEqual({ pulled: 5, finalised: true });
	});

	it('stops pulling batches and finalises the source when the reader cancels mid-stream', async () => {
		const { state, source } = probeSource(1000, 10);
		const out = streamExport(logger, 'probe', spreadsheetCsv({ header: true, columns: ['n', 'pad'] }), source, (r) => r);
		const reader = out.body.getReader();
		expect((await reader.read()).done).toBe(false);
		await reader.cancel();
		const outcome = await settledWithin(out.finished);
		expect(outcome).not.toBe('still running');
		expect(outcome).toMatchObject({ cancelled: true });
		expect(state.finalised).toBe(true);
		// Backpressure held the producer to what the buffers take: far from the 1000 batches there are.
		expect(state.pulled).toBeLessThan(20);
		const pulled = state.pulled;
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(state.pulled).toBe(pulled);
	});
});
