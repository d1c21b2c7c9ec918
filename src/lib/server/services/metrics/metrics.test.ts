import { describe, expect, it } from 'vitest';
import type { Executor } from '../../db/client';
import { bearerMatches, Metrics, statusClass, type CircuitStatus } from './metrics';

function metricsWith(circuit: CircuitStatus | undefined) {
	const stats = { fresh: 3, stale: 1, loaded: 2 };
	// Stands in for the executor of the outbox's count by status (the one query a scrape makes).
	const db = {
		select: () => ({
			from: () => ({
				groupBy: async () => [
					{ status: 'pending', n: 2, oldest: null },
					{ status: 'sending', n: 1, oldest: null },
					{ status: 'failed', n: 4, oldest: null }
				]
			})
		})
	} as unknown as Executor;
	return new Metrics({ db: () => db, availability: () => stats, circuit: () => circuit }, { defaultMetrics: false });
}

describe('metrics', () => {
	it('label requests by route id, method and status class', async () => {
		const m = metricsWith(undefined);
		m.recordRequest('get', '/api/bookings/[id=uuid]/documents', 201, 0.02);
		m.recordRequest('BREW', null, 404, 0.001);
		const text = await m.registry.getSingleMetricAsString('http_requests_total');
		expect(text).toContain('http_requests_total{method="GET",route="/api/bookings/[id=uuid]/documents",status_class="2xx"} 1');
		expect(text).toContain('http_requests_total{method="OTHER",route="unmatched",status_class="4xx"} 1');
		const histogram = await m.registry.getSingleMetricAsString('http_request_duration_seconds');
		expect(histogram).toContain(
			'http_request_duration_seconds_count{method="GET",route="/api/bookings/[id=uuid]/documents",status_class="2xx"} 1'
		);
	});

	it('count Acuity calls, document bytes, and show the circuit and cache reads', async () => {
		const m = metricsWith('half_open');
		m.recordAcuityCall('GET', 'ok');
		m.recordAcuityCall('GET', 'ok');
		m.recordAcuityCall('POST', 'busy');
		m.recordDocumentBytes('upload', 1000);
		m.recordDocumentBytes('download', 250);
		m.recordDocumentBytes('download', 250);
		const text = await m.registry.metrics();
		expect(text).toContain('acuity_calls_total{method="GET",outcome="ok"} 2');
		expect(text).toContain('acuity_calls_total{method="POST",outcome="busy"} 1');
		expect(text).toContain('document_bytes_total{direction="upload"} 1000');
		expect(text).toContain('document_bytes_total{direction="download"} 500');
		expect(text).toContain('acuity_circuit_state{state="half_open"} 1');
		expect(text).toContain('acuity_circuit_state{state="closed"} 0');
		expect(text).toContain('availability_cache_reads{result="hit"} 3');
		expect(text).toContain('availability_cache_reads{result="miss"} 2');
		expect(text).toContain('outbox_messages{status="pending"} 3');
		expect(text).toContain('outbox_messages{status="failed"} 4');
		expect(text).not.toContain('process_cpu_seconds_total');
	});

	it('show no circuit with the built-in scheduler', async () => {
		const text = await metricsWith(undefined).registry.getSingleMetricAsString('acuity_circuit_state');
		expect(text).not.toContain('state=');
	});

	it('keep each App its own registry', async () => {
		const a = metricsWith(undefined);
		const b = metricsWith(undefined);
		a.recordRequest('GET', '/', 200, 0.01);
		expect(await b.registry.getSingleMetricAsString('http_requests_total')).not.toContain('route="/"');
	});

	it('take a status class and check a bearer token', () => {
		expect([200, 302, 404, 503].map(statusClass)).toEqual(['2xx', '3xx', '4xx', '5xx']);
		const token = 'a-long-metrics-token-0123';
		expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
		expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
		expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
		expect(bearerMatches(`Basic ${token}`, token)).toBe(false);
		expect(bearerMatches(token, token)).toBe(false);
		expect(bearerMatches(null, token)).toBe(false);
		expect(bearerMatches('Bearer ', token)).toBe(false);
	});
});
