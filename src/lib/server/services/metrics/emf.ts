/**
 * CloudWatch metrics without an agent or an API call: with METRICS_EMF=true, once a minute, one line
 * in Embedded Metric Format on stdout, which CloudWatch Logs (the ECS awslogs driver) turns into
 * metrics. The names are fixed: the infrastructure's alarms use them (OutboxBacklog, OutboxFailed,
 * AcuityCircuitOpen in namespace ImeBooking, dimension Service=ime-booking). Counts only: no PHI.
 * Written with process.stdout.write, apart from the pino log lines, whose level filter must not hide it.
 */
import { outboxCounts, type MetricsSources } from './metrics';

export const EMF_NAMESPACE = 'ImeBooking';
export const EMF_SERVICE = 'ime-booking';
export const EMF_INTERVAL_MS = 60_000;

export interface EmfFigures {
	/** Outbox messages waiting to be sent (pending, including those being sent): /metrics' outbox_messages{status="pending"}. */
	OutboxBacklog: number;
	/** Outbox messages failed for good: outbox_messages{status="failed"}. */
	OutboxFailed: number;
	/** 1 while the Acuity circuit is open (half-open and closed: 0; the built-in scheduler: 0). */
	AcuityCircuitOpen: 0 | 1;
}

/** One EMF record, newline-terminated. */
export function emfLine(figures: EmfFigures, timestamp: number): string {
	return (
		JSON.stringify({
			_aws: {
				Timestamp: timestamp,
				CloudWatchMetrics: [
					{
						Namespace: EMF_NAMESPACE,
						Dimensions: [['Service']],
						Metrics: [
							{ Name: 'OutboxBacklog', Unit: 'Count' },
							{ Name: 'OutboxFailed', Unit: 'Count' },
							{ Name: 'AcuityCircuitOpen', Unit: 'None' }
						]
					}
				]
			},
			Service: EMF_SERVICE,
			OutboxBacklog: figures.OutboxBacklog,
			OutboxFailed: figures.OutboxFailed,
			AcuityCircuitOpen: figures.AcuityCircuitOpen
		}) + '\n'
	);
}

export type EmfSources = Pick<MetricsSources, 'db' | 'circuit'>;

export async function readEmfFigures(sources: EmfSources): Promise<EmfFigures> {
	const outbox = await outboxCounts(sources.db());
	return { OutboxBacklog: outbox.pending, OutboxFailed: outbox.failed, AcuityCircuitOpen: sources.circuit() === 'open' ? 1 : 0 };
}

export interface EmfOptions {
	write?: (line: string) => void;
	now?: () => number;
	/** A failed read (the database away): nothing is written that minute. */
	onError?: (err: unknown) => void;
}

export class EmfReporter {
	private timer: NodeJS.Timeout | undefined;
	private readonly write: (line: string) => void;

	constructor(
		private readonly sources: EmfSources,
		private readonly options: EmfOptions = {}
	) {
		this.write = options.write ?? ((line) => void process.stdout.write(line));
	}

	/** Reads the figures and writes one line. */
	async emit(): Promise<void> {
		try {
			const figures = await readEmfFigures(this.sources);
			this.write(emfLine(figures, (this.options.now ?? Date.now)()));
		} catch (err) {
			this.options.onError?.(err);
		}
	}

	/** Every interval from now on; the timer never keeps the process alive. */
	start(intervalMs = EMF_INTERVAL_MS): NodeJS.Timeout {
		this.stop();
		this.timer = setInterval(() => void this.emit(), intervalMs).unref();
		return this.timer;
	}

	stop() {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}
}

/** The app's reporter, started, when METRICS_EMF is on (and workers run); otherwise nothing at all. */
export function startEmf(enabled: boolean, sources: EmfSources, options: EmfOptions = {}): EmfReporter | undefined {
	if (!enabled) return undefined;
	const reporter = new EmfReporter(sources, options);
	reporter.start();
	return reporter;
}
