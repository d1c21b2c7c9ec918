/**
 * The audit trail's filtered rows as CSV (default) or JSON, streamed in keyset batches, newest
 * first — the same filters and order as the viewer. The export itself is audited (with its
 * filters) before the first byte leaves. CSV cells are spreadsheet-safe; a cancelled download
 * stops the producer (see ../exports/csv).
 */
import { PassThrough } from 'node:stream';
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import type { AuditFilters } from '../../../schemas/audit';
import { spreadsheetCsv, streamExport, type StreamedExport } from '../exports/csv';
import { recordAudit } from './audit';
import { auditRows, auditWhere, type AuditRow } from './audit-query';

export type AuditExportFormat = 'csv' | 'json';

const COLUMNS = [
	'seq',
	'occurredAt',
	'action',
	'outcome',
	'actor',
	'actorEmail',
	'onBehalfOf',
	'onBehalfOfEmail',
	'resourceType',
	'resourceId',
	'ip',
	'requestId',
	'details',
	'hash'
] as const;

function record(r: AuditRow, people: Map<string, { email: string }>) {
	return {
		seq: r.seq,
		occurredAt: r.occurredAt.toISOString(),
		action: r.action,
		outcome: r.outcome,
		actor: r.actor,
		actorEmail: people.get(r.actor)?.email ?? null,
		onBehalfOf: r.onBehalfOf,
		onBehalfOfEmail: r.onBehalfOf ? (people.get(r.onBehalfOf)?.email ?? null) : null,
		resourceType: r.resourceType,
		resourceId: r.resourceId,
		ip: r.ip,
		requestId: r.requestId,
		details: r.details,
		hash: r.hash
	};
}

export interface AuditExport extends StreamedExport {
	filename: string;
	contentType: string;
}

/**
 * Records the export, then streams it. Admins only: the caller checks the role. `batchSize` is for
 * tests (small batches).
 */
export async function exportAuditTrail(
	app: App,
	who: Actor,
	filters: AuditFilters,
	format: AuditExportFormat,
	options: { batchSize?: number } = {}
): Promise<AuditExport> {
	const db = app.database.db;
	const where = await auditWhere(db, filters);
	await recordAudit(db, who, {
		action: 'audit.export',
		outcome: 'granted',
		resourceType: 'audit_log',
		details: { format, ...Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, v ?? null])) }
	});
	const batches = (async function* () {
		for await (const batch of auditRows(db, where, options.batchSize)) yield batch.rows.map((r) => record(r, batch.people));
	})();
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(new Date());
	const streamed =
		format === 'json'
			? streamExport(app.logger, 'audit export', new PassThrough(), batches, (r, i) => `${i === 0 ? '' : ','}\n${JSON.stringify(r)}`, {
					start: '[',
					end: '\n]\n'
				})
			: streamExport(
					app.logger,
					'audit export',
					spreadsheetCsv({ header: true, columns: [...COLUMNS], cast: { object: (v) => JSON.stringify(v) } }),
					batches,
					(r) => r
				);
	return {
		...streamed,
		filename: `audit-${day}.${format}`,
		contentType: format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8'
	};
}
