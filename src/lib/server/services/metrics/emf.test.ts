import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../../config';
import type { Executor } from '../../db/client';
import { EmfReporter, emfLine, startEmf, type EmfSources } from './emf';
import type { CircuitStatus } from './metrics';

/** Stands in for the executor of the outbox's count by status (as metrics.test.ts does). */
function sources(circuit: CircuitStatus | undefined, counts = { pending: 2, sending: 1, failed: 4 }): EmfSources {
	const db = {
		select: () => ({
			from: () => ({
				groupBy: async () => [
					{ status: 'pending', n: counts.pending, oldest: null },
					{ status: 'sending', n: counts.sending, oldest: null },
					{ status: 'failed', n: counts.failed, oldest: null },
					{ status: 'sent', n: 99, oldest: null }
				]
			})
		})
	} as unknown as Executor;
	return { db: () => db, circuit: () => circuit };
}

afterEach(() => {
	vi.useRealTimers();
});

describe('CloudWatch Embedded Metric Format', () => {
	it('writes one line of exactly the shape and names the alarms use', async () => {
		const lines: string[] = [];
		await new EmfReporter(sources('open'), { write: (l) => lines.push(l), now: () => 1_796_000_000_000 }).emit();
		expect(lines).toHaveLength(1);
		expect(lines[0]!.endsWith('\n')).toBe(true);
		expect(lines[0]!.trimEnd()).not.toContain('\n');
		expect(JSON.parse(lines[0]!)).toStrictEqual({
			_aws: {
				Timestamp: 1_796_000_000_000,
				CloudWatchMetrics: [
					{
						Namespace: 'ImeBooking',
						Dimensions: [['Service']],
						Metrics: [
							{ Name: 'OutboxBacklog', Unit: 'Count' },
							{ Name: 'OutboxFailed', Unit: 'Count' },
							{ Name: 'AcuityCircuitOpen', Unit: 'None' }
						]
					}
				]
			},
			Service: 'ime-booking',
			OutboxBacklog: 3,
			OutboxFailed: 4,
			AcuityCircuitOpen: 1
		});
	});

	it.each([
		['closed', 0],
		['half_open', 0],
		[undefined, 0],
		['open', 1]
	] as const)('AcuityCircuitOpen is %s → %i', async (circuit, open) => {
		const lines: string[] = [];
		await new EmfReporter(sources(circuit, { pending: 0, sending: 0, failed: 0 }), { write: (l) => lines.push(l) }).emit();
		expect(JSON.parse(lines[0]!)).toMatchObject({ OutboxBacklog: 0, OutboxFailed: 0, AcuityCircuitOpen: open });
	});

	it('emfLine keeps the key order CloudWatch examples show (_aws first)', () => {
		expect(emfLine({ OutboxBacklog: 1, OutboxFailed: 2, AcuityCircuitOpen: 0 }, 5)).toBe(
			'{"_aws":{"Timestamp":5,"CloudWatchMetrics":[{"Namespace":"ImeBooking","Dimensions":[["Service"]],"Metrics":[{"Name":"OutboxBacklog","Unit":"Count"},{"Name":"OutboxFailed","Unit":"Count"},{"Name":"AcuityCircuitOpen","Unit":"None"}]}]},"Service":"ime-booking","OutboxBacklog":1,"OutboxFailed":2,"AcuityCircuitOpen":0}\n'
		);
	});

	it('with METRICS_EMF=true: one line a minute until stopped', async () => {
		vi.useFakeTimers();
		const write = vi.fn();
		const reporter = startEmf(parseConfig({ METRICS_EMF: 'true' }).metrics.emf, sources('closed'), { write });
		expect(reporter).toBeDefined();
		await vi.advanceTimersByTimeAsync(59_999);
		expect(write).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(1);
		expect(write).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(2 * 60_000);
		expect(write).toHaveBeenCalledTimes(3);
		reporter!.stop();
		await vi.advanceTimersByTimeAsync(10 * 60_000);
		expect(write).toHaveBeenCalledTimes(3);
	});

	it('unset (or false): no reporter and nothing written, ever', async () => {
		vi.useFakeTimers();
		const write = vi.fn();
		const stdout = vi.spyOn(process.stdout, 'write');
		try {
			expect(parseConfig({}).metrics.emf).toBe(false);
			expect(startEmf(parseConfig({}).metrics.emf, sources('open'), { write })).toBeUndefined();
			expect(startEmf(parseConfig({ METRICS_EMF: 'false' }).metrics.emf, sources('open'))).toBeUndefined();
			await vi.advanceTimersByTimeAsync(10 * 60_000);
			expect(write).not.toHaveBeenCalled();
			expect(stdout.mock.calls.filter(([chunk]) => String(chunk).includes('"_aws"'))).toEqual([]);
		} finally {
			stdout.mockRestore();
		}
	});

	it('its timer does not keep the process alive', () => {
		const reporter = new EmfReporter(sources('closed'), { write: () => undefined });
		const timer = reporter.start();
		try {
			expect(timer.hasRef()).toBe(false);
		} finally {
			reporter.stop();
		}
	});

	it('writes to stdout by default, and nothing in a minute whose read fails', async () => {
		const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
		const errors: unknown[] = [];
		try {
			await new EmfReporter(sources('closed')).emit();
			const failing: EmfSources = {
				db: () => {
					throw new Error('database away');
				},
				circuit: () => undefined
			};
			await new EmfReporter(failing, { onError: (e) => errors.push(e) }).emit();
			const lines = stdout.mock.calls.map(([chunk]) => String(chunk)).filter((c) => c.includes('"_aws"'));
			expect(lines).toHaveLength(1);
			expect(JSON.parse(lines[0]!)).toMatchObject({ OutboxBacklog: 3, OutboxFailed: 4, AcuityCircuitOpen: 0 });
		} finally {
			stdout.mockRestore();
		}
		expect(errors).toEqual([new Error('database away')]);
	});
});
