/**
 * Prometheus metrics (prom-client), one registry per App: requests by route id and status class,
 * Acuity calls by outcome and its circuit, the availability cache's reads, document bytes, the
 * outbox backlog (read from the database on each scrape) and the process's default metrics.
 * Labels are route ids and fixed words only: never a raw URL, an id or anything about a person.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Executor } from '../../db/client';
import { messageCountsByStatus } from '../../repositories/outbox.repository';

export type AcuityCallOutcome = 'ok' | 'refused' | 'busy' | 'unavailable' | 'error';
export type CircuitStatus = 'closed' | 'open' | 'half_open';

/** What a scrape reads from the running App (it may swap its scheduling service in tests). */
export interface MetricsSources {
	db: () => Executor;
	/** The availability cache's reads since start: fresh and stale are hits, loaded a miss. */
	availability: () => { fresh: number; stale: number; loaded: number };
	/** The Acuity circuit, or undefined with the built-in scheduler. */
	circuit: () => CircuitStatus | undefined;
}

const CIRCUIT_STATES: CircuitStatus[] = ['closed', 'open', 'half_open'];

/** A request's status as its class, e.g. 404 → "4xx". */
export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

export class Metrics {
	readonly registry = new Registry();
	private readonly requests: Counter<'method' | 'route' | 'status_class'>;
	private readonly duration: Histogram<'method' | 'route' | 'status_class'>;
	private readonly acuityCalls: Counter<'method' | 'outcome'>;
	private readonly documentBytes: Counter<'direction'>;

	constructor(sources: MetricsSources, options: { defaultMetrics?: boolean } = {}) {
		const registers = [this.registry];
		if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
		this.requests = new Counter({
			name: 'http_requests_total',
			help: 'HTTP requests answered, by method, SvelteKit route id and status class.',
			labelNames: ['method', 'route', 'status_class'],
			registers
		});
		this.duration = new Histogram({
			name: 'http_request_duration_seconds',
			help: 'Time to answer an HTTP request, by method, SvelteKit route id and status class.',
			labelNames: ['method', 'route', 'status_class'],
			buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
			registers
		});
		this.acuityCalls = new Counter({
			name: 'acuity_calls_total',
			help: 'Calls to Acuity (after retries), by HTTP method and outcome: ok, refused (4xx), busy (429), unavailable, error.',
			labelNames: ['method', 'outcome'],
			registers
		});
		this.documentBytes = new Counter({
			name: 'document_bytes_total',
			help: 'Document bytes stored by uploads and sent by downloads.',
			labelNames: ['direction'],
			registers
		});
		new Gauge({
			name: 'acuity_circuit_state',
			help: 'The Acuity circuit breaker: 1 for its current state (closed, open, half_open), else 0. Absent with the built-in scheduler.',
			labelNames: ['state'],
			registers,
			collect() {
				this.reset();
				const current = sources.circuit();
				if (current) for (const s of CIRCUIT_STATES) this.set({ state: s }, s === current ? 1 : 0);
			}
		});
		new Gauge({
			name: 'availability_cache_reads',
			help: 'Availability reads by this instance since it started: hit (fresh), stale (served stale) or miss (loaded upstream).',
			labelNames: ['result'],
			registers,
			collect() {
				const s = sources.availability();
				this.set({ result: 'hit' }, s.fresh);
				this.set({ result: 'stale' }, s.stale);
				this.set({ result: 'miss' }, s.loaded);
			}
		});
		new Gauge({
			name: 'outbox_messages',
			help: 'Outbox messages waiting (pending, including those being sent) and failed for good.',
			labelNames: ['status'],
			registers,
			async collect() {
				const counts = await outboxCounts(sources.db());
				this.set({ status: 'pending' }, counts.pending);
				this.set({ status: 'failed' }, counts.failed);
			}
		});
	}

	/** One answered request; `route` is the SvelteKit route id (null: no route matched). */
	recordRequest(method: string, route: string | null, status: number, seconds: number) {
		const labels = { method: knownMethod(method), route: route ?? 'unmatched', status_class: statusClass(status) };
		this.requests.inc(labels);
		this.duration.observe(labels, seconds);
	}

	recordAcuityCall(method: string, outcome: AcuityCallOutcome) {
		this.acuityCalls.inc({ method: knownMethod(method), outcome });
	}

	recordDocumentBytes(direction: 'upload' | 'download', bytes: number) {
		if (bytes > 0) this.documentBytes.inc({ direction }, bytes);
	}

	/** The exposition text and its content type. */
	async scrape(): Promise<{ body: string; contentType: string }> {
		return { body: await this.registry.metrics(), contentType: this.registry.contentType };
	}
}

/**
 * The outbox's backlog as /metrics and the CloudWatch line (emf.ts) both report it: messages waiting
 * (pending, including those being sent) and those failed for good.
 */
export async function outboxCounts(db: Executor): Promise<{ pending: number; failed: number }> {
	const rows = await messageCountsByStatus(db);
	const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
	return { pending: n('pending') + n('sending'), failed: n('failed') };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** A client chooses the method: anything unusual is one label, not a new series each. */
const knownMethod = (method: string) => (METHODS.has(method.toUpperCase()) ? method.toUpperCase() : 'OTHER');

/**
 * Whether an Authorization header carries `Bearer <token>`: both sides hashed first, so the
 * comparison takes the same time whatever the length or the first wrong character.
 */
export function bearerMatches(header: string | null, token: string): boolean {
	const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
	const digest = (v: string) => createHash('sha256').update(v).digest();
	return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}
